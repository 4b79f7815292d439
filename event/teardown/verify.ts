/**
 * Verification after teardown: asks each service whether anything of the team is left, and for each
 * leftover gives the command that removes it. Read-only; an answer that cannot be had (no rights, a
 * timeout, no GitHub token) is reported as unknown with the reason, never as gone.
 */
import { errorText } from "../retry";
import type { TeardownCloud } from "./cloud";
import { whyKeepGuest } from "./guestOwnership";
import { everyRecordedGuest, type TeardownNames } from "./names";
import { NOT_TIED, byOwnership } from "./ownership";

/**
 * gone: verified absent (or archived, for a repository that should be archived);
 * pending: on its way out (a resource group still deleting); leftover: still there;
 * unknown: the service could not be asked; kept: a recorded user teardown leaves in the tenant on
 * purpose (not created by this stack, or another team of the event names it), the detail says why.
 */
export type CheckStatus = "gone" | "pending" | "leftover" | "unknown" | "kept";

export interface Check {
    /** What was checked, e.g. "resource group", "soft-deleted key vault". */
    readonly item: string;
    /** The object's name or id. */
    readonly name: string;
    readonly status: CheckStatus;
    readonly detail: string;
    /**
     * The command that removes the leftover (az / gh / pulumi), for leftover and pending; for a
     * user kept because another team names it, the command to run once no team needs it.
     */
    readonly fix?: string;
}

/** kept: nothing of the team is left but users kept on purpose (never "clean"). */
export type Verdict = "clean" | "pending" | "kept" | "leftovers" | "unknown";

export function verdictOf(checks: readonly Check[]): Verdict {
    if (checks.some((c) => c.status === "leftover")) return "leftovers";
    if (checks.some((c) => c.status === "unknown")) return "unknown";
    if (checks.some((c) => c.status === "kept")) return "kept";
    if (checks.some((c) => c.status === "pending")) return "pending";
    return "clean";
}

/**
 * Verdicts that end a teardown or a verification with exit code 0. Kept users are expected: a user
 * another team names stays while that team runs, and one this stack did not create is never its to
 * remove; the report lists them and the count says so.
 */
export const isSettled = (verdict: Verdict): boolean =>
    verdict === "clean" || verdict === "pending" || verdict === "kept";

/** Workspace api-version in the fix command: the first GA one with `forceToPurge` is 2023-04-01. */
const WS_API = "2024-04-01";
const purge = (workspaceId: string): string =>
    `az rest --method delete --url "https://management.azure.com${workspaceId}?api-version=${WS_API}&forceToPurge=true"`;

const WORKSPACE = "ML workspace (active or soft-deleted)";
const VAULT = "soft-deleted key vault";

/** One `gone` row when nothing was found, else one `leftover` row per object found. */
function listed(
    item: string,
    name: string,
    goneDetail: string,
    found: readonly Pick<Check, "name" | "detail" | "fix">[],
): Check[] {
    if (found.length === 0) return [{ item, name, status: "gone", detail: goneDetail }];
    return found.map((f) => ({ item, status: "leftover", ...f }));
}

async function ask(item: string, name: string, question: () => Promise<Check[]>): Promise<Check[]> {
    try {
        return await question();
    } catch (error) {
        return [{ item, name, status: "unknown", detail: errorText(error).split("\n")[0] }];
    }
}

