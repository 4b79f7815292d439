/**
 * Permanent deletion of an Azure ML workspace through the official SDK client, done only when its
 * long-running operation says so.
 *
 * Why a pipeline policy: the installed @azure/arm-machinelearning (2.1.1) speaks api-version
 * 2022-10-01, whose `workspaces.beginDelete` has no `forceToPurge` parameter; the query parameter
 * exists from api-version 2023-04-01 on (Workspaces_Delete in Azure/azure-rest-api-specs,
 * machinelearningservices stable/2023-04-01 and later). The SDK supports a newer api-version through
 * its `apiVersion` client option, and a client's pipeline takes added policies (the SDKs' own
 * extension point). A client made for purging adds `forceToPurge=true` to its DELETE requests, so
 * the SDK's own `beginDelete` sends the purge and follows its long-running operation
 * (Workspaces_Delete is `x-ms-long-running-operation`: 202 with `Location` / `Azure-AsyncOperation`,
 * polled by the SDK's LRO engine until the operation reports Succeeded or Failed).
 *
 * Why the operation and not a GET: a soft-deleted workspace also answers 404 to a GET by name
 * (Azure/azure-cli#33756), so "GET answers 404" is true long before the purge is over; `pulumi
 * destroy` would then delete the resource group while the purge still runs, and the workspace
 * would stay soft-deleted in a group that no longer exists.
 *
 * A newer SDK major (3.x, api 2024-04-01+) would carry the parameter itself; it was not installed to
 * keep the lock file unchanged (see NOTES.md, issue 11).
 */
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { TokenCredential } from "@azure/identity";

/** `forceToPurge` exists from 2023-04-01 on; 2024-04-01 is a later GA version with the same parameter. */
export const WORKSPACE_PURGE_API_VERSION = "2024-04-01";

/** The SDK client at the api-version that knows `forceToPurge` (also used to list and get). */
export function purgeCapableClient(
    credential: TokenCredential,
    subscriptionId: string,
): AzureMachineLearningWorkspaces {
    return new AzureMachineLearningWorkspaces(credential, subscriptionId, {
        apiVersion: WORKSPACE_PURGE_API_VERSION,
    });
}

/** A client whose workspace DELETE requests ask for a purge (`forceToPurge=true`). Only for purging. */
export function purgingClient(
    credential: TokenCredential,
    subscriptionId: string,
): AzureMachineLearningWorkspaces {
    const client = purgeCapableClient(credential, subscriptionId);
    client.pipeline.addPolicy({
        name: "workspaceForceToPurge",
        sendRequest: (request, next) => {
            if (request.method === "DELETE" && /\/workspaces\/[^/?]+(\?|$)/i.test(request.url)) {
                const url = new URL(request.url);
                url.searchParams.set("forceToPurge", "true");
                request.url = url.toString();
            }
            return next(request);
        },
    });
    return client;
}

export interface PurgeWaitOptions {
    /** Waits between polls of the operation (the caller's clock). */
    readonly sleep: (ms: number) => Promise<void>;
    readonly pollMs: number;
    /** How long the operation may run before the purge is reported as not finished. */
    readonly timeoutMs: number;
    /** Per-request abort signal (each request's own timeout). */
    readonly requestSignal: () => AbortSignal;
}

/**
 * Sends the purge and resolves when its long-running operation completed (Succeeded, or an answer
 * that needs no polling: 200/204). Rejects with the SDK's error when ARM refuses the purge (404 for
 * a workspace already gone, with the RestError's status) or when the operation reports Failed or
 * Canceled, and with a timeout error while it is still running after `timeoutMs`.
 */
export async function purgeWorkspaceAndWait(
    client: AzureMachineLearningWorkspaces,
    resourceGroupName: string,
    workspaceName: string,
    options: PurgeWaitOptions,
): Promise<void> {
    const poller = await client.workspaces.beginDelete(resourceGroupName, workspaceName, {
        abortSignal: options.requestSignal(),
    });
    for (let waited = 0; !poller.isDone(); waited += options.pollMs) {
        if (waited >= options.timeoutMs)
            throw new Error(
                `workspace ${workspaceName}: its purge is still running ${Math.round(options.timeoutMs / 60_000)} min after it was accepted (the operation has not completed; re-run teardown later)`,
            );
        await options.sleep(options.pollMs);
        // Throws the operation's error when it ends Failed or Canceled.
        await poller.poll({ abortSignal: options.requestSignal() });
    }
}
