/**
 * Azure checks, per subscription the roster uses: the signed-in principal may write role
 * assignments (the program assigns roles to members, the coaches group and each team's service
 * principal), every resource provider namespace the event needs is registered (`--fix` registers
 * the missing ones and waits for `Registered`), and the free Azure ML vCPU quota per region and VM
 * family covers what the plan says the event needs.
 */
import type { TokenCredential } from "@azure/identity";
import { AuthorizationManagementClient, type Permission } from "@azure/arm-authorization";
import { AzureMachineLearningWorkspaces, type Usage } from "@azure/arm-machinelearning";
import { ResourceManagementClient } from "@azure/arm-resources";
import {
    acceptJsonHeader,
    apiVersionParameter,
    hostParameter,
    pathParameter,
    plainJsonSerializer,
} from "../cloud/armOperations";
import type { Clock } from "../clock";
import { formatDuration } from "../clock";
import { ask, type AskOptions } from "./guard";
import { checksOf, type Check } from "./model";
import type { SubscriptionNeeds } from "./needs";
import { dedicatedQuotaRows, findQuota } from "./quotaRows";
import { vmSizeChecks } from "./vmSizes";

export const ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";

export interface AzureCheckOptions {
    readonly credential: TokenCredential;
    readonly ask: AskOptions;
    readonly clock: Clock;
    /** Register missing providers and wait for them. */
    readonly fix: boolean;
    /** How long `--fix` waits for a provider to reach `Registered`. */
    readonly fixTimeoutMs: number;
    readonly pollMs: number;
    /** The subscription the azure-native provider uses when a team names none (ARM_SUBSCRIPTION_ID). */
    readonly defaultSubscription?: string;
}

const check = checksOf("azure");

/** `*` in an action pattern matches any run of characters, `/` included; actions are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${regex}$`, "i").test(action);
}

/**
 * Azure's rule: an action is allowed when some permission lists it in `actions` and that same
 * permission does not exclude it in `notActions` (notActions subtract within their own role only).
 * Deny assignments are not in this answer; a deny assignment can still refuse the write.
 */
export function allows(permissions: readonly Permission[], action: string): boolean {
    return permissions.some(
        (p) =>
            (p.actions ?? []).some((a) => actionMatches(a, action)) &&
            !(p.notActions ?? []).some((n) => actionMatches(n, action)),
    );
}

/**
 * The permissions API at subscription scope (`/subscriptions/{id}/providers/Microsoft.Authorization/
 * permissions`). The SDK has only the resource group and resource forms, and the teams' resource
 * groups do not exist before the event, so this sends the subscription form through the SDK
 * client's own pipeline (credential, retries, errors), not a hand-written HTTP client.
 */
async function subscriptionPermissions(
    client: AuthorizationManagementClient,
    signal: AbortSignal,
): Promise<Permission[]> {
    // Without a body mapper the parsed JSON is read from the raw response.
    let body: unknown;
    await client.sendOperationRequest(
        {
            options: {
                abortSignal: signal,
                onResponse: (raw) => {
                    body = raw.parsedBody;
                },
            },
        },
        {
            path: "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/permissions",
            httpMethod: "GET",
            responses: { 200: {}, default: {} },
            queryParameters: [apiVersionParameter("2022-04-01")],
            urlParameters: [hostParameter, pathParameter("subscriptionId")],
            headerParameters: [acceptJsonHeader],
            serializer: plainJsonSerializer,
        },
    );
    const value = (body as { value?: unknown } | undefined)?.value;
    if (!Array.isArray(value)) throw new Error("the permissions answer has no value list");
    return value as Permission[];
}

/**
 * The fair-share policy (components/fairShare.ts) writes a definition in the subscription and an
 * assignment on each team's group: both rights are read from the one permissions answer.
 */
export const POLICY_WRITES = [
    "Microsoft.Authorization/policyAssignments/write",
    "Microsoft.Authorization/policyDefinitions/write",
] as const;

