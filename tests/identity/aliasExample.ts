/**
 * The worked example of docs/changing-live-stacks.md, in three versions of one component:
 * 1. as first deployed; 2. the environment renamed (`-environment` to `-env`) and the component's
 * type token changed, each kept by an alias; 3. the same rename without the aliases (the mistake).
 * tests/identity/aliases.test.ts runs the identity check over them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";

export type ExampleVersion = "deployed" | "renamed-with-aliases" | "renamed-without-aliases";

export class ExampleRepository extends pulumi.ComponentResource {
    constructor(name: string, version: ExampleVersion, opts: pulumi.ComponentResourceOptions = {}) {
        const renamed = version !== "deployed";
        const keep = version === "renamed-with-aliases";
        super(
            renamed ? "openhack:github:ExampleRepository" : "openhack:example:Repository",
            name,
            {},
            // The old type token: every child's identity follows its parent's, aliases included.
            keep ? { ...opts, aliases: [{ type: "openhack:example:Repository" }] } : opts,
        );
        const repository = new github.Repository(
            `${name}-repo`,
            { name: "example", visibility: "private" },
            { parent: this },
        );
        new github.RepositoryEnvironment(
            renamed ? `${name}-env` : `${name}-environment`,
            { repository: repository.name, environment: "production" },
            // The old logical name, written the way the component builds it.
            keep ? { parent: this, aliases: [{ name: `${name}-environment` }] } : { parent: this },
        );
        this.registerOutputs({});
    }
}
