/**
 * What a team stack writes to GitHub, as pure functions of the validated config: shared by the
 * team program (which creates exactly this) and the event driver (which paces team starts to
 * GitHub's limit of about 80 content-creating requests a minute per token).
 */
import type { EventConfig, TeamConfig } from "./schema";
import { environmentApplies, reviewersApply } from "./githubPlan";

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

/** GitHub objects a team stack creates: repository, its alerts and default branch, collaborators, secrets, variables, environment. */
export function githubObjectCount(event: EventConfig, team: TeamConfig): number {
    const environment = environmentApplies(event) ? 2 : 0; // the environment and its branch policy
    return (
        3 + // the repository, its vulnerability alerts setting and its default branch
        repositoryCollaborators(event, team).length +
        repositorySecretNames(event).length +
        repositoryVariableNames(event).length +
        environment
    );
}
