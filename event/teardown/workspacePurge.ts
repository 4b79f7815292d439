/**
 * Permanent deletion of an Azure ML workspace through the official SDK client.
 *
 * Why an operation spec here: the installed @azure/arm-machinelearning (2.1.1) speaks api-version
 * 2022-10-01, whose `workspaces.beginDelete` has no `forceToPurge` parameter; the query parameter
 * exists from api-version 2023-04-01 on (Workspaces_Delete in Azure/azure-rest-api-specs,
 * machinelearningservices stable/2023-04-01 and later). The SDK supports a newer api-version through
 * its `apiVersion` client option (a pipeline policy rewrites `api-version` on every request), and its
 * ServiceClient sends any operation described by an OperationSpec. So the request below is the SDK's
 * own Workspaces_Delete spec plus the `forceToPurge` query parameter, sent by the SDK's pipeline
 * (authentication, retries, error parsing), not a hand-written HTTP call.
 *
 * A newer SDK major (3.x, api 2024-04-01+) would carry the parameter itself; it was not installed to
 * keep the lock file unchanged (see NOTES.md, issue 11).
 */
import type { OperationQueryParameter, OperationSpec } from "@azure/core-client";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { TokenCredential } from "@azure/identity";
import {
    acceptJsonHeader,
    apiVersionParameter,
    hostParameter,
    pathParameter,
    plainJsonSerializer,
} from "../cloud/armOperations";

/** `forceToPurge` exists from 2023-04-01 on; 2024-04-01 is a later GA version with the same parameter. */
export const WORKSPACE_PURGE_API_VERSION = "2024-04-01";

const forceToPurge: OperationQueryParameter = {
    parameterPath: "forceToPurge",
    mapper: { serializedName: "forceToPurge", type: { name: "Boolean" } },
};

/** Workspaces_Delete (api 2023-04-01+) with `forceToPurge`. */
export const purgeWorkspaceSpec: OperationSpec = {
    path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}",
    httpMethod: "DELETE",
    responses: { 200: {}, 202: {}, 204: {}, default: {} },
    queryParameters: [apiVersionParameter(WORKSPACE_PURGE_API_VERSION), forceToPurge],
    urlParameters: [
        hostParameter,
        pathParameter("subscriptionId"),
        pathParameter("resourceGroupName"),
        pathParameter("workspaceName"),
    ],
    headerParameters: [acceptJsonHeader],
    serializer: plainJsonSerializer,
};

/** The SDK client at the api-version that knows `forceToPurge`. */
export function purgeCapableClient(
    credential: TokenCredential,
    subscriptionId: string,
): AzureMachineLearningWorkspaces {
    return new AzureMachineLearningWorkspaces(credential, subscriptionId, {
        apiVersion: WORKSPACE_PURGE_API_VERSION,
    });
}

/** Sends the purge; resolves when ARM accepted it (200/202/204). Rejects with the SDK's RestError otherwise. */
export async function sendWorkspacePurge(
    client: AzureMachineLearningWorkspaces,
    resourceGroupName: string,
    workspaceName: string,
    abortSignal?: AbortSignal,
): Promise<void> {
    await client.sendOperationRequest(
        { resourceGroupName, workspaceName, forceToPurge: true, options: { abortSignal } },
        purgeWorkspaceSpec,
    );
}