async function permissionChecks(sub: string, options: AzureCheckOptions): Promise<Check[]> {
    const client = new AuthorizationManagementClient(options.credential, sub);
    const subject = `subscription ${sub}`;
    const answer = await ask(options.ask, (signal) => subscriptionPermissions(client, signal));
    if (!answer.ok)
        return [
            check(
                "azure.role-assignment-write",
                subject,
                "unknown",
                answer.reason,
                `az role assignment list --assignee <you> --scope /subscriptions/${sub} --include-inherited -o table`,
            ),
            check(
                "azure.policy-write",
                subject,
                "unknown",
                answer.reason,
                `az role assignment list --assignee <you> --scope /subscriptions/${sub} --include-inherited -o table`,
            ),
        ];
    const roleCheck = allows(answer.value, ROLE_ASSIGNMENT_WRITE)
        ? check("azure.role-assignment-write", subject, "pass", `${ROLE_ASSIGNMENT_WRITE} allowed`)
        : check(
              "azure.role-assignment-write",
              subject,
              "fail",
              `${ROLE_ASSIGNMENT_WRITE} not allowed (${answer.value.length} role permission set(s) read)`,
              `ask an Owner to run: az role assignment create --assignee <you> --role "User Access Administrator" --scope /subscriptions/${sub} (or make you Owner)`,
          );
    // The groups do not exist before `up`: the right at subscription scope is the one they inherit.
    const missing = POLICY_WRITES.filter((action) => !allows(answer.value, action));
    const policyCheck =
        missing.length === 0
            ? check("azure.policy-write", subject, "pass", `${POLICY_WRITES.join(", ")} allowed`)
            : check(
                  "azure.policy-write",
                  subject,
                  "fail",
                  `${missing.join(", ")} not allowed: the teams' fair-share policy cannot be created`,
                  `ask an Owner to run: az role assignment create --assignee <you> --role "Resource Policy Contributor" --scope /subscriptions/${sub} (or make you Owner)`,
              );
    return [roleCheck, policyCheck];
}

async function providerCheck(
    client: ResourceManagementClient,
    sub: string,
    namespace: string,
    options: AzureCheckOptions,
): Promise<Check> {
    const subject = `subscription ${sub} / ${namespace}`;
    const register = `az provider register -n ${namespace} --subscription ${sub} --wait`;
    const read = await ask(options.ask, (abortSignal) =>
        client.providers.get(namespace, { abortSignal }),
    );
    if (!read.ok)
        return check(
            "azure.provider",
            subject,
            "unknown",
            read.reason,
            `az provider show -n ${namespace} --subscription ${sub}`,
        );
    const name = read.value.namespace ?? namespace;
    const state = read.value.registrationState ?? "(no state)";
    const named = `subscription ${sub} / ${name}`;
    if (state === "Registered") return check("azure.provider", named, "pass", state);
    if (!options.fix)
        return state === "Registering"
            ? check(
                  "azure.provider",
                  named,
                  "warn",
                  `${state} (re-run preflight in a few minutes)`,
                  register,
              )
            : check(
                  "azure.provider",
                  named,
                  "fail",
                  state,
                  `${register} (or run preflight with --fix)`,
              );
    if (state !== "Registering") {
        const started = await ask(options.ask, (abortSignal) =>
            client.providers.register(name, { abortSignal }),
        );
        if (!started.ok)
            return check(
                "azure.provider",
                named,
                "fail",
                `${state}; --fix could not register it: ${started.reason}`,
                `ask an Owner or Contributor of the subscription to run: ${register}`,
            );
    }
    const since = options.clock.now();
    for (;;) {
        await options.clock.sleep(options.pollMs);
        const now = await ask(options.ask, (abortSignal) =>
            client.providers.get(name, { abortSignal }),
        );
        const waited = formatDuration(options.clock.now() - since);
        if (now.ok && now.value.registrationState === "Registered")
            return check(
                "azure.provider",
                named,
                "pass",
                `Registered by --fix (was ${state}, took ${waited})`,
            );
        if (options.clock.now() - since >= options.fixTimeoutMs) {
            const last = now.ok ? (now.value.registrationState ?? "(no state)") : now.reason;
            return check(
                "azure.provider",
                named,
                "warn",
                `still ${last} after ${waited} (registration was requested by --fix)`,
                `az provider show -n ${name} --subscription ${sub} --query registrationState`,
            );
        }
    }
}

/** The subscription's dedicated quota rows of one region, by either name (quotaRows.ts). */
async function freeQuota(
    sub: string,
    region: string,
    options: AzureCheckOptions,
): Promise<Map<string, Usage> | string> {
    const client = new AzureMachineLearningWorkspaces(options.credential, sub);
    const answer = await ask(options.ask, async (abortSignal) => {
        const usages: Usage[] = [];
        for await (const usage of client.usages.list(region, { abortSignal })) usages.push(usage);
        return usages;
    });
    return answer.ok ? dedicatedQuotaRows(answer.value) : answer.reason;
}

