/**
 * Entra ID checks for members listed by `email` (invited by `up` as B2B guests, deleted again by
 * teardown). Sources (docs/azure-facts.md, "Guests invited by e-mail"):
 * - the azuread provider deletes an invitation by deleting the invited user (`DELETE /users/{id}`,
 *   hashicorp/terraform-provider-azuread internal/services/invitations/invitation_resource.go);
 *   Graph lets a user do that only with a role that may delete users (learn.microsoft.com, Graph
 *   v1.0 "Delete a user": User Administrator or Privileged Authentication Administrator; Global
 *   Administrator holds every right), an application only with User.ReadWrite.All: Guest Inviter
 *   can invite, not delete;
 * - the tenant's `authorizationPolicy.allowInvitesFrom` decides who may invite at all (none,
 *   adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone);
 * - an address of one of the tenant's own verified domains, or of a user already in the tenant, is
 *   a person of the tenant: the invitation answers with that user, and teardown would delete it.
 */
import type { MemberConfig, TeamConfig } from "../../stacks/schema";
import type { Answer } from "./guard";
import { checksOf, type Check } from "./model";

const check = checksOf("entra");

/** Built-in role template ids (learn.microsoft.com, Microsoft Entra built-in roles). */
const GLOBAL_ADMINISTRATOR = { "62e90394-69f5-4237-9190-012177145e10": "Global Administrator" };
const USER_ADMINISTRATOR = { "fb1c8493-542b-48eb-b624-b4c8fea62acd": "User Administrator" };
export const USER_DELETER_ROLES: Readonly<Record<string, string>> = {
    ...GLOBAL_ADMINISTRATOR,
    ...USER_ADMINISTRATOR,
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
};
/** Privileged Authentication Administrator is not counted as an inviter (not evidenced here). */
export const GUEST_INVITER_ROLES: Readonly<Record<string, string>> = {
    ...GLOBAL_ADMINISTRATOR,
    ...USER_ADMINISTRATOR,
    "95e79109-95c0-4d8e-aee3-d01accf2d47b": "Guest Inviter",
};

export type Get = <T>(path: string) => Promise<Answer<T>>;

interface DirectoryRoles {
    readonly value?: readonly { readonly roleTemplateId?: string }[];
}

interface Me {
    readonly id?: string;
    readonly userPrincipalName?: string;
    readonly userType?: string;
}

export const emailMembers = (
    teams: readonly TeamConfig[],
): { team: string; member: MemberConfig & { email: string } }[] =>
    teams.flatMap((t) =>
        t.members.flatMap((m) =>
            m.email === undefined ? [] : [{ team: t.name, member: { ...m, email: m.email } }],
        ),
    );

const held = (roles: DirectoryRoles, table: Readonly<Record<string, string>>): string[] =>
    (roles.value ?? [])
        .map((r) => table[r.roleTemplateId ?? ""])
        .filter((r): r is string => r !== undefined);

/**
 * `/me/transitiveMemberOf/microsoft.graph.directoryRole` lists active roles only: a role the user is
 * merely eligible for through Privileged Identity Management is not held until activated.
 */
const ROLE_REMEDY = (role: string): string =>
    `if you are eligible for "${role}" in Privileged Identity Management, activate it (portal: Microsoft Entra ID > Privileged Identity Management > My roles) and run preflight again; else ask a Privileged Role Administrator to assign it to you (portal: Microsoft Entra ID > Roles and administrators), or run the event as a user who holds it; else list these members by userPrincipalName after inviting them by hand`;

/**
 * The deployer's rights for e-mail members: may invite (tenant policy and role), may delete the
 * invited users at teardown (role). `me` is undefined for an app-only sign-in.
 */
