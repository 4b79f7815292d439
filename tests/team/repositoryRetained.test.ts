/**
 * The team repository is left by `pulumi destroy` (retainOnDelete) and ended by the teardown's purge,
 * so the provider's `archiveOnDestroy`, read only by its Delete, is not set at all; ignoreChanges
 * keeps what stacks deployed earlier recorded, so dropping it costs no update (no GitHub write).
 */
import * as pulumi from "@pulumi/pulumi";
import { TeamRepository } from "../../components/teamRepository";
import { MockCloud } from "../../offline/mockCloud";

test("the repository: retained on delete, no dead archiveOnDestroy input, earlier stacks' value ignored", async () => {
    const seen: { type: string; props: Record<string, unknown>; opts: pulumi.ResourceOptions }[] =
        [];
    await pulumi.runtime.setMocks(new MockCloud(), "openhack-mlops", "dev", false);
    const repository = new TeamRepository(
        "team01-github",
        {
            owner: "contoso-hack",
            repositoryName: "oh4mltest-team01",
            defaultBranch: "main",
            description: "d",
            visibility: "private",
            template: "",
            collaborators: [],
            secrets: {},
            variables: {},
            reviewers: [],
        },
        {
            transformations: [
                (a) => {
                    seen.push({ type: a.type, props: a.props, opts: a.opts });
                    return undefined;
                },
            ],
        },
    );
    await new Promise((resolve) => repository.urn.apply(resolve));
    const repo = seen.filter((s) => s.type === "github:index/repository:Repository");
    expect(repo).toHaveLength(1);
    expect(repo[0].props.archiveOnDestroy).toBeUndefined();
    expect(repo[0].opts.retainOnDelete).toBe(true);
    expect(repo[0].opts.ignoreChanges).toEqual(["archiveOnDestroy"]);
});
