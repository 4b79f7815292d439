import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";

export interface TeamRepositoryArgs {
    readonly repositoryName: string;
    readonly description: string;
    readonly visibility: "private" | "public" | "internal";
    /** `owner/name` of a template repository, or "" for an empty repository. */
    readonly template: string;
    /** Keep the team's work as an archived repository when the stack is destroyed. */
    readonly archiveOnDestroy: boolean;
    /** GitHub logins and the access each gets (members push, environment reviewers pull). */
    readonly collaborators: readonly {
        readonly login: string;
        readonly permission: "pull" | "triage" | "push";
    }[];
    /** Repository secrets: the values are made secret here whatever the caller passes. */
    readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
    /** Actions variables: names, not credentials. */
    readonly variables: Readonly<Record<string, pulumi.Input<string>>>;
    /** The deployment environment, or undefined where the owner's plan has none (private repositories on Free). */
    readonly environment?: string;
    /** GitHub logins whose approval the environment requires; empty for no approval gate. */
    readonly reviewers: readonly string[];
}

/** GitHub's rule for secret and variable names. */
export const ACTIONS_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The team repository with its collaborators, the Actions secrets and variables the hack's
 * workflows read, and the `production` environment (optionally behind required reviewers).
 * Every GitHub resource goes through the provider passed in `opts.providers`, so the owner is explicit.
 */
export class TeamRepository extends pulumi.ComponentResource {
    public readonly fullName: pulumi.Output<string>;
    public readonly htmlUrl: pulumi.Output<string>;
    public readonly name: pulumi.Output<string>;
    /** GitHub's numeric id of the repository, for the immutable OIDC subject. */
    public readonly repoId: pulumi.Output<number>;
    /** Names of the Actions secrets and variables set here (never values): what a handout lists. */
    public readonly secretNames: readonly string[];
    public readonly variableNames: readonly string[];

    constructor(name: string, args: TeamRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:github:TeamRepository", name, {}, opts);
        for (const key of [...Object.keys(args.secrets), ...Object.keys(args.variables)]) {
            if (!ACTIONS_NAME.test(key))
                throw new Error(
                    `TeamRepository ${name}: ${JSON.stringify(key)} is not a valid Actions secret or variable name`,
                );
        }

        const [templateOwner, templateRepo] = args.template === "" ? [] : args.template.split("/");
        const repository = new github.Repository(
            `${name}-repo`,
            {
                name: args.repositoryName,
                description: args.description,
                visibility: args.visibility,
                template:
                    templateOwner && templateRepo
                        ? { owner: templateOwner, repository: templateRepo }
                        : undefined,
                // A first commit gives `main` a head, so the environment and OIDC subjects work at once.
                autoInit: args.template === "",
                hasIssues: true,
                hasWiki: false,
                archiveOnDestroy: args.archiveOnDestroy,
                deleteBranchOnMerge: true,
            },
            { parent: this },
        );

        // Dependabot alerts as their own resource: Repository's `vulnerabilityAlerts` input is
        // deprecated in @pulumi/github 6.x and will be removed. `deletedWith`: at teardown the
        // repository is archived (or deleted), so turning alerts off first would only cost a GitHub
        // write, leave the archive without alerts, and can be refused where the organization
        // enforces a security configuration.
        new github.RepositoryVulnerabilityAlerts(
            `${name}-vulnerability-alerts`,
            { repository: repository.name, enabled: true },
            { parent: this, deletedWith: repository },
        );

        const collaborators = args.collaborators.map(
            ({ login, permission }) =>
                // Outside collaborators receive an invitation that expires after 7 days.
                new github.RepositoryCollaborator(
                    `${name}-collaborator-${login.toLowerCase()}`,
                    { repository: repository.name, username: login, permission },
                    { parent: this },
                ),
        );

        for (const [secretName, value] of Object.entries(args.secrets)) {
            new github.ActionsSecret(
                `${name}-secret-${secretName.toLowerCase()}`,
                { repository: repository.name, secretName, value: pulumi.secret(value) },
                { parent: this, additionalSecretOutputs: ["value"] },
            );
        }

        for (const [variableName, value] of Object.entries(args.variables)) {
            new github.ActionsVariable(
                `${name}-variable-${variableName.toLowerCase()}`,
                { repository: repository.name, variableName, value },
                { parent: this },
            );
        }

        if (args.environment !== undefined) {
            const reviewerIds = args.reviewers.map((login) =>
                github
                    .getUserOutput({ username: login }, { parent: this })
                    .apply((user) => Number(user.id)),
            );
            const environment = new github.RepositoryEnvironment(
                `${name}-environment`,
                {
                    repository: repository.name,
                    environment: args.environment,
                    reviewers: reviewerIds.length > 0 ? [{ users: reviewerIds }] : undefined,
                    preventSelfReview: reviewerIds.length > 0 ? true : undefined,
                    deploymentBranchPolicy: {
                        protectedBranches: false,
                        customBranchPolicies: true,
                    },
                },
                // Reviewers must have access to the repository before GitHub accepts them.
                { parent: this, dependsOn: collaborators },
            );
            new github.RepositoryEnvironmentDeploymentPolicy(
                `${name}-environment-main-only`,
                // Only `main` may deploy to production: the OIDC subject of the environment then implies main.
                {
                    repository: repository.name,
                    environment: environment.environment,
                    branchPattern: "main",
                },
                { parent: this },
            );
        }

        this.fullName = repository.fullName;
        this.htmlUrl = repository.htmlUrl;
        this.name = repository.name;
        this.repoId = repository.repoId;
        this.secretNames = Object.keys(args.secrets);
        this.variableNames = Object.keys(args.variables);
        this.registerOutputs({
            fullName: this.fullName,
            htmlUrl: this.htmlUrl,
            name: this.name,
            repoId: this.repoId,
        });
    }
}
