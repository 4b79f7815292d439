/**
 * Renewing an expired GitHub invitation (issue 20, item 1). The event driver replaces the
 * collaborators of expired invitations by URN (event/automation.ts, `collaboratorUrns` passed as
 * `replace`). For such a targeted replace the engine asks no provider's Diff, so only the program's
 * `deleteBeforeReplace` option decides the order (tests/helpers/replaceSteps.ts cites the lines).
 *
 * Why the order matters: the provider's delete of a collaborator looks the pending invitation up by
 * login (integrations/terraform-provider-github, github/resource_github_repository_collaborator.go,
 * `resourceGithubRepositoryCollaboratorDelete` calls `findRepoInvitation(meta, ctx, owner,
 * repoNameWithoutOwner, username)` and deletes what it finds). Created first, the new invitation is
 * the one GitHub lists for that login when the old collaborator is deleted: the member ends with none.
 */
import { simulateTeamStack } from "../../offline/simulate";
import { replaceSteps } from "../helpers/replaceSteps";
import { validSample } from "../helpers/fixtures";

const COLLABORATOR = "github:index/repositoryCollaborator:RepositoryCollaborator";

test("the model follows the engine: a targeted replace ignores the provider's delete-before-replace", () => {
    expect(
        replaceSteps({ targeted: true, providerDeleteBeforeReplace: true, option: undefined }),
    ).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(
        replaceSteps({ targeted: false, providerDeleteBeforeReplace: true, option: undefined }),
    ).toEqual(["delete-replaced", "replace", "create-replacement"]);
});

test("re-inviting a member deletes the expired invitation before the new one is sent", async () => {
    const sample = validSample(3, {
        github: {
            owner: "contoso-hack",
            visibility: "public",
            reviewers: ["coach-a"],
            extras: { oidcSecrets: false, variables: false, environment: true },
        },
    });
    const sim = await simulateTeamStack(sample);
    const collaborators = sim.graph.filter((n) => n.type === COLLABORATOR);
    // Every member and the outside reviewer: each one can hold an invitation that expires.
    expect(collaborators.map((n) => n.name).sort()).toEqual(
        ["coach-a", "member0", "member1", "member2"]
            .map((m) => `team01-github-collaborator-${m}`)
            .sort(),
    );
    for (const node of collaborators) {
        // What the engine does for `up --replace <urn>` (the driver's re-invitation).
        const steps = replaceSteps({
            targeted: true,
            providerDeleteBeforeReplace: true,
            option: node.deleteBeforeReplace,
        });
        expect({ name: node.name, first: steps[0] }).toEqual({
            name: node.name,
            first: "delete-replaced",
        });
    }
});