export async function verifyTeam(names: TeardownNames, cloud: TeardownCloud): Promise<Check[]> {
    const sub = names.subscriptionId;
    const rg = names.resourceGroup;
    const subArg = sub ? ` --subscription ${sub}` : "";
    const azure = (item: string, name: string, q: (s: string) => Promise<Check[]>) =>
        sub === undefined
            ? Promise.resolve<Check[]>([
                  {
                      item,
                      name,
                      status: "unknown",
                      detail: "subscription unknown: set team.subscriptionId in the roster or AZURE_SUBSCRIPTION_ID",
                  },
              ])
            : ask(item, name, () => q(sub));

    // The group first: whether it still exists decides how a leftover workspace can be purged.
    const groupChecks = await azure("resource group", rg, async (s) => {
        const state = await cloud.resourceGroupState(s, rg);
        if (state === "absent")
            return [{ item: "resource group", name: rg, status: "gone", detail: "not found" }];
        if (state === "deleting")
            return [
                {
                    item: "resource group",
                    name: rg,
                    status: "pending",
                    detail: "still deleting",
                    fix: `az group wait --name ${rg} --deleted${subArg}    # then run verify-teardown again`,
                },
            ];
        return [
            {
                item: "resource group",
                name: rg,
                status: "leftover",
                detail: "exists",
                fix: `az group delete --name ${rg} --yes${subArg}`,
            },
        ];
    });
    const groupExists = groupChecks.some((c) => c.status === "leftover");
    const checks = await Promise.all([
        azure(WORKSPACE, names.workspace ?? `in ${rg}`, async (s) =>
            listed(
                WORKSPACE,
                names.workspace ?? `in ${rg}`,
                "none listed in the subscription",
                (await cloud.workspacesIn(s, rg)).map((w) => ({
                    name: w.name,
                    detail: `listed${w.provisioningState ? ` (${w.provisioningState})` : ""}`,
                    // A soft-deleted workspace can only be purged while its resource group exists.
                    fix: groupExists
                        ? purge(w.id)
                        : `az group create --name ${rg} --location ${w.location ?? names.location ?? "<location>"}${subArg} && ` +
                          `${purge(w.id)} && az group delete --name ${rg} --yes${subArg}`,
                })),
            ),
        ),
        azure(VAULT, names.keyVault ?? `of ${rg}`, async (s) =>
            listed(
                VAULT,
                names.keyVault ?? `of ${rg}`,
                "none in deleted vaults",
                (await cloud.deletedVaultsOf(s, rg)).map((v) => ({
                    name: v.name,
                    detail: `deleted, purged automatically ${v.scheduledPurgeDate ?? "later"}`,
                    fix: `az keyvault purge --name ${v.name} --location ${v.location}${subArg}`,
                })),
            ),
        ),
        ...(["application", "servicePrincipal"] as const).map((kind) => {
            const item = kind === "application" ? "Entra application" : "service principal";
            return ask(item, names.application, async () => {
                const [allActive, allDeleted] = await Promise.all([
                    cloud.directoryObjects(kind, names.application),
                    cloud.deletedDirectoryObjects(kind, names.application),
                ]);
                const active = byOwnership(allActive, names).ours;
                const deleted = byOwnership(allDeleted, names).ours;
                const strangers = [
                    ...byOwnership(allActive, names).others,
                    ...byOwnership(allDeleted, names).others,
                ];
                const rows: Check[] = [
                    ...strangers.map((o) => ({
                        item,
                        name: `${names.application} (${o.id})`,
                        status: "unknown" as const,
                        detail: NOT_TIED,
                    })),
                    ...active.map((o) => ({
                        item,
                        name: `${names.application} (${o.id})`,
                        status: "leftover" as const,
                        detail: "active",
                        fix:
                            kind === "application"
                                ? `az ad app delete --id ${o.appId ?? o.id}`
                                : `az ad sp delete --id ${o.id}`,
                    })),
                    ...deleted.map((o) => ({
                        item,
                        name: `${names.application} (${o.id})`,
                        status: "leftover" as const,
                        detail: "in deleted items",
                        fix: `az rest --method delete --url https://graph.microsoft.com/v1.0/directory/deletedItems/${o.id}`,
                    })),
                ];
                return rows.length > 0
                    ? rows
                    : [
                          {
                              item,
                              name: names.application,
                              status: "gone",
                              detail: "neither active nor in deleted items",
                          },
                      ];
            });
        }),
        azure(
            "role assignments of the team principal",
            names.servicePrincipalObjectId ?? "?",
            async (s) => {
                const item = "role assignments of the team principal";
                if (names.servicePrincipalObjectId === undefined)
                    return [
                        {
                            item,
                            name: "?",
                            status: "unknown",
                            detail: "principal object id unknown (no teardown record and no service principal left to read it from)",
                        },
                    ];
                const found = await cloud.roleAssignmentsOf(s, names.servicePrincipalObjectId);
                if (found.length === 0)
                    return [
                        {
                            item,
                            name: names.servicePrincipalObjectId,
                            status: "gone",
                            detail: "none in the subscription",
                        },
                    ];
                return found.map((a) => ({
                    item,
                    name: a.id.split("/").pop() ?? a.id,
                    status: "leftover" as const,
                    detail: `at ${a.scope}`,
                    fix: `az role assignment delete --ids ${a.id}`,
                }));
            },
        ),
        ask("GitHub repository", `${names.repositoryOwner}/${names.repository}`, async () => {
            const full = `${names.repositoryOwner}/${names.repository}`;
            const item = "GitHub repository";
            const repo = await cloud.repository(names.repositoryOwner, names.repository);
            if (repo === undefined)
                return [{ item, name: full, status: "gone", detail: "not found" }];
            const end = names.repositoryEnd === "archived" ? "archived" : "deleted";
            if (names.repositoryHeld && (end === "deleted" || !repo.archived))
                return [
                    {
                        item,
                        name: full,
                        status: "pending",
                        // No fix: the request run ends it right after answering (event/requests/).
                        detail: `${end} once the team's request is answered`,
                    },
                ];
            if (names.repositoryEnd === "archived")
                return repo.archived
                    ? [{ item, name: full, status: "gone", detail: "archived (kept on purpose)" }]
                    : [
                          {
                              item,
                              name: full,
                              status: "leftover",
                              detail: "not archived",
                              fix: `gh repo archive ${full} --yes`,
                          },
                      ];
            return [
                {
                    item,
                    name: full,
                    status: "leftover",
                    detail: repo.archived
                        ? "archived, should be deleted"
                        : "exists, should be deleted",
                    fix: `gh repo delete ${full} --yes`,
                },
            ];
        }),
    ]);
    return [...groupChecks, ...checks.flat(), ...(await verifyGuests(names, cloud))];
}

