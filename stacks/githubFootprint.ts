/**
 * What a team stack writes to GitHub, as pure functions of the validated config: shared by the
 * team program (which creates exactly this) and the event driver (which paces team starts to
 * GitHub's limit of 80 content-creating requests a minute per token by the writes counted here).
 */
import type { EventConfig, TeamConfig } from "./schema";
import { environmentApplies, reviewersApply } from "./githubPlan";
import { DEFAULT_BRANCH } from "./names";

/** Repository secrets the hack's workflows read verbatim (docs/hack-contract.md, challenge 6): always set. */
export const REQUIRED_SECRETS = [
    "AZURE_CREDENTIALS",
    "AZURE_RESOURCE_GROUP_NAME",
    "AZURE_ML_WORKSPACE_NAME",
] as const;

/** What `azure/login` with OIDC reads instead of AZURE_CREDENTIALS: opt-in (`github.extras.oidcSecrets`). */
export const OIDC_SECRETS = [
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_SUBSCRIPTION_ID",
] as const;

export const REPOSITORY_SECRETS = [...REQUIRED_SECRETS, ...OIDC_SECRETS] as const;

/** Actions variables, none of them a credential: opt-in (`github.extras.variables`); the hack's materials do not read them. */
export const REPOSITORY_VARIABLES = [
    "AZURE_LOCATION",
    "AZURE_RESOURCE_GROUP_NAME",
    "AZURE_ML_WORKSPACE_NAME",
    "AML_COMPUTE_CLUSTER",
    "AML_ENDPOINT_NAME",
    "AML_DATASTORE",
    "AML_DATA_ASSET",
    "AML_DATA_ASSET_350",
] as const;

export type RepositorySecret = (typeof REPOSITORY_SECRETS)[number];
export type RepositoryVariable = (typeof REPOSITORY_VARIABLES)[number];

export interface Collaborator {
    readonly login: string;
    readonly permission: "pull" | "push";
}

/** Reviewers of the production environment where GitHub accepts them, else none. */
export function environmentReviewers(event: EventConfig): readonly string[] {
    return environmentApplies(event) && reviewersApply(event) ? event.github.reviewers : [];
}

/** Members push; environment reviewers who are not members get read access, which GitHub requires of them. */
export function repositoryCollaborators(event: EventConfig, team: TeamConfig): Collaborator[] {
    const members = team.members.map((m) => m.github);
    const memberKeys = new Set(members.map((m) => m.toLowerCase()));
    return [
        ...members.map((login) => ({ login, permission: "push" as const })),
        ...environmentReviewers(event)
            .filter((login) => !memberKeys.has(login.toLowerCase()))
            .map((login) => ({ login, permission: "pull" as const })),
    ];
}

/** The repository secrets this event sets: the hack's three, plus the OIDC ones when asked for. */
export function repositorySecretNames(event: EventConfig): readonly RepositorySecret[] {
    return event.github.extras.oidcSecrets ? REPOSITORY_SECRETS : REQUIRED_SECRETS;
}

/** The Actions variables this event sets: all of them when asked for, else none. */
export function repositoryVariableNames(event: EventConfig): readonly RepositoryVariable[] {
    return event.github.extras.variables ? REPOSITORY_VARIABLES : [];
}

/** Keeps the entries of `all` named in `names`: the program builds every value, the event decides which are set. */
export function pick<K extends string, V>(
    all: Readonly<Record<K, V>>,
    names: readonly K[],
): Record<string, V> {
    return Object.fromEntries(names.map((n) => [n, all[n]]));
}

/*
 * What the github provider really sends to create each object (integrations/terraform-provider-github
 * tag v6.13.0, commit 20728bb, github/: the provider @pulumi/github 6.15.0 wraps, the `upstream`
 * submodule of pulumi/pulumi-github at its tag v6.15.0; every line cited here is the same there as
 * at the later b6ce8c0 first read). A write is what its legacy client paces: any request but
 * GET, HEAD and OPTIONS (transport.go, `isWriteMethod`); GitHub counts the same requests against its
 * 80 a minute and 500 an hour per token.
 */

/**
 * The repository: three writes. resource_github_repository.go, `resourceGithubRepositoryCreate`:
 * POST (`Repositories.Create`, line 758/761, or `CreateFromTemplate` for a template, line 689), then
 * it returns `resourceGithubRepositoryUpdate` (line 785), which always PATCHes (`Repositories.Edit`,
 * line 961) and PATCHes again for the visibility (lines 1011-1016), since the visibility of a new
 * resource counts as changed (`d.HasChanges("visibility", "private")`, nothing in its state yet).
 * No topics, pages or `vulnerability_alerts` set here, so none of their writes (lines 769-783, 1000).
 */
export const REPOSITORY_WRITES = 3;

/**
 * Dependabot alerts: one PUT (resource_github_repository_vulnerability_alerts.go, create: a GET of the
 * repository, then `EnableVulnerabilityAlerts`).
 */
export const VULNERABILITY_ALERTS_WRITES = 1;

/**
 * The branch a new team repository starts with, as counted: GitHub names the first branch of an
 * empty repository after the owner's default-branch setting, `main` unless the owner changed it
 * (GitHub's default since 2020-10-01), and a template's copy after the template's default branch.
 */
export const EXPECTED_FIRST_BRANCH = "main";

/**
 * The default branch: a GET of the repository, then a write only where its first branch differs
 * (resource_github_branch_default.go, `resourceGithubBranchDefaultCreate`, line 138: `RenameBranch`,
 * line 141, with `rename`, as the program sets it; line 164 "skipping update" otherwise).
 */
export function defaultBranchWrites(firstBranch: string): number {
    return firstBranch === DEFAULT_BRANCH ? 0 : 1;
}

/**
 * One write each: a collaborator (`AddCollaborator`, a PUT), a secret (`CreateOrUpdateRepoSecret`, a
 * PUT after a GET of the public key), a variable (`CreateRepoVariable`, a POST), the environment
 * (`CreateUpdateEnvironment`, a PUT) and its branch policy (`CreateDeploymentBranchPolicy`, a POST).
 */
export const WRITES_PER_OBJECT = 1;

/** Writes the provider sends to create one object of this Pulumi type (github:index/...). */
export function createWritesOf(type: string): number {
    switch (type) {
        case "github:index/repository:Repository":
            return REPOSITORY_WRITES;
        case "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts":
            return VULNERABILITY_ALERTS_WRITES;
        case "github:index/branchDefault:BranchDefault":
            return defaultBranchWrites(EXPECTED_FIRST_BRANCH);
        default:
            return WRITES_PER_OBJECT;
    }
}

/** The writes of one team stack's `up` on a new team, by what they create: what the pacing counts. */
export function githubWrites(event: EventConfig, team: TeamConfig) {
    return {
        repository: REPOSITORY_WRITES,
        vulnerabilityAlerts: VULNERABILITY_ALERTS_WRITES,
        defaultBranch: defaultBranchWrites(EXPECTED_FIRST_BRANCH),
        collaborators: repositoryCollaborators(event, team).length * WRITES_PER_OBJECT,
        secrets: repositorySecretNames(event).length * WRITES_PER_OBJECT,
        variables: repositoryVariableNames(event).length * WRITES_PER_OBJECT,
        // The environment and its branch policy.
        environment: (environmentApplies(event) ? 2 : 0) * WRITES_PER_OBJECT,
    };
}

/** GitHub writes a team stack makes when it creates its objects (see `githubWrites`). */
export function githubWriteCount(event: EventConfig, team: TeamConfig): number {
    return Object.values(githubWrites(event, team)).reduce((sum, n) => sum + n, 0);
}
