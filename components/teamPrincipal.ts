import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as azuread from "@pulumi/azuread";
import { roleDefinitionId } from "./roles";

export interface TeamPrincipalArgs {
    /** Display name of the Entra application, e.g. `openhack-<event>-<team>`. */
    readonly displayName: pulumi.Input<string>;
    /** Tag on the application and service principal tying them to the stack (stacks/entraTag.ts). */
    readonly stackTag: string;
    /** Subscription GUID the Contributor role definition is read from. */
    readonly subscriptionId: pulumi.Input<string>;
    /** The team resource group: the only scope the principal gets a role on. */
    readonly resourceGroupId: pulumi.Input<string>;
    /**
     * End of the client secret's validity, RFC 3339 UTC (`2030-07-05T23:59:59Z`): a few days after
     * the event, at most the event's lifetime cap after creation (stacks/credentialLifetime.ts).
     * Read at creation only: it depends on the day of the first `up`, and a change would replace
     * the secret (every input of an application password forces a new one) on every later `up`.
     */
    readonly secretEndDate: string;
}

/**
 * The team's own Entra application and service principal (one per team: a shared app would hit
 * the limit of 20 federated credentials), Contributor on the team resource group only.
 * The client secret serves `AZURE_CREDENTIALS`, which the hack's workflows use verbatim; the
 * federated credentials (GithubOidcTrust) let a team move to OIDC without any secret.
 */
export class TeamPrincipal extends pulumi.ComponentResource {
    public readonly clientId: pulumi.Output<string>;
    /** Object id of the application, for its federated credentials. */
    public readonly applicationId: pulumi.Output<string>;
    public readonly principalId: pulumi.Output<string>;
    /** Secret. */
    public readonly clientSecret: pulumi.Output<string>;
    /** When the client secret ends, as the password holds it (fixed at creation). */
    public readonly clientSecretEndDate: pulumi.Output<string>;

    constructor(name: string, args: TeamPrincipalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:identity:TeamPrincipal", name, {}, opts);

        // The deployer owns what it creates, so a principal limited to Application.ReadWrite.OwnedBy
        // (or a later organizer run) can still update and delete it.
        const deployer = azuread.getClientConfigOutput({ parent: this }).objectId;
        const app = new azuread.Application(
            `${name}-app`,
            {
                displayName: args.displayName,
                signInAudience: "AzureADMyOrg",
                owners: [deployer],
                tags: [args.stackTag],
            },
            { parent: this },
        );
        const principal = new azuread.ServicePrincipal(
            `${name}-sp`,
            { clientId: app.clientId, owners: [deployer], tags: [args.stackTag] },
            { parent: this },
        );

        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            {
                applicationId: app.id,
                displayName: "GitHub Actions AZURE_CREDENTIALS",
                endDate: args.secretEndDate,
            },
            { parent: this, additionalSecretOutputs: ["value"], ignoreChanges: ["endDate"] },
        );

        // principalType avoids PrincipalNotFound while the new principal replicates in Entra.
        new authorization.RoleAssignment(
            `${name}-contributor`,
            {
                principalId: principal.objectId,
                principalType: "ServicePrincipal",
                roleDefinitionId: pulumi
                    .output(args.subscriptionId)
                    .apply((sub) => roleDefinitionId(sub, "Contributor")),
                scope: args.resourceGroupId,
                description: "OpenHack team workflows: Contributor on the team resource group only",
            },
            { parent: this },
        );

        this.clientId = app.clientId;
        this.applicationId = app.id;
        this.principalId = principal.objectId;
        this.clientSecret = pulumi.secret(password.value);
        this.clientSecretEndDate = password.endDate;
        this.registerOutputs({
            clientId: this.clientId,
            applicationId: this.applicationId,
            principalId: this.principalId,
        });
    }
}
