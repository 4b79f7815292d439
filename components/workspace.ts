import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as storage from "@pulumi/azure-native/storage";
import type { TeamNames } from "../stacks/names";
import { requireIntegerInRange } from "./argChecks";

export interface WorkspaceArgs {
    /** Resource group of the workspace and every dependency. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure region, e.g. `japaneast`. */
    readonly location: pulumi.Input<string>;
    /** Entra tenant GUID of the key vault. */
    readonly tenantId: pulumi.Input<string>;
    /** Tags of every resource (event, team, endsOn, managed-by). */
    readonly tags: Readonly<Record<string, string>>;
    /** Azure names of the workspace and its dependencies (stacks/names.ts; rules in docs/azure-facts.md). */
    readonly names: pulumi.Input<
        Pick<
            TeamNames,
            | "logAnalytics"
            | "appInsights"
            | "storageAccount"
            | "keyVault"
            | "containerRegistry"
            | "workspace"
        >
    >;
    /** Shown in Azure ML studio. */
    readonly friendlyName: string;
    /** Days a deleted blob or container stays recoverable, 1-365. Defaults to 7. */
    readonly blobSoftDeleteDays?: number;
}

/**
 * An Azure ML workspace with the dependencies it is wired to, each created here rather than by
 * AML, so that every one of them is hardened: an ACR that AML creates by itself has its admin user
 * on, and a key vault it creates uses access policies instead of RBAC.
 */
export class Workspace extends pulumi.ComponentResource {
    public readonly workspaceName: pulumi.Output<string>;
    public readonly workspaceId: pulumi.Output<string>;
    public readonly storageAccountName: pulumi.Output<string>;
    public readonly storageAccountId: pulumi.Output<string>;

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:ml:Workspace", name, {}, opts);
        const softDeleteDays = args.blobSoftDeleteDays ?? 7;
        requireIntegerInRange(this, "blobSoftDeleteDays", softDeleteDays, {
            min: 1,
            max: 365,
            unit: "days",
        });
        const names = pulumi.output(args.names);
        const common = {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            tags: args.tags,
        };

        const logs = new operationalinsights.Workspace(
            `${name}-logs`,
            {
                ...common,
                workspaceName: names.logAnalytics,
                sku: { name: "PerGB2018" },
                retentionInDays: 30,
            },
            { parent: this },
        );

        // Workspace-based: classic App Insights is retired, and the policy pack requires the binding.
        const insights = new applicationinsights.Component(
            `${name}-insights`,
            {
                ...common,
                resourceName: names.appInsights,
                kind: "web",
                applicationType: "web",
                workspaceResourceId: logs.id,
                ingestionMode: "LogAnalytics",
            },
            { parent: this },
        );

        // Shared-key access stays on: AML's system datastores and blob uploads use account keys
        // (identity-only datastores break a first compute instance with StorageMountError).
        const account = new storage.StorageAccount(
            `${name}-storage`,
            {
                ...common,
                accountName: names.storageAccount,
                kind: "StorageV2",
                sku: { name: "Standard_LRS" },
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: "TLS1_2",
                allowBlobPublicAccess: false,
                allowCrossTenantReplication: false,
                allowSharedKeyAccess: true,
            },
            { parent: this },
        );

        // A blob-service PUT replaces its CORS rules: declare the ones Azure ML studio needs (upload,
        // data preview), which AML would otherwise add itself and this resource would wipe.
        const blobService = new storage.BlobServiceProperties(
            `${name}-blob-service`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: account.name,
                blobServicesName: "default",
                deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
                containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
                cors: {
                    corsRules: [
                        {
                            allowedOrigins: [
                                "https://mlworkspace.azure.ai",
                                "https://ml.azure.com",
                                "https://*.ml.azure.com",
                                "https://ai.azure.com",
                                "https://*.ai.azure.com",
                            ],
                            allowedMethods: [
                                "GET",
                                "HEAD",
                                "POST",
                                "PUT",
                                "DELETE",
                                "OPTIONS",
                                "PATCH",
                            ],
                            allowedHeaders: ["*"],
                            exposedHeaders: ["*"],
                            maxAgeInSeconds: 1800,
                        },
                    ],
                },
            },
            { parent: this },
        );

        // Never purge protection: it cannot be turned off, blocks purging and keeps the name for
        // 90 days, so a torn-down team could not be re-created (docs/azure-facts.md, "Resource notes").
        const vault = new keyvault.Vault(
            `${name}-vault`,
            {
                ...common,
                vaultName: names.keyVault,
                properties: {
                    tenantId: args.tenantId,
                    sku: { family: "A", name: "standard" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: 7,
                },
            },
            { parent: this },
        );

        const registry = new containerregistry.Registry(
            `${name}-registry`,
            {
                ...common,
                registryName: names.containerRegistry,
                sku: { name: "Basic" },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
            },
            { parent: this },
        );

        // System-assigned identity: AML grants itself the roles it needs on storage, vault and
        // registry; declaring them again here would fail with 409 RoleAssignmentExists.
        const workspace = new machinelearningservices.Workspace(
            `${name}-workspace`,
            {
                ...common,
                workspaceName: names.workspace,
                friendlyName: args.friendlyName,
                identity: { type: "SystemAssigned" },
                sku: { name: "Basic", tier: "Basic" },
                storageAccount: account.id,
                keyVault: vault.id,
                applicationInsights: insights.id,
                containerRegistry: registry.id,
                publicNetworkAccess: "Enabled",
            },
            { parent: this, dependsOn: [blobService] },
        );

        this.workspaceName = workspace.name;
        this.workspaceId = workspace.id;
        this.storageAccountName = account.name;
        this.storageAccountId = account.id;
        this.registerOutputs({
            workspaceName: this.workspaceName,
            workspaceId: this.workspaceId,
            storageAccountName: this.storageAccountName,
            storageAccountId: this.storageAccountId,
        });
    }
}
