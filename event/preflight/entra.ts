/**
 * Entra ID checks through Microsoft Graph: the signed-in principal may create the teams'
 * applications and service principals (tenant setting or a directory role), has room under the
 * 250 directory objects a non-admin may own, every member resolves to a user, and the coaches
 * group exists.
 */
import type { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import type { EventConfig, MemberConfig, TeamConfig } from "../../stacks/schema";
import { ask, mapLimited, type Answer, type AskOptions } from "./guard";
import { emailMemberCheck, emailMembers, guestRightsChecks, verifiedDomains } from "./guests";
import { checksOf, type Check } from "./model";

/** Directory roles that may create applications and service principals (built-in role template ids). */
export const APP_CREATOR_ROLES: Readonly<Record<string, string>> = {
    "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
    "cf1c38e5-3621-4004-a7cb-879624dced7c": "Application Developer",
};

/** Directory objects a non-admin user may create or own (Entra ID service limits). */
export const OWNED_OBJECTS_LIMIT = 250;
/** Each team stack creates one application and one service principal, owned by the deployer. */
export const OBJECTS_PER_TEAM = 2;

export interface EntraCheckOptions {
    readonly graph: GraphClient;
    readonly ask: AskOptions;
    /** Parallel member look-ups. */
    readonly concurrency?: number;
}

const check = checksOf("entra");

/** GET through the Graph client, with the call's deadline as the fetch signal. */
function get<T>(
    options: EntraCheckOptions,
    path: string,
    headers: Record<string, string> = {},
): Promise<Answer<T>> {
    return ask(options.ask, async (signal) => {
        const value: unknown = await options.graph
            .api(path)
            .headers(headers)
            .options({ signal })
            .get();
        return value as T;
    });
}

interface Me {
    readonly id?: string;
    readonly userPrincipalName?: string;
    readonly userType?: string;
}

async function canCreateApps(options: EntraCheckOptions, me: string): Promise<Check> {
    const subject = `signed-in principal ${me}`;
    const remedy =
        'ask a Privileged Role Administrator to assign you "Application Developer" or "Cloud Application Administrator" (portal: Microsoft Entra ID > Roles and administrators), or allow users to register applications (Entra ID > Users > User settings)';
    const policy = await get<{ defaultUserRolePermissions?: { allowedToCreateApps?: boolean } }>(
        options,
        "/policies/authorizationPolicy",
    );
    if (policy.ok && policy.value.defaultUserRolePermissions?.allowedToCreateApps === true)
        return check(
            "entra.create-apps",
            subject,
            "pass",
            "the tenant lets every user register applications (authorizationPolicy allowedToCreateApps: true)",
        );
    const roles = await get<{ value?: { displayName?: string; roleTemplateId?: string }[] }>(
        options,
        "/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId",
    );
    const held = roles.ok
        ? (roles.value.value ?? [])
              .map((r) => APP_CREATOR_ROLES[r.roleTemplateId ?? ""])
              .filter((r): r is string => r !== undefined)
        : [];
    if (held.length > 0)
        return check("entra.create-apps", subject, "pass", `directory role ${held.join(", ")}`);
    if (!policy.ok || !roles.ok)
        return check(
            "entra.create-apps",
            subject,
            "unknown",
            [policy, roles].flatMap((a) => (a.ok ? [] : [a.reason])).join("; "),
            remedy,
        );
    return check(
        "entra.create-apps",
        subject,
        "fail",
        "users may not register applications (allowedToCreateApps: false) and you hold no role that may",
        remedy,
    );
}

/** POST through the Graph client, with the call's deadline as the fetch signal. */
function post<T>(options: EntraCheckOptions, path: string, content: unknown): Promise<Answer<T>> {
    return ask(options.ask, async (signal) => {
        const value: unknown = await options.graph.api(path).options({ signal }).post(content);
        return value as T;
    });
}

interface DeletedList {
    readonly value?: readonly { readonly id?: string; readonly appId?: string }[];
    readonly "@odata.nextLink"?: string;
}

/** Pages a Graph list are followed for at most (999 objects each). */
const MAX_PAGES = 20;

/**
 * Deleted applications the deployer owns and their deleted service principals: they count toward
 * the 250 for the 30 days they can be restored (Entra ID service limits). Applications through
 * `POST /directory/deletedItems/getUserOwnedObjects` (type Application; it returns up to 1,000);
 * that action takes no servicePrincipal type, so the deleted service principals are those of the
 * deleted items list whose appId is one of those applications' (deleting an application takes its
 * service principal along).
 */
async function deletedOwned(
    options: EntraCheckOptions,
    userId: string,
): Promise<Answer<{ applications: number; servicePrincipals: number }>> {
    const apps = await post<DeletedList>(options, "/directory/deletedItems/getUserOwnedObjects", {
        userId,
        type: "Application",
    });
    if (!apps.ok) return apps;
    const appIds = new Set(
        (apps.value.value ?? []).flatMap((a) => (a.appId === undefined ? [] : [a.appId])),
    );
    let servicePrincipals = 0;
    let next: string | undefined =
        "/directory/deletedItems/microsoft.graph.servicePrincipal?$select=id,appId&$top=999";
    for (let page = 0; next !== undefined && appIds.size > 0 && page < MAX_PAGES; page++) {
        const list: Answer<DeletedList> = await get<DeletedList>(options, next);
        if (!list.ok) return list;
        servicePrincipals += (list.value.value ?? []).filter(
            (sp) => sp.appId !== undefined && appIds.has(sp.appId),
        ).length;
        next = list.value["@odata.nextLink"];
    }
    // A count from part of the list would be too low: say it is incomplete rather than pass on it.
    if (next !== undefined && appIds.size > 0)
        return {
            ok: false,
            reason: `the tenant's deleted service principals fill more than ${MAX_PAGES} pages of 999; the count would be incomplete`,
        };
    return { ok: true, value: { applications: appIds.size, servicePrincipals } };
}

async function ownedObjects(options: EntraCheckOptions, me: Me, teams: number): Promise<Check> {
    const subject = `signed-in principal ${me.userPrincipalName ?? me.id ?? "?"}`;
    const needed = teams * OBJECTS_PER_TEAM;
    const count = await get<unknown>(options, "/me/ownedObjects/$count", {
        ConsistencyLevel: "eventual",
    });
    if (!count.ok)
        return check(
            "entra.owned-objects",
            subject,
            "unknown",
            count.reason,
            "portal: Microsoft Entra ID > Users > you > Owned objects",
        );
    const owned = Number(count.value);
    if (!Number.isInteger(owned))
        return check(
            "entra.owned-objects",
            subject,
            "unknown",
            `unexpected count ${JSON.stringify(count.value)}`,
        );
    const deleted = await deletedOwned(options, me.id ?? "");
    if (!deleted.ok)
        return check(
            "entra.owned-objects",
            subject,
            "unknown",
            `owns ${owned}; the deleted applications and service principals you own (they count for 30 days) could not be read: ${deleted.reason}`,
            "portal: Microsoft Entra ID > App registrations > Deleted applications",
        );
    const { applications, servicePrincipals } = deleted.value;
    const total = owned + applications + servicePrincipals;
    const room = OWNED_OBJECTS_LIMIT - total;
    const value = `owns ${owned} + ${applications} deleted application(s) + ${servicePrincipals} deleted service principal(s) = ${total} of ${OWNED_OBJECTS_LIMIT}, room for ${room}; the event creates ${needed} (${OBJECTS_PER_TEAM} per team: application + service principal)`;
    return room >= needed
        ? check("entra.owned-objects", subject, "pass", value)
        : check(
              "entra.owned-objects",
              subject,
              "fail",
              value,
              "delete applications you no longer need (az ad app list --show-mine) and purge deleted ones (portal: App registrations > Deleted applications > Delete permanently), or run the event with an admin account (admins are not limited)",
          );
}

/** The identifier a member is looked up by, URL-encoded (guest UPNs carry `#EXT#`). */
export function memberPath(member: MemberConfig): string {
    const key = member.userPrincipalName ?? member.objectId ?? "";
    return `/users/${encodeURIComponent(key)}?$select=id,userPrincipalName,userType`;
}

async function memberCheck(
    options: EntraCheckOptions,
    team: string,
    member: MemberConfig,
): Promise<Check> {
    const key = member.userPrincipalName ?? member.objectId ?? "";
    const subject = `team ${team} / ${member.github} (${key})`;
    if (key === "")
        return check(
            "entra.member",
            `team ${team} / ${member.github}`,
            "unknown",
            "given by neither userPrincipalName nor objectId, so there is no user to look up",
            "give the member's userPrincipalName or objectId in the roster",
        );
    const user = await get<{ id?: string; userType?: string }>(options, memberPath(member));
    if (user.ok)
        return check(
            "entra.member",
            subject,
            "pass",
            `user ${user.value.id ?? "?"}${user.value.userType ? ` (${user.value.userType})` : ""}`,
        );
    if (user.status === 404)
        return check(
            "entra.member",
            subject,
            "fail",
            "no such user in the tenant",
            `fix the roster, or invite the person as a guest (portal: Microsoft Entra ID > Users > Invite external user) and use the guest's UPN or object id`,
        );
    return check("entra.member", subject, "unknown", user.reason, `az ad user show --id "${key}"`);
}

async function coachesGroup(options: EntraCheckOptions, id: string): Promise<Check> {
    const subject = `coaches group ${id}`;
    const group = await get<{ displayName?: string }>(
        options,
        `/groups/${encodeURIComponent(id)}?$select=id,displayName`,
    );
    if (group.ok)
        return check(
            "entra.coaches-group",
            subject,
            "pass",
            `group "${group.value.displayName ?? "?"}"`,
        );
    if (group.status === 404)
        return check(
            "entra.coaches-group",
            subject,
            "fail",
            "no such group",
            "create the group (az ad group create --display-name <name> --mail-nickname <name>) and put its id in event.coachesGroupObjectId",
        );
    return check(
        "entra.coaches-group",
        subject,
        "unknown",
        group.reason,
        `az ad group show --group ${id}`,
    );
}

export async function entraChecks(
    event: EventConfig,
    teams: readonly TeamConfig[],
    options: EntraCheckOptions,
): Promise<Check[]> {
    const checks: Check[] = [];
    const me = await get<Me>(options, "/me?$select=id,userPrincipalName,userType");
    if (me.ok) {
        const who = me.value.userPrincipalName ?? me.value.id ?? "?";
        checks.push(await canCreateApps(options, who));
        checks.push(await ownedObjects(options, me.value, teams.length));
    } else {
        // An app-only token (a service principal in CI) has no /me: its rights are not read here.
        for (const id of ["entra.create-apps", "entra.owned-objects"])
            checks.push(
                check(
                    id,
                    "signed-in principal",
                    "unknown",
                    `cannot read the signed-in user: ${me.reason}`,
                    "run preflight signed in as the user who will run the event (az login)",
                ),
            );
    }
    if (event.coachesGroupObjectId !== "")
        checks.push(await coachesGroup(options, event.coachesGroupObjectId));
    const invited = emailMembers(teams);
    const graphGet = <T>(path: string): Promise<Answer<T>> => get<T>(options, path);
    if (invited.length > 0)
        checks.push(
            ...(await guestRightsChecks(graphGet, me.ok ? me.value : undefined, invited.length)),
        );
    const domains = invited.length > 0 ? await verifiedDomains(graphGet) : undefined;
    const members = teams.flatMap((t) => t.members.map((m) => ({ team: t.name, member: m })));
    checks.push(
        ...(await mapLimited(members, options.concurrency ?? 8, (m) =>
            m.member.email !== undefined && domains !== undefined
                ? emailMemberCheck(
                      graphGet,
                      m.team,
                      { ...m.member, email: m.member.email },
                      domains,
                  )
                : memberCheck(options, m.team, m.member),
        )),
    );
    return checks;
}
