/**
 * The identity check itself, over the worked example of docs/changing-live-stacks.md: a rename
 * without an alias fails with what it does to live stacks; with aliases it passes, the aliases are
 * pinned, and dropping them later fails again.
 */
import * as pulumi from "@pulumi/pulumi";
import { IdentityRecorder, type ResourceIdentity } from "../../offline/identity";
import { ExampleRepository, type ExampleVersion } from "./aliasExample";
import { identityProblems, pinFileOf } from "./pins";

const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({
        id: `${args.name}-id`,
        state: args.inputs as Record<string, unknown>,
    }),
    call: () => {
        throw new Error("the example makes no invoke");
    },
};

async function identitiesOf(version: ExampleVersion): Promise<ResourceIdentity[]> {
    await pulumi.runtime.setMocks(mocks, "openhack-mlops", "dev", false);
    const recorder = new IdentityRecorder("openhack-mlops", "dev");
    new ExampleRepository("team01-github", version, { transformations: [recorder.transformation] });
    await pulumi.runtime.disconnect();
    return recorder.identities();
}

const P = "urn:pulumi:dev::openhack-mlops::";

test("the recorder builds the engine's URNs: the whole chain of parent types, then the name", async () => {
    const ids = await identitiesOf("deployed");
    expect(ids.map((id) => id.urn)).toEqual([
        `${P}openhack:example:Repository::team01-github`,
        `${P}openhack:example:Repository$github:index/repository:Repository::team01-github-repo`,
        `${P}openhack:example:Repository$github:index/repositoryEnvironment:RepositoryEnvironment::team01-github-environment`,
    ]);
    expect(ids.map((id) => id.parentUrn)).toEqual([undefined, ids[0].urn, ids[0].urn]);
    expect(ids.flatMap((id) => id.aliases)).toEqual([]);
});

test("a rename without an alias fails, saying that live resources would be deleted and how to keep them", async () => {
    const pins = pinFileOf("example", "dev", await identitiesOf("deployed"));
    const problems = identityProblems(
        "example",
        pins,
        await identitiesOf("renamed-without-aliases"),
    );
    const text = problems.join("\n");
    // The component, its repository and its environment: three live resources lost.
    expect(problems.filter((p) => p.includes("is no longer registered"))).toHaveLength(3);
    expect(text).toContain("`pulumi up` would DELETE the live resource and CREATE a new one");
    expect(text).toContain(
        'aliases: [{ name: `${name}-environment` (here "team01-github-environment") }]',
    );
    expect(text).toContain("docs/changing-live-stacks.md#keep-a-resource-through-a-rename-aliases");
});

test("the same rename with aliases keeps every identity; once re-pinned, dropping an alias fails", async () => {
    const deployed = pinFileOf("example", "dev", await identitiesOf("deployed"));
    const renamed = await identitiesOf("renamed-with-aliases");
    // Every deployed URN is answered, through the component's type alias (inherited by its children)
    // or the environment's name alias.
    const answered = new Set(renamed.flatMap((id) => [id.urn, ...id.aliases]));
    expect(Object.keys(deployed.resources).filter((urn) => !answered.has(urn))).toEqual([]);
    const problems = identityProblems("example", deployed, renamed);
    expect(problems).toHaveLength(3);
    for (const p of problems)
        expect(p).toContain("through an alias: live stacks keep the resource");

    const repinned = pinFileOf("example", "dev", renamed);
    expect(identityProblems("example", repinned, renamed)).toEqual([]);
    expect(
        repinned.resources[
            `${P}openhack:github:ExampleRepository$github:index/repositoryEnvironment:RepositoryEnvironment::team01-github-env`
        ],
    ).toContain(
        `${P}openhack:example:Repository$github:index/repositoryEnvironment:RepositoryEnvironment::team01-github-environment`,
    );
    const dropped = identityProblems(
        "example",
        repinned,
        await identitiesOf("renamed-without-aliases"),
    );
    expect(dropped.join("\n")).toContain("This was an alias of");
});