function quotaCheck(
    subject: string,
    { quotaName, quotaId }: { readonly quotaName: string; readonly quotaId: string },
    needed: number,
    coachMinimum: number,
    coachNote: string,
    usage: Usage | undefined,
    sub: string,
    region: string,
): Check {
    const remedy = `portal: Subscription ${sub} > Usage + quotas > provider Machine Learning, region ${region}, "${quotaName}": request ${needed} or more (az ml compute list-usage --location ${region} to re-check), or lower event.endpoint.maxInstances / event.compute.clusterMaxNodes, the fair-share maxima the need is counted from`;
    if (usage?.limit === undefined || usage.currentValue === undefined)
        return check(
            "azure.quota",
            subject,
            "unknown",
            `Azure lists no dedicated quota "${quotaName}" (${quotaId}) in ${region}`,
            remedy,
        );
    const free = usage.limit - usage.currentValue;
    const value = `free ${free} of ${usage.limit} (in use ${usage.currentValue}); event needs ${needed}${coachNote}`;
    if (free < needed) return check("azure.quota", subject, "fail", value, remedy);
    if (free < coachMinimum)
        return check(
            "azure.quota",
            subject,
            "warn",
            `${value}: below the coach guide's minimum`,
            remedy,
        );
    return check("azure.quota", subject, "pass", value);
}

async function quotaChecks(
    sub: string,
    needs: SubscriptionNeeds,
    options: AzureCheckOptions,
): Promise<Check[]> {
    const checks: Check[] = [];
    for (const region of needs.regions) {
        const usages = await freeQuota(sub, region, options);
        const rows = needs.quota.filter((r) => r.region === region);
        const regional = needs.regional.filter((r) => r.region === region);
        if (typeof usages === "string") {
            for (const r of [...rows, ...regional])
                checks.push(
                    check(
                        "azure.quota",
                        `subscription ${sub} / ${region} / ${r.quotaName}`,
                        "unknown",
                        usages,
                        `az ml compute list-usage --location ${region} --subscription ${sub} -o table`,
                    ),
                );
            continue;
        }
        for (const r of rows) {
            const coachNote =
                r.coachMinimum > 0
                    ? `; coach guide minimum ${r.coachMinimum} (${r.teams} team(s))`
                    : "";
            checks.push(
                quotaCheck(
                    `subscription ${sub} / ${region} / ${r.quotaName}`,
                    r,
                    r.total,
                    r.coachMinimum,
                    coachNote,
                    findQuota(usages, r),
                    sub,
                    region,
                ),
            );
        }
        for (const r of regional)
            checks.push(
                quotaCheck(
                    `subscription ${sub} / ${region} / ${r.quotaName}`,
                    r,
                    r.total,
                    0,
                    "",
                    findQuota(usages, r),
                    sub,
                    region,
                ),
            );
    }
    return checks;
}

/** Every Azure check of one subscription, in a stable order. */
export async function azureChecks(
    needs: SubscriptionNeeds,
    namespaces: readonly string[],
    options: AzureCheckOptions,
): Promise<Check[]> {
    const sub = needs.id === "" ? options.defaultSubscription : needs.id;
    if (sub === undefined || sub === "")
        return [
            check(
                "azure.subscription",
                `default subscription (teams ${needs.teams.join(", ")})`,
                "unknown",
                "these teams name no subscriptionId and ARM_SUBSCRIPTION_ID is not set, so the subscription Pulumi will use is not known here",
                "export ARM_SUBSCRIPTION_ID=$(az account show --query id -o tsv) (the subscription the azure-native provider uses), or set subscriptionId per team",
            ),
        ];
    const resources = new ResourceManagementClient(options.credential, sub);
    // The fair-share checks (policy rights, sizes offered) come last: earlier ones keep their places.
    const [roleCheck, policyCheck] = await permissionChecks(sub, options);
    const checks: Check[] = [roleCheck];
    for (const ns of namespaces) checks.push(await providerCheck(resources, sub, ns, options));
    checks.push(...(await quotaChecks(sub, needs, options)));
    checks.push(policyCheck);
    checks.push(...(await vmSizeChecks(sub, needs.sizes, options)));
    return checks;
}
