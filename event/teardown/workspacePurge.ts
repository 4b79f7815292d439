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
import { resourceGroupOf } from "./cloud";

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
    /** How long the operation (and the confirmation after it) may take before the purge is reported as not finished. */
    readonly timeoutMs: number;
    /** Each request's own timeout (the SDK's `requestOptions.timeout`, started anew per request). */
    readonly requestTimeoutMs: number;
}

const isNotFound = (error: unknown): boolean =>
    (error as { statusCode?: unknown } | undefined)?.statusCode === 404;

/**
 * Sends the purge and resolves when its long-running operation completed (Succeeded, or an answer
 * that needs no polling: 200/204) and the subscription's workspace list (which also lists
 * soft-deleted workspaces) no longer has the workspace. Rejects with the SDK's error when ARM
 * refuses the purge (404 for a workspace already gone, with the RestError's status, once the list
 * confirms it) or when the operation reports Failed or Canceled, and with a timeout error while it
 * is still running, or the workspace still listed, after `timeoutMs`.
 *
 * Why no abort signal: the SDK's LroImpl.sendPollRequest sends every poll with the options given to
 * `beginDelete` (@azure/arm-machinelearning 2.1.1), so a signal with a deadline given there aborts
 * every poll made after that deadline. `requestOptions.timeout` instead becomes each request's own
 * `timeout` (core-client's ServiceClient), which the HTTP client starts when it sends that request
 * (ts-http-runtime's NodeHttpClient).
 */
export async function purgeWorkspaceAndWait(
    client: AzureMachineLearningWorkspaces,
    resourceGroupName: string,
    workspaceName: string,
    options: PurgeWaitOptions,
): Promise<void> {
    const requestOptions = { timeout: options.requestTimeoutMs };
    let waited = 0;
    let poller: Awaited<ReturnType<typeof client.workspaces.beginDelete>>;
    try {
        poller = await client.workspaces.beginDelete(resourceGroupName, workspaceName, {
            requestOptions,
        });
    } catch (error) {
        // "Not found" is only believed once the list (soft-deleted included) agrees.
        if (isNotFound(error) && (error as { code?: unknown }).code !== "ResourceGroupNotFound")
            await confirmGone(client, resourceGroupName, workspaceName, options, waited);
        throw error;
    }
    try {
        for (; !poller.isDone(); waited += options.pollMs) {
            if (waited >= options.timeoutMs)
                throw new Error(
                    `workspace ${workspaceName}: its purge is still running ${Math.round(options.timeoutMs / 60_000)} min after it was accepted (the operation has not completed; re-run teardown later)`,
                );
            await options.sleep(options.pollMs);
            // Throws the operation's error when it ends Failed or Canceled.
            await poller.poll();
        }
    } catch (error) {
        // The operation's URL answering 404 says nothing about the workspace: ask the list.
        if (!isNotFound(error)) throw error;
    }
    await confirmGone(client, resourceGroupName, workspaceName, options, waited);
}

/**
 * Resolves once the subscription's workspace list, which also lists soft-deleted workspaces
 * (Azure/azure-powershell#28286; the teardown's own check reads it the same way), has no workspace
 * of this name in this group; rejects when it still does after the purge's time.
 */
async function confirmGone(
    client: AzureMachineLearningWorkspaces,
    resourceGroupName: string,
    workspaceName: string,
    options: PurgeWaitOptions,
    alreadyWaited: number,
): Promise<void> {
    const group = resourceGroupName.toLowerCase();
    const name = workspaceName.toLowerCase();
    const isThisOne = (id: string | undefined): boolean =>
        id !== undefined &&
        resourceGroupOf(id) === group &&
        id.split("/").pop()?.toLowerCase() === name;
    for (let waited = alreadyWaited; ; waited += options.pollMs) {
        let listed = false;
        for await (const workspace of client.workspaces.listBySubscription({
            requestOptions: { timeout: options.requestTimeoutMs },
        }))
            if (isThisOne(workspace.id)) listed = true;
        if (!listed) return;
        if (waited >= options.timeoutMs)
            throw new Error(
                `workspace ${workspaceName}: its purge operation ended but the subscription still lists the workspace (soft-deleted) ${Math.round(options.timeoutMs / 60_000)} min after the purge was sent; re-run teardown later`,
            );
        await options.sleep(options.pollMs);
    }
}