/** One row per guest this stack (or an earlier stack of its name) recorded: removed (gone) or still in the tenant. */
async function verifyGuests(names: TeardownNames, cloud: TeardownCloud): Promise<Check[]> {
    const item = "invited guest";
    const rows = await Promise.all(
        everyRecordedGuest(names).map((g) =>
            ask(item, `${g.login} (${g.objectId})`, async (): Promise<Check[]> => {
                const name = `${g.login} (${g.objectId})`;
                const user = await cloud.user(g.objectId);
                if (user === undefined)
                    return [
                        {
                            item,
                            name,
                            status: "gone",
                            detail: "deleted (Entra keeps it 30 days in deleted items)",
                        },
                    ];
                const keep = whyKeepGuest(user, names);
                // Ownership not provable (guestOwnership.ts): kept, and left to a person to decide.
                if (keep?.kind === "unproven")
                    return [
                        {
                            item,
                            name,
                            status: "leftover",
                            detail: `kept, needs a decision: ${keep.reason}`,
                            fix: `az ad user delete --id ${g.objectId}`,
                        },
                    ];
                // Another team names it: kept while that team needs it, then removed by hand; the
                // command only when its creation after this stack's first up is proven.
                if (keep?.kind === "shared")
                    return [
                        {
                            item,
                            name,
                            status: "kept",
                            detail: keep.reason,
                            ...(keep.proven === true
                                ? { fix: `az ad user delete --id ${g.objectId}` }
                                : {}),
                        },
                    ];
                // A user this stack did not create (guestOwnership.ts): never its to remove.
                if (keep !== undefined)
                    return [{ item, name, status: "kept", detail: keep.reason }];
                return [
                    {
                        item,
                        name,
                        status: "leftover",
                        detail: "guest still in the tenant",
                        fix: `az ad user delete --id ${g.objectId}`,
                    },
                ];
            }),
        ),
    );
    return rows.flat();
}
