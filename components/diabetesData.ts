import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as storage from "@pulumi/azure-native/storage";

/** The data assets the hack materials reference verbatim (docs/hack-contract.md). */
export const DIABETES_ASSETS = [
    { asset: "diabetes_data_oh4ml", file: "diabetes_data.csv", rows: 442 },
    { asset: "diabetes_data_oh4ml_350records", file: "diabetes_data_350.csv", rows: 350 },
] as const;

/** Bump when a CSV changes: data versions are immutable in Azure ML. */
export const DIABETES_DATA_VERSION = "1";

export const DATA_DIR = path.join(__dirname, "..", "data");

export interface DiabetesDataArgs {
    /** Subscription GUID of the workspace: part of the data assets' `azureml://` URIs. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Resource group of the workspace and the storage account. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure ML workspace that gets the datastore and the data assets. */
    readonly workspaceName: pulumi.Input<string>;
    /** Storage account (the workspace's own) that holds the CSV files; its first key is handed to the datastore. */
    readonly storageAccountName: pulumi.Input<string>;
    /** Blob container created for the files: 3-63 lowercase letters, digits and `-`. No default. */
    readonly containerName: string;
    /** Datastore name: lowercase letters, digits and `_`, unique in the workspace. No default. */
    readonly datastoreName: string;
}

/**
 * The diabetes CSVs in a private container of the team's storage account, an Azure ML datastore
 * on that container, and the two `uri_file` data assets the notebooks load by name.
 */
export class DiabetesData extends pulumi.ComponentResource {
    public readonly datastoreName: pulumi.Output<string>;
    /** Asset name -> `azureml:<name>:<version>`. */
    public readonly assets: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DiabetesDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:ml:DiabetesData", name, {}, opts);

        const container = new storage.BlobContainer(
            `${name}-container`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: args.storageAccountName,
                containerName: args.containerName,
                publicAccess: "None",
            },
            { parent: this },
        );

        const blobs = DIABETES_ASSETS.map(
            ({ file }) =>
                new storage.Blob(
                    `${name}-${file.replace(/\.csv$/, "").replace(/_/g, "-")}`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        accountName: args.storageAccountName,
                        containerName: container.name,
                        blobName: file,
                        type: "Block",
                        contentType: "text/csv",
                        source: new pulumi.asset.FileAsset(path.join(DATA_DIR, file)),
                    },
                    { parent: this },
                ),
        );

        // The account key is read at deployment time and stays secret: it is handed to Azure ML,
        // which keeps it in the workspace key vault, never to a stack output.
        const accountKey = storage
            .listStorageAccountKeysOutput(
                { resourceGroupName: args.resourceGroupName, accountName: args.storageAccountName },
                { parent: this },
            )
            .apply((result) => result.keys[0].value);

        const datastore = new machinelearningservices.Datastore(
            `${name}-datastore`,
            {
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                name: args.datastoreName,
                properties: {
                    datastoreType: "AzureBlob",
                    accountName: args.storageAccountName,
                    containerName: container.name,
                    protocol: "https",
                    description: "Diabetes data set of OpenHack for MLOps",
                    credentials: {
                        credentialsType: "AccountKey",
                        secrets: { secretsType: "AccountKey", key: pulumi.secret(accountKey) },
                    },
                },
            },
            { parent: this },
        );

        const versions = DIABETES_ASSETS.map(({ asset, file, rows }, i) => {
            const dataUri = pulumi.interpolate`azureml://subscriptions/${args.subscriptionId}/resourcegroups/${args.resourceGroupName}/workspaces/${args.workspaceName}/datastores/${datastore.name}/paths/${file}`;
            // Azure ML refuses to delete data containers and versions (archive only); the workspace
            // deletion takes them along, so the stack just forgets them.
            const dataContainer = new machinelearningservices.DataContainer(
                `${name}-${asset}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    workspaceName: args.workspaceName,
                    name: asset,
                    properties: {
                        dataType: "uri_file",
                        description: `Diabetes data, ${rows} rows`,
                    },
                },
                { parent: this, retainOnDelete: true },
            );
            return new machinelearningservices.DataVersion(
                `${name}-${asset}-v${DIABETES_DATA_VERSION}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    workspaceName: args.workspaceName,
                    name: dataContainer.name,
                    version: DIABETES_DATA_VERSION,
                    properties: {
                        dataType: "uri_file",
                        dataUri,
                        description: `${file} (${rows} rows)`,
                    },
                },
                { parent: this, retainOnDelete: true, dependsOn: [blobs[i]] },
            );
        });

        this.datastoreName = datastore.name;
        // A data version's own resource name is its version ("1"), so the asset names come from the contract.
        this.assets = pulumi
            .all(versions.map((v) => v.id))
            .apply(() =>
                Object.fromEntries(
                    DIABETES_ASSETS.map(({ asset }) => [
                        asset,
                        `azureml:${asset}:${DIABETES_DATA_VERSION}`,
                    ]),
                ),
            );
        this.registerOutputs({ datastoreName: this.datastoreName, assets: this.assets });
    }
}
