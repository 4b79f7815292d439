/**
 * Response bodies for the teardown SDK tests, each taken from the service's published examples and
 * naming its source. Changes to a source are listed beside it: ids and names are substituted by the
 * test team's (so the filters under test have something to match), and `nextLink`s are dropped (a
 * single page; the examples' placeholder links would send the SDKs' pagers to a non-URL).
 */

export const SUB = "00000000-1111-2222-3333-444444444444";
export const RG = "rg-oh4mlex-aurora";
export const WS = "oh4mlex-aurora-k3x9qz";
export const VAULT = "oh4mlexaurorak3x9qz";

export interface Fixture {
    /** Where the body comes from (repository + path + commit, or URL). */
    readonly source: string;
    readonly body: unknown;
}

const wsId = (rg: string, name: string): string =>
    `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

/** Workspaces_ListBySubscription: the team's (soft-deleted) workspace and another group's. */
export const workspaceListWithTeam: Fixture = {
    source: "Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2024-04-01/examples/Workspace/listBySubscription.json (commit e6eec14); first id and name substituted, nextLink dropped",
    body: {
        value: [
            {
                id: wsId(RG, WS),
                name: WS,
                type: "Microsoft.MachineLearningServices/workspaces",
                location: "eastus2euap",
                properties: {
                    containerRegistry: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/Microsoft.ContainerRegistry/registries/testRegistry`,
                    keyVault: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/Microsoft.KeyVault/vaults/testkv`,
                    applicationInsights: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/microsoft.insights/components/testinsights`,
                    storageAccount: `/subscriptions/${SUB}/resourceGroups/accountcrud-1234/providers/Microsoft.Storage/storageAccounts/testStorageAccount`,
                    discoveryUrl: "http://example.com",
                    friendlyName: "HelloName",
                    description: "test description",
                },
            },
            {
                id: wsId("workspace-5678", "testworkspace"),
                name: "testworkspace",
                type: "Microsoft.MachineLearningServices/workspaces",
                location: "eastus2euap",
                properties: {
                    containerRegistry: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/Microsoft.ContainerRegistry/registries/testRegistryNew`,
                    keyVault: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/Microsoft.KeyVault/vaults/testkvNew`,
                    applicationInsights: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/microsoft.insights/components/testinsights`,
                    storageAccount: `/subscriptions/${SUB}/resourceGroups/accountcrud-1234/providers/Microsoft.Storage/storageAccounts/testStorageAccountOld`,
                    discoveryUrl: "http://example.com",
                    friendlyName: "HelloName",
                    description: "test description",
                },
            },
        ],
    },
};

/** The same list without the team's workspace (only the other group's). */
export const workspaceListWithoutTeam: Fixture = {
    source: `${workspaceListWithTeam.source}; first entry removed`,
    body: { value: [(workspaceListWithTeam.body as { value: unknown[] }).value[1]] },
};

/** Workspaces_Get 200: the workspace still exists while its purge runs. */
export const workspaceGet: Fixture = {
    source: "Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2024-04-01/examples/Workspace/get.json (commit be9138f); id and name substituted, identity/encryption/private links trimmed",
    body: {
        id: wsId(RG, WS),
        name: WS,
        type: "Microsoft.MachineLearningServices/workspaces",
        location: "eastus2euap",
        properties: {
            keyVault: `/subscriptions/${SUB}/resourceGroups/workspace-1234/providers/Microsoft.KeyVault/vaults/testkv`,
            friendlyName: "HelloName",
            description: "test description",
            hbiWorkspace: false,
            publicNetworkAccess: "Disabled",
        },
    },
};

/**
 * The purge's long-running operation: ARM's asynchronous pattern, an `Azure-AsyncOperation` URL whose
 * GET answers `{ status }` (InProgress, then Succeeded, Failed or Canceled; a failure carries `error`).
 * Source: Azure/azure-resource-manager-rpc v1.0/async-api-reference.md ("Azure-AsyncOperation Resource
 * format"); the operation URL follows the machinelearningservices pattern of other operations'
 * examples (locations/{region}/workspaceOperationsStatus/{id}).
 */
export const workspacePurgeOperation = {
    source: "Azure/azure-resource-manager-rpc v1.0/async-api-reference.md (Azure-AsyncOperation status resource)",
    url: `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus2euap/workspaceOperationsStatus/3f8d6a5e-purge?api-version=2024-04-01`,
    inProgress: { status: "InProgress" },
    succeeded: { status: "Succeeded" },
    failed: {
        status: "Failed",
        error: {
            code: "InternalServerError",
            message: "Workspace purge failed. Please retry the operation.",
        },
    },
};

/** Workspaces_Delete: 202 with a Location header (the spec's example; polled until it stops answering 202). */
export const workspaceDeleteAccepted = {
    source: "Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2023-04-01/examples/Workspace/delete.json (commit 15f38e5): responses 200 {}, 202 Location: example_location, 204 {}",
    headers: { Location: "example_location" },
};

/** ARM's 404 for a workspace that is gone (or soft-deleted: a GET by name does not find it). */
export const workspaceNotFound: Fixture = {
    source: "Azure/azure-cli#33756 (the ARM error quoted there for a soft-deleted workspace); names substituted",
    body: {
        error: {
            code: "ResourceNotFound",
            message: `The Resource 'Microsoft.MachineLearningServices/workspaces/${WS}' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        },
    },
};

