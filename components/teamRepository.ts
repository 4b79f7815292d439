import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { requireMatch } from "./argChecks";

export interface TeamRepositoryArgs {
    /** Login of the owner (the provider's `owner`), for reading who has access. */
    readonly owner: string;
    /** Repository name under the provider's owner: up to 100 of `A-Za-z0-9_.-`. */
    readonly repositoryName: string;
    /** One line shown on GitHub. */
    readonly description: string;
    /** `internal` exists only on Enterprise plans. */
    readonly visibility: "private" | "public" | "internal";
    /** `owner/name` of a template repository, or "" for an empty repository. */
    readonly template: string;
    /** GitHub logins and the access each gets (members push, environment reviewers pull). */
    readonly collaborators: readonly {
        readonly login: string;
        readonly permission: "pull" | "triage" | "push";
    }[];
    /** Repository secrets: the values are made secret here whatever the caller passes. */
    readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
    /** Actions variables: names, not credentials. */
    readonly variables: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * The default branch, made so explicitly: the OIDC subjects and the environment's branch policy
     * name it, and a new repository's first branch otherwise follows the owner's setting.
     */
    readonly defaultBranch: string;
    /** The deployment environment, or undefined where the owner's plan has none (private repositories on Free). */
    readonly environment?: string;
    /**
     * GitHub logins whose approval the environment requires (at most 6); empty for no approval gate.
     * Only those who have access when `up` runs are set (see the environment below).
     */
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
        for (const [field, names] of [
            ["secrets", Object.keys(args.secrets)],
            ["variables", Object.keys(args.variables)],
        ] as const) {
            for (const key of names)
                requireMatch(
                    this,
                    `${field}.${key}`,
                    key,
                    ACTIONS_NAME,
                    "must be an Actions name: letters, digits and _, not starting with a digit or GITHUB_",
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
                // A first commit gives the default branch a head, so the environment and OIDC subjects work at once.
                autoInit: args.template === "",
                hasIssues: true,
                hasWiki: false,
                deleteBranchOnMerge: true,
            },
            // `pulumi destroy` leaves the repository to the teardown's purge, which archives it (or
            // deletes it, per the roster's github.archiveOnDestroy / --delete-repos) last: a team's
            // teardown request is answered on this repository first, and an archived repository
            // takes no comment (event/requests/, event/teardown/purge.ts finishRepository).
            // So the provider's `archiveOnDestroy` is not set: it is read only by the provider's
            // Delete (resource_github_repository.go line 1033, terraform-provider-github v6.13.0),
            // which retainOnDelete never calls. `ignoreChanges` keeps the value stacks deployed
            // earlier recorded: dropping it would be a diff, and the provider's Update always
            // PATCHes the repository (line 961), one GitHub write per team for nothing.
            { parent: this, retainOnDelete: true, ignoreChanges: ["archiveOnDestroy"] },
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

        // The first branch of a new repository is named by the owner's default-branch setting (or the
        // template's), which need not be `main`. Rename it where it differs, set it where it agrees
        // (renaming a branch to its own name is not a rename). `deletedWith`: nothing to undo at teardown.
        new github.BranchDefault(
            `${name}-default-branch`,
            {
                repository: repository.name,
                branch: args.defaultBranch,
                rename: repository.defaultBranch.apply((first) => first !== args.defaultBranch),
            },
            { parent: this, deletedWith: repository },
        );

        const collaborators = args.collaborators.map(
            ({ login, permission }) =>
                // Outside collaborators receive an invitation that expires after 7 days.
                new github.RepositoryCollaborator(
                    `${name}-collaborator-${login.toLowerCase()}`,
                    { repository: repository.name, username: login, permission },
                    // Kept when the repository goes with the stack, so the team keeps read access to
                    // its archived work; removed as usual when a member leaves the roster.
                    // Delete first: the provider deletes a collaborator's pending invitation by
                    // looking it up by login (resource_github_repository_collaborator.go,
                    // findRepoInvitation), so deleting after the re-invitation would withdraw the new
                    // one. The driver's re-invitation is a targeted replace, for which the engine
                    // asks no provider's Diff (pulumi/pulumi step_generator.go): only this option counts.
                    { parent: this, deletedWith: repository, deleteBeforeReplace: true },
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
            // GitHub keeps only reviewers who have access to the repository, and a collaborator whose
            // invitation is still pending has none: asking for them is refused or silently dropped,
            // so the environment would differ from its inputs after every refresh and be rewritten on
            // every `up` (a flap that never settles). Reading who has access now and asking only for
            // them never fights GitHub: a reviewer joins the gate at the first `up` after accepting.
            const gate =
                args.reviewers.length === 0
                    ? undefined
                    : github
                          .getCollaboratorsOutput(
                              { owner: args.owner, repository: repository.name },
                              { parent: this, dependsOn: collaborators },
                          )
                          .collaborators.apply((list) => {
                              const ids = args.reviewers.flatMap((login) =>
                                  list
                                      .filter((c) => c.login.toLowerCase() === login.toLowerCase())
                                      .map((c) => c.id),
                              );
                              return ids.length > 0
                                  ? { reviewers: [{ users: ids }], preventSelfReview: true }
                                  : { reviewers: [], preventSelfReview: undefined };
                          });
            const environment = new github.RepositoryEnvironment(
                `${name}-environment`,
                {
                    repository: repository.name,
                    environment: args.environment,
                    reviewers: gate?.reviewers,
                    preventSelfReview: gate?.preventSelfReview,
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
                // Only the default branch may deploy to production: the environment's OIDC subject then implies it.
                {
                    repository: repository.name,
                    environment: environment.environment,
                    branchPattern: args.defaultBranch,
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
