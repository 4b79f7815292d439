import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { requireMatch } from "./argChecks";

export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "api://AzureADTokenExchange";
/** Federated identity credentials Entra allows on one application. */
export const FEDERATED_CREDENTIAL_LIMIT = 20;

export interface RepositoryIdentity {
    readonly owner: string;
    readonly ownerId: string;
    readonly name: string;
    readonly id: string;
}

/**
 * Subjects GitHub Actions presents for the main branch, the production environment and (only when
 * asked) pull requests, in both forms: `repo:owner/name` and the immutable
 * `repo:owner@ownerId/name@repoId`, which repositories created after mid-2026 use by default
 * (docs/azure-facts.md, "Entra ID").
 */
export function federatedSubjects(
    repo: RepositoryIdentity,
    environment: string,
    branch = "main",
    pullRequests = false,
): Record<string, string> {
    // The key stays `main` whatever the branch: it names the credentials (their logical names).
    const claims: Record<string, string> = {
        main: `ref:refs/heads/${branch}`,
        [environment]: `environment:${environment}`,
        // Any pull request's workflow presents this subject: trusting it passes around the
        // main-only, reviewer-gated environment, hence an opt-in (github.extras.pullRequestOidc).
        ...(pullRequests ? { "pull-request": "pull_request" } : {}),
    };
    const subjects: Record<string, string> = {};
    for (const [key, claim] of Object.entries(claims)) {
        subjects[key] = `repo:${repo.owner}/${repo.name}:${claim}`;
        subjects[`${key}-immutable`] =
            `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}:${claim}`;
    }
    return subjects;
}

export interface GithubOidcTrustArgs {
    /** Object id (`Application.id`) of the team application. */
    readonly applicationId: pulumi.Input<string>;
    /**
     * The repository as GitHub names it: `owner` spelt as GitHub returns the login (subjects are
     * compared exactly), the owner's and the repository's numeric ids for the immutable form.
     */
    readonly repository: pulumi.Input<RepositoryIdentity>;
    /** Deployment environment whose subject is trusted, e.g. `production`. Required, non-empty. */
    readonly environment: string;
    /** Branch whose pushes are trusted: the repository's default branch. Defaults to `main`. */
    readonly branch?: string;
    /** Trust workflows of pull requests too (`github.extras.pullRequestOidc`). Default false. */
    readonly pullRequests?: boolean;
}

/**
 * Federated credentials that let the team repository's workflows sign in as the team principal
 * without a secret. Four per team, six with pull requests (limit: 20 per application). Created
 * after the repository, because the immutable subject form needs its numeric id.
 */
export class GithubOidcTrust extends pulumi.ComponentResource {
    constructor(name: string, args: GithubOidcTrustArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:identity:GithubOidcTrust", name, {}, opts);
        requireMatch(this, "environment", args.environment, /\S/, "must not be empty");
        const pullRequests = args.pullRequests ?? false;
        const subjects = pulumi
            .output(args.repository)
            .apply((repo) => federatedSubjects(repo, args.environment, args.branch, pullRequests));
        const keys = Object.keys(
            federatedSubjects(
                { owner: "o", ownerId: "1", name: "r", id: "1" },
                args.environment,
                args.branch,
                pullRequests,
            ),
        );
        if (keys.length > FEDERATED_CREDENTIAL_LIMIT)
            throw new Error(
                `${name}: ${keys.length} federated credentials, more than Entra's ${FEDERATED_CREDENTIAL_LIMIT} per application`,
            );
        for (const key of keys) {
            new azuread.ApplicationFederatedIdentityCredential(
                `${name}-${key}`,
                {
                    applicationId: args.applicationId,
                    displayName: `github-${key}`,
                    description: `GitHub Actions OIDC: ${key}`,
                    issuer: GITHUB_OIDC_ISSUER,
                    audiences: [GITHUB_OIDC_AUDIENCE],
                    subject: subjects.apply((s) => s[key]),
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