export const resourceGroupNotFound: Fixture = {
    source: "Azure/azure-powershell#12841 (ARM's message for a deleted resource group: \"Resource group 'test-xxxx' could not be found.\", code ResourceGroupNotFound); name substituted",
    body: {
        error: {
            code: "ResourceGroupNotFound",
            message: `Resource group '${RG}' could not be found.`,
        },
    },
};

/** ResourceGroups_Get 200; with `provisioningState: "Deleting"` while ARM deletes it. */
export const resourceGroup = (provisioningState: "Succeeded" | "Deleting"): Fixture => ({
    source:
        "Azure/azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/2022-09-01/examples/CreateResourceGroup.json (commit 4984b15), 200 body; name substituted" +
        (provisioningState === "Deleting"
            ? ", provisioningState set to Deleting (the state ARM reports during a group delete)"
            : ""),
    body: {
        id: `/subscriptions/${SUB}/resourceGroups/${RG}`,
        name: RG,
        location: "eastus",
        properties: { provisioningState },
    },
});

/** Vaults_ListDeleted: one deleted vault of the team's group. */
export const deletedVaults: Fixture = {
    source: "Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/examples/listDeletedVaults.json (commit 6f0b668); id, name and vaultId substituted, nextLink dropped",
    body: {
        value: [
            {
                id: `/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/${VAULT}`,
                name: VAULT,
                type: "Microsoft.KeyVault/deletedVaults",
                properties: {
                    vaultId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${VAULT}`,
                    location: "westus",
                    tags: {},
                    deletionDate: "2017-01-01T00:00:59Z",
                    scheduledPurgeDate: "2017-04-01T00:00:59Z",
                    purgeProtectionEnabled: true,
                },
            },
            {
                id: `/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/sample-vault`,
                name: "vault-agile-drawer-6404",
                type: "Microsoft.KeyVault/deletedVaults",
                properties: {
                    vaultId: `/subscriptions/${SUB}/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault`,
                    location: "westus",
                    tags: {},
                    deletionDate: "2017-01-01T00:00:59Z",
                    scheduledPurgeDate: "2017-04-01T00:00:59Z",
                    purgeProtectionEnabled: true,
                },
            },
        ],
    },
};

/** Vaults_PurgeDeleted: 200 (done) or 202 with a Location to poll. */
export const vaultPurgeAccepted = {
    source: "Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/examples/purgeDeletedVault.json (commit 8834122): 200 {}, 202 Location",
    location: `https://some.endpoint.com/subscriptions/${SUB}/resourceGroups/kv-group/providers/Microsoft.KeyVault/vaults/vault1?api-version=2023-07-01`,
};

export const vaultPurgeConflict: Fixture = {
    source: "hashicorp/terraform-provider-azurerm#15127 (Key Vault's 409 ConflictError message); vault name substituted",
    body: {
        error: {
            code: "ConflictError",
            message: `A conflict occurred that prevented the operation from completing. The operation failed because the Key Vault '${VAULT}' changed from the point the operation began. This can happen if parallel operations are being performed on the Key Vault.`,
        },
    },
};

/** RoleAssignments_ListForSubscription with `principalId eq`: two assignments of the principal. */
export const PRINCIPAL = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
export const roleAssignments: Fixture = {
    source: "Azure/azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json (commit df74858), unchanged",
    body: {
        value: [
            {
                properties: {
                    roleDefinitionId:
                        "/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d",
                    principalId: PRINCIPAL,
                    principalType: "User",
                    scope: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2",
                },
                id: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747",
                type: "Microsoft.Authorization/roleAssignments",
                name: "b0f43c54-e787-4862-89b1-a653fa9cf747",
            },
            {
                properties: {
                    roleDefinitionId:
                        "/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d",
                    principalId: PRINCIPAL,
                    principalType: "User",
                    scope: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg",
                },
                id: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg/providers/Microsoft.Authorization/roleAssignments/96786e4b-dede-4c2e-8736-8ab911987f08",
                type: "Microsoft.Authorization/roleAssignments",
                name: "96786e4b-dede-4c2e-8736-8ab911987f08",
            },
        ],
    },
};

/** RoleAssignments_DeleteById 200: the deleted assignment. */
export const roleAssignmentDeleted: Fixture = {
    source: "Azure/azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/RoleAssignments_DeleteById.json (commit 598efa6), unchanged",
    body: (roleAssignments.body as { value: unknown[] }).value[0],
};

export const APP_NAME = "openhack-oh4mlex-aurora";
/** The object id in Graph's "Permanently delete an item" example. */
export const DELETED_APP_ID = "46cc6179-19d0-473e-97ad-6ff84347bbbb";

/** GET /directory/deletedItems/microsoft.graph.application (filtered by displayName). */
export const deletedApplications: Fixture = {
    source: "https://learn.microsoft.com/graph/api/directory-deleteditems-list (v1.0 example response: @odata.context, value[] with id, displayName, deletedDateTime); type cast application, id from directory-deleteditems-delete, displayName substituted",
    body: {
        "@odata.context":
            "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(microsoft.graph.application)",
        value: [
            {
                id: DELETED_APP_ID,
                displayName: APP_NAME,
                appId: "00000000-0000-0000-0000-000000000000",
                deletedDateTime: "2018-04-01T12:39:16Z",
            },
        ],
    },
};

/**
 * Two deleted applications with the team's display name: the team's own (the appId teardown
 * recorded) and another one anybody in the tenant could have made with the same name.
 */
export const OTHER_DELETED_APP_ID = "7b1e9c2d-4f3a-4b5c-8d6e-9f0a1b2c3d4e";
export const deletedApplicationsSameName: Fixture = {
    source: "https://learn.microsoft.com/graph/api/directory-deleteditems-list (v1.0 example response: @odata.context, value[] with id, displayName, deletedDateTime); type cast application, the example item twice with ids, appIds and displayName substituted",
    body: {
        "@odata.context":
            "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(microsoft.graph.application)",
        value: [
            {
                id: OTHER_DELETED_APP_ID,
                displayName: APP_NAME,
                appId: "11111111-2222-4333-8444-555555555555",
                deletedDateTime: "2018-04-01T12:30:00Z",
            },
            {
                id: DELETED_APP_ID,
                displayName: APP_NAME,
                appId: "00000000-0000-0000-0000-000000000000",
                deletedDateTime: "2018-04-01T12:39:16Z",
            },
        ],
    },
};

export const emptyGraphList = (type: "application" | "servicePrincipal"): Fixture => ({
    source: "https://learn.microsoft.com/graph/api/application-list and servicePrincipal-list (collection shape: @odata.context, value[]); no item matches the filter",
    body: {
        "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${type === "application" ? "applications" : "servicePrincipals"}`,
        value: [],
    },
});

/** GET /applications?$filter=displayName eq ...: the application is still active. */
export const activeApplications: Fixture = {
    source: "https://learn.microsoft.com/graph/api/application-list (v1.0 example response, trimmed to the selected properties); id and displayName substituted",
    body: {
        "@odata.context":
            "https://graph.microsoft.com/v1.0/$metadata#applications(id,displayName,appId)",
        value: [
            {
                id: "acc848e9-e8ec-4feb-a521-8d58b5482e09",
                appId: "00000000-0000-0000-0000-000000000000",
                displayName: APP_NAME,
            },
        ],
    },
};

export const graphNotFound: Fixture = {
    source: "https://learn.microsoft.com/graph/errors (error resource: code Request_ResourceNotFound, message, innerError)",
    body: {
        error: {
            code: "Request_ResourceNotFound",
            message: `Resource '${DELETED_APP_ID}' does not exist or one of its queried reference-property objects are not present.`,
            innerError: {
                "request-id": "b5d9ab28-0ef6-4e2b-88a2-4b4c8f2e4a77",
                date: "2026-12-02T10:00:00",
            },
        },
    },
};

/** GET or DELETE /users/{id} of a user that is gone (deleted by an earlier run, or by hand). */
export const graphUserNotFound = (id: string): Fixture => ({
    source: "https://learn.microsoft.com/graph/errors (error resource: code Request_ResourceNotFound, message, innerError); https://learn.microsoft.com/graph/api/user-get ('If a user with the ID doesn't exist, this method returns a 404 Not Found'); the message as Graph words it for an unknown object id",
    body: {
        error: {
            code: "Request_ResourceNotFound",
            message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
            innerError: {
                "request-id": "0c5e8f7d-2b1a-4c3d-9e8f-7a6b5c4d3e2f",
                date: "2026-12-06T04:00:00",
            },
        },
    },
});

export const OWNER = "contoso-hack";
export const REPO = "oh4mlex-aurora";

/** GET/PATCH /repos/{owner}/{repo}: the `full-repository` example, trimmed. */
export const repository = (archived: boolean): Fixture => ({
    source:
        "github/rest-api-description descriptions/api.github.com/api.github.com.json, components.examples.full-repository (trimmed to identity and state fields); owner and name substituted" +
        (archived ? ", archived set to true (what PATCH archived=true returns)" : ""),
    body: {
        id: 1296269,
        node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        name: REPO,
        full_name: `${OWNER}/${REPO}`,
        private: true,
        html_url: `https://github.com/${OWNER}/${REPO}`,
        archived,
        disabled: false,
        visibility: "private",
        default_branch: "main",
    },
});

export const githubNotFound: Fixture = {
    source: "github/rest-api-description components.responses.not_found (basic-error: message, documentation_url)",
    body: {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest/repos/repos#get-a-repository",
    },
};
