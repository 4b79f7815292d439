/**
 * What a team stack writes to GitHub, as pure functions of the validated config: shared by the
 * team program (which creates exactly this) and the event driver (which paces team starts to
 * GitHub's limit of about 80 content-creating requests a minute per token).
 */
import type { EventConfig, TeamConfig } from "./schema";
import { environmentApplies, reviewersApply } from "./validate";

/** Repository secrets the hack's workflows read (docs/hack-contract.md) plus the OIDC values. */
export const REPOSITORY_SECRETS = [
    "AZURE_CREDENTIALS",
    "AZURE_RESOURCE_GROUP_NAME",
    "AZURE_ML_WORKSPACE_NAME",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_SUBSCRIPTION_ID",
] as const;

/** Actions variables: every name a workflow needs, none of them a credential. */
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

/** GitHub objects a team stack creates: repository, its alerts and default branch, collaborators, secrets, variables, environment. */
export function githubObjectCount(event: EventConfig, team: TeamConfig): number {
    const environment = environmentApplies(event) ? 2 : 0; // the environment and its branch policy
    return (
        3 + // the repository, its vulnerability alerts setting and its default branch
        repositoryCollaborators(event, team).length +
        REPOSITORY_SECRETS.length +
        REPOSITORY_VARIABLES.length +
        environment
    );
}
