/**
 * The hack contract (docs/hack-contract.md): names and sizes the team materials use
 * verbatim, and the secrets the workflows read. Expected values are copied from the contract.
 */
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { at, one, ofType } from "../helpers/inventory";
import { validSample } from "../helpers/fixtures";

let sim: Simulation;
beforeAll(async () => {
    sim = await simulateTeamStack(validSample(3));
});

test("data assets diabetes_data_oh4ml (442 rows file) and diabetes_data_oh4ml_350records (350 rows file), uri_file v1", () => {
    const versions = ofType(sim.resources, "azure-native:machinelearningservices:DataVersion");
    const byName: Record<string, Record<string, unknown>> = Object.fromEntries(
        versions.map((v) => [String(v.inputs.name), v.inputs]),
    );
    expect(Object.keys(byName).sort()).toEqual([
        "diabetes_data_oh4ml",
        "diabetes_data_oh4ml_350records",
    ]);
    for (const [, inputs] of Object.entries(byName)) {
        expect(inputs.version).toBe("1");
        expect(at(inputs, "properties.dataType")).toBe("uri_file");
    }
    const ws = one(sim.resources, "azure-native:machinelearningservices:Workspace");
    const ds = one(sim.resources, "azure-native:machinelearningservices:Datastore");
    const prefix = `azureml://subscriptions/${sim.cloud.subscriptionId}/resourcegroups/rg-oh4mltest-team01/workspaces/${String(ws.inputs.workspaceName)}/datastores/${String(ds.inputs.name)}/paths/`;
    expect(at(byName.diabetes_data_oh4ml, "properties.dataUri")).toBe(`${prefix}diabetes_data.csv`);
    expect(at(byName.diabetes_data_oh4ml_350records, "properties.dataUri")).toBe(
        `${prefix}diabetes_data_350.csv`,
    );
    expect(sim.outputs.dataAssets).toEqual({
        diabetes_data_oh4ml: "azureml:diabetes_data_oh4ml:1",
        diabetes_data_oh4ml_350records: "azureml:diabetes_data_oh4ml_350records:1",
    });
});

test("both CSVs are uploaded as text/csv blobs into the datastore's private container", () => {
    const container = one(sim.resources, "azure-native:storage:BlobContainer");
    const blobs = ofType(sim.resources, "azure-native:storage:Blob");
    expect(blobs.map((b) => b.inputs.blobName).sort()).toEqual([
        "diabetes_data.csv",
        "diabetes_data_350.csv",
    ]);
    for (const b of blobs) {
        expect(b.inputs).toMatchObject({
            contentType: "text/csv",
            containerName: container.inputs.containerName,
        });
    }
    const ds = one(sim.resources, "azure-native:machinelearningservices:Datastore");
    expect(ds.inputs.properties).toMatchObject({
        datastoreType: "AzureBlob",
        containerName: container.inputs.containerName,
        credentials: { credentialsType: "AccountKey" },
    });
});

test("compute cluster demo-cpucluster1 on Standard_D2_v2", () => {
    const cluster = ofType(sim.resources, "azure-native:machinelearningservices:Compute").find(
        (c) => at(c.inputs, "properties.computeType") === "AmlCompute",
    );
    expect(cluster?.inputs.computeName).toBe("demo-cpucluster1");
    expect(at(cluster?.inputs, "properties.properties.vmSize")).toBe("Standard_D2_v2");
    expect(sim.outputs.computeCluster).toBe("demo-cpucluster1");
});

test("repository secrets: exactly AZURE_CREDENTIALS, AZURE_RESOURCE_GROUP_NAME, AZURE_ML_WORKSPACE_NAME by default", () => {
    const secrets = Object.fromEntries(
        ofType(sim.resources, "github:index/actionsSecret:ActionsSecret").map(
            (s): [string, unknown] => [String(s.inputs.secretName), s.inputs.value],
        ),
    );
    expect(Object.keys(secrets).sort()).toEqual([
        "AZURE_CREDENTIALS",
        "AZURE_ML_WORKSPACE_NAME",
        "AZURE_RESOURCE_GROUP_NAME",
    ]);
    expect(secrets.AZURE_RESOURCE_GROUP_NAME).toBe(sim.outputs.resourceGroup);
    expect(secrets.AZURE_ML_WORKSPACE_NAME).toBe(sim.outputs.workspace);
    // Variables and the environment are opt-in extras: the hack's materials do not read them.
    expect(ofType(sim.resources, "github:index/actionsVariable:ActionsVariable")).toEqual([]);
    expect(
        ofType(sim.resources, "github:index/repositoryEnvironment:RepositoryEnvironment"),
    ).toEqual([]);
});

