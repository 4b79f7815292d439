import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as azuread from "@pulumi/azuread";
import { roleDefinitionId } from "./roles";

export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "api://AzureADTokenExchange";

export interface TeamIdentityArgs {
    readonly displayName: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    /** The team resource group: the only scope the principal gets a role on. */
    readonly resourceGroupId: pulumi.Input<string>;
    /** `owner/name` of the team repository, for the federated credential subjects. */
    readonly repositoryFullName: pulumi.Input<string>;
    readonly productionEnvironment: string;
    /** RFC 3339 end of the client secret's validity. */
    readonly secretEndDate: string;
}

/** Subjects GitHub Actions presents for the main branch, the production environment and pull requests. */
export function federatedSubjects(repositoryFullName: string, environment: string): Record<string, string> {
    return {
        main: `repo:${repositoryFullName}:ref:refs/heads/main`,
        [environment]: `repo:${repositoryFullName}:environment:${environment}`,
        "pull-request": `repo:${repositoryFullName}:pull_request`,
    };
}

/**
 * The team's own Entra application and service principal (one per team: a shared app would hit
 * the limit of 20 federated credentials), Contributor on the team resource group only.
 * The client secret serves `AZURE_CREDENTIALS`, which the hack's workflows use verbatim; the
 * federated credentials let a team move to OIDC without any secret.
 */
export class TeamIdentity extends pulumi.ComponentResource {
    public readonly clientId: pulumi.Output<string>;
    public readonly principalId: pulumi.Output<string>;
    /** Secret. */
    public readonly clientSecret: pulumi.Output<string>;

    constructor(name: string, args: TeamIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:identity:TeamIdentity", name, {}, opts);

        // The deployer owns what it creates, so a principal limited to Application.ReadWrite.OwnedBy
        // (or a later organizer run) can still update and delete it.
        const deployer = azuread.getClientConfigOutput({ parent: this }).objectId;
        const app = new azuread.Application(`${name}-app`, { displayName: args.displayName, signInAudience: "AzureADMyOrg", owners: [deployer] }, { parent: this });
        const principal = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners: [deployer] }, { parent: this });

        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            { applicationId: app.id, displayName: "GitHub Actions AZURE_CREDENTIALS", endDate: args.secretEndDate },
            { parent: this, additionalSecretOutputs: ["value"] },
        );

        const subjects = pulumi.output(args.repositoryFullName).apply((repo) => federatedSubjects(repo, args.productionEnvironment));
        for (const key of ["main", args.productionEnvironment, "pull-request"]) {
            new azuread.ApplicationFederatedIdentityCredential(
                `${name}-github-${key}`,
                {
                    applicationId: app.id,
                    displayName: `github-${key}`,
                    description: `GitHub Actions OIDC: ${key}`,
                    issuer: GITHUB_OIDC_ISSUER,
                    audiences: [GITHUB_OIDC_AUDIENCE],
                    subject: subjects.apply((s) => s[key]),
                },
                { parent: this },
            );
        }

        // principalType avoids PrincipalNotFound while the new principal replicates in Entra.
        new authorization.RoleAssignment(
            `${name}-contributor`,
            {
                principalId: principal.objectId,
                principalType: "ServicePrincipal",
                roleDefinitionId: pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, "Contributor")),
                scope: args.resourceGroupId,
                description: "OpenHack team workflows: Contributor on the team resource group only",
            },
            { parent: this },
        );

        this.clientId = app.clientId;
        this.principalId = principal.objectId;
        this.clientSecret = pulumi.secret(password.value);
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
    }
}