export async function guestRightsChecks(
    get: Get,
    me: Me | undefined,
    count: number,
): Promise<Check[]> {
    const subject = `signed-in principal ${me?.userPrincipalName ?? me?.id ?? "(app-only)"}`;
    const policy = await get<{ allowInvitesFrom?: string }>(
        "/policies/authorizationPolicy?$select=allowInvitesFrom",
    );
    if (me === undefined) {
        const note = `${count} member(s) are invited by e-mail; an app-only sign-in needs the Graph application permission User.ReadWrite.All (User.Invite.All can invite but not delete), which preflight cannot read`;
        return [
            check(
                "entra.guest-delete",
                subject,
                "unknown",
                note,
                "az ad app permission list --id $AZURE_CLIENT_ID",
            ),
        ];
    }
    const roles = await get<DirectoryRoles>(
        "/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId",
    );
    const checks: Check[] = [];
    if (!roles.ok)
        checks.push(
            check(
                "entra.guest-delete",
                subject,
                "unknown",
                roles.reason,
                ROLE_REMEDY("User Administrator"),
            ),
        );
    else {
        const deleters = held(roles.value, USER_DELETER_ROLES);
        checks.push(
            deleters.length > 0
                ? check(
                      "entra.guest-delete",
                      subject,
                      "pass",
                      `directory role ${deleters.join(", ")} may delete the ${count} invited guest(s) at teardown`,
                  )
                : check(
                      "entra.guest-delete",
                      subject,
                      "fail",
                      `teardown deletes the ${count} guest(s) up invites (the azuread provider deletes an invitation by deleting its user), which needs User Administrator or Privileged Authentication Administrator (or Global Administrator) as an active role; you hold none`,
                      ROLE_REMEDY("User Administrator"),
                  ),
        );
    }
    if (!policy.ok) {
        checks.push(
            check(
                "entra.guest-invite",
                subject,
                "unknown",
                policy.reason,
                "portal: Microsoft Entra ID > External Identities > External collaboration settings",
            ),
        );
        return checks;
    }
    const from = policy.value.allowInvitesFrom ?? "(not given)";
    const inviters = roles.ok ? held(roles.value, GUEST_INVITER_ROLES) : [];
    const member = (me.userType ?? "Member") === "Member";
    const allowed =
        from === "everyone" ||
        (from === "adminsGuestInvitersAndAllMembers" && (member || inviters.length > 0)) ||
        (from === "adminsAndGuestInviters" && inviters.length > 0);
    const value = `the tenant's allowInvitesFrom is ${from}${inviters.length > 0 ? `; you hold ${inviters.join(", ")}` : ""}`;
    checks.push(
        allowed
            ? check("entra.guest-invite", subject, "pass", value)
            : from === "adminsAndGuestInviters" && !roles.ok
              ? check(
                    "entra.guest-invite",
                    subject,
                    "unknown",
                    `${value}; your roles could not be read (${roles.reason})`,
                )
              : check(
                    "entra.guest-invite",
                    subject,
                    "fail",
                    `${value}: you may not invite the ${count} guest(s)`,
                    from === "none"
                        ? "nobody may invite guests in this tenant: a Global Administrator changes Microsoft Entra ID > External Identities > External collaboration settings > Guest invite settings, or list the members by userPrincipalName"
                        : ROLE_REMEDY("Guest Inviter"),
                ),
    );
    return checks;
}

interface Domains {
    readonly value?: readonly { readonly id?: string; readonly isVerified?: boolean }[];
}

/** The tenant's verified domains (lower case), or the reason they could not be read. */
export async function verifiedDomains(get: Get): Promise<Answer<Set<string>>> {
    const domains = await get<Domains>("/domains?$select=id,isVerified");
    if (!domains.ok) return domains;
    return {
        ok: true,
        value: new Set(
            (domains.value.value ?? [])
                .filter((d) => d.isVerified === true && d.id !== undefined)
                .map((d) => (d.id ?? "").toLowerCase()),
        ),
    };
}

/** OData string literal: a single quote is doubled. */
const odata = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** `GET /users` for a user whose mail or UPN is the address. */
export const userByAddressPath = (email: string): string =>
    `/users?$filter=${encodeURIComponent(`mail eq ${odata(email)} or userPrincipalName eq ${odata(email)}`)}&$select=id,userPrincipalName,userType,mail`;

interface Users {
    readonly value?: readonly { readonly userPrincipalName?: string; readonly userType?: string }[];
}

/** One e-mail member against the tenant: a person already in it is a FAIL with the UPN to use. */
export async function emailMemberCheck(
    get: Get,
    team: string,
    member: MemberConfig & { email: string },
    domains: Answer<Set<string>>,
): Promise<Check> {
    const email = member.email.toLowerCase();
    const subject = `team ${team} / ${member.github} (${member.email})`;
    const domain = email.split("@").pop() ?? "";
    const found = await get<Users>(userByAddressPath(email));
    const user = found.ok ? found.value.value?.[0] : undefined;
    const upn = user?.userPrincipalName;
    if (user !== undefined && (user.userType ?? "Member") === "Member")
        return check(
            "entra.member",
            subject,
            "fail",
            `already in the tenant as ${upn ?? "?"} (Member): listed by e-mail, up would invite (and teardown delete) that user`,
            `in the roster, replace "email: ${member.email}" by "userPrincipalName: ${upn ?? "<the user's UPN>"}"`,
        );
    if (domains.ok && domains.value.has(domain))
        return check(
            "entra.member",
            subject,
            "fail",
            `${domain} is one of the tenant's verified domains: a person of the tenant is listed by userPrincipalName, not invited by e-mail`,
            `in the roster, replace "email: ${member.email}" by "userPrincipalName: ${upn ?? "<the user's UPN>"}" (az ad user list --filter "mail eq '${email}'")`,
        );
    if (user !== undefined)
        return check(
            "entra.member",
            subject,
            "warn",
            `already a guest of the tenant (${upn ?? "?"}): fine if this event's up invited them; otherwise teardown would delete a guest it did not invite`,
            `if the guest was there before the event, replace "email: ${member.email}" by "userPrincipalName: ${upn ?? "<the guest's UPN>"}"`,
        );
    if (!found.ok || !domains.ok)
        return check(
            "entra.member",
            subject,
            "unknown",
            `invited by up as a B2B guest; whether the person is already in the tenant could not be read (${found.ok ? (domains.ok ? "" : domains.reason) : found.reason})`,
            `az ad user list --filter "mail eq '${email}'"`,
        );
    return check("entra.member", subject, "pass", "invited by up (B2B guest invitation by e-mail)");
}