describe("with every GitHub extra", () => {
    let extra: Simulation;
    beforeAll(async () => {
        extra = await simulateTeamStack(
            validSample(3, {
                github: {
                    owner: "contoso-hack",
                    extras: { oidcSecrets: true, variables: true, environment: true },
                    plan: "team",
                },
            }),
        );
    });

    test("the OIDC values join the three secrets", () => {
        const secrets = Object.fromEntries(
            ofType(extra.resources, "github:index/actionsSecret:ActionsSecret").map(
                (s): [string, unknown] => [String(s.inputs.secretName), s.inputs.value],
            ),
        );
        expect(Object.keys(secrets).sort()).toEqual([
            "AZURE_CLIENT_ID",
            "AZURE_CREDENTIALS",
            "AZURE_ML_WORKSPACE_NAME",
            "AZURE_RESOURCE_GROUP_NAME",
            "AZURE_SUBSCRIPTION_ID",
            "AZURE_TENANT_ID",
        ]);
        expect(secrets.AZURE_CLIENT_ID).toBe(extra.outputs.servicePrincipalClientId);
        expect(secrets.AZURE_TENANT_ID).toBe(extra.cloud.tenantId);
        expect(secrets.AZURE_SUBSCRIPTION_ID).toBe(extra.cloud.subscriptionId);
    });

    test("Actions variables name everything a workflow needs", () => {
        const vars = Object.fromEntries(
            ofType(extra.resources, "github:index/actionsVariable:ActionsVariable").map(
                (v): [string, unknown] => [String(v.inputs.variableName), v.inputs.value],
            ),
        );
        expect(vars).toEqual({
            AZURE_LOCATION: "japaneast",
            AZURE_RESOURCE_GROUP_NAME: extra.outputs.resourceGroup,
            AZURE_ML_WORKSPACE_NAME: extra.outputs.workspace,
            AML_COMPUTE_CLUSTER: "demo-cpucluster1",
            AML_ENDPOINT_NAME: extra.outputs.endpoint,
            AML_DATASTORE: extra.outputs.datastore,
            AML_DATA_ASSET: "diabetes_data_oh4ml",
            AML_DATA_ASSET_350: "diabetes_data_oh4ml_350records",
        });
    });
});

test("AZURE_CREDENTIALS has the `az ad sp create-for-rbac --sdk-auth` shape with the team principal's secret", () => {
    const secret = ofType(sim.resources, "github:index/actionsSecret:ActionsSecret").find(
        (s) => s.inputs.secretName === "AZURE_CREDENTIALS",
    );
    const creds = JSON.parse(String(secret?.inputs.value)) as Record<string, string>;
    expect(Object.keys(creds).sort()).toEqual(
        [
            "activeDirectoryEndpointUrl",
            "activeDirectoryGraphResourceId",
            "clientId",
            "clientSecret",
            "galleryEndpointUrl",
            "managementEndpointUrl",
            "resourceManagerEndpointUrl",
            "sqlManagementEndpointUrl",
            "subscriptionId",
            "tenantId",
        ].sort(),
    );
    expect(creds.clientId).toBe(sim.outputs.servicePrincipalClientId);
    expect(creds.clientSecret).toBe(
        one(sim.resources, "azuread:index/applicationPassword:ApplicationPassword").state.value,
    );
    expect(creds.subscriptionId).toBe(sim.cloud.subscriptionId);
    expect(creds.tenantId).toBe(sim.cloud.tenantId);
    expect(creds.resourceManagerEndpointUrl).toBe("https://management.azure.com/");
});

test("the deployment environment is named production and only main deploys to it", async () => {
    const team = await simulateTeamStack(
        validSample(1, {
            github: {
                owner: "contoso-hack",
                visibility: "private",
                template: "",
                reviewers: [],
                plan: "team",
                extras: { environment: true },
            },
        }),
    );
    expect(
        one(team.resources, "github:index/repositoryEnvironment:RepositoryEnvironment").inputs
            .environment,
    ).toBe("production");
    expect(
        one(
            team.resources,
            "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
        ).inputs,
    ).toMatchObject({
        environment: "production",
        branchPattern: "main",
    });
});
