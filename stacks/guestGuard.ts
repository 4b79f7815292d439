/**
 * The team program's own guard for members listed by `email` (issue 22): Graph answers an
 * invitation of an address that already belongs to a user of the tenant with that user, so `up`
 * would give a coach, a member or a guest of an earlier event the team's roles, and teardown could
 * remove them. Preflight warns about such addresses but can be skipped; this guard cannot be skipped:
 * the entry point (index.ts) awaits it before it registers any resource, so a refused member stops
 * the program with this one error and nothing registered.
 *
 * The lookup is the azuread provider's `getUsers` data source with `ignoreMissing`: the provider
 * asks Graph `GET /users?$filter=mail eq '<address>'` (and `userPrincipalName eq` for the second
 * lookup) for each value, skips the ones Graph does not find, and errors when one address matches
 * two users (hashicorp/terraform-provider-azuread, internal/services/users/users_data_source.go).
 * `getUser` is not usable here: without a match it fails the program ("User not found with mail: %q",
 * user_data_source.go), and the normal case is exactly that the address is new.
 *
 * A user the stack invited itself (its id in `openhack-mlops:knownGuests`, written by the driver
 * from the teardown record and the outputs) is expected: a B2B guest's `mail` is the invited address.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { TeamConfig } from "./schema";

export interface GuardedGuest {
    readonly github: string;
    /** As the invitation sends it (lowercase). */
    readonly email: string;
}

interface FoundUser {
    readonly objectId: string;
    readonly userPrincipalName: string;
    readonly mail: string;
}

/** The members whose address belongs to a user this stack did not invite, with that user. */
export function strangers(
    guests: readonly GuardedGuest[],
    found: readonly FoundUser[],
    knownGuests: readonly string[],
): { guest: GuardedGuest; user: FoundUser }[] {
    const known = new Set(knownGuests.map((id) => id.toLowerCase()));
    return guests.flatMap((guest) =>
        found
            .filter(
                (u) =>
                    !known.has(u.objectId.toLowerCase()) &&
                    [u.mail, u.userPrincipalName].some((a) => a.toLowerCase() === guest.email),
            )
            .slice(0, 1)
            .map((user) => ({ guest, user })),
    );
}

export function refusal(team: string, found: ReturnType<typeof strangers>): string {
    return [
        `team ${team}: ${found.length} member(s) listed by email already belong to a user of the tenant that this stack did not invite; an email member must be new to the tenant (the invitation would return that user, and the team's roles and compute would go to it). Nothing was created.`,
        ...found.map(
            ({ guest, user }) =>
                `  - member ${guest.github} (email ${guest.email}) is user ${user.userPrincipalName} (${user.objectId}): in the roster, replace "email: ${guest.email}" by "userPrincipalName: ${user.userPrincipalName}" or "objectId: ${user.objectId}"`,
        ),
        'If an earlier up of this stack failed after inviting them, record them instead (docs/security.md, "Invited guests").',
    ].join("\n");
}

/**
 * Looks the members' addresses up in the tenant and rejects with `refusal` when one belongs to a
 * user this stack did not invite. The entry point awaits it before it registers anything.
 */
export async function refuseExistingUsers(
    team: string,
    guests: readonly GuardedGuest[],
    knownGuests: readonly string[],
): Promise<void> {
    if (guests.length === 0) return;
    const emails = guests.map((g) => g.email);
    const [byMail, byUpn] = await Promise.all([
        azuread.getUsers({ mails: emails, ignoreMissing: true }),
        azuread.getUsers({ userPrincipalNames: emails, ignoreMissing: true }),
    ]);
    // The provider sets `users` to an empty list when nothing matched (ignore_missing), but a null
    // list may reach the program as no property at all; either way it means "nobody found".
    const found = [...(byMail.users ?? []), ...(byUpn.users ?? [])].map((u) => ({
        objectId: u.objectId,
        userPrincipalName: u.userPrincipalName,
        mail: u.mail,
    }));
    const refused = strangers(guests, found, knownGuests);
    if (refused.length > 0) throw new pulumi.RunError(refusal(team, refused));
}

/** The e-mail members of a team, addresses lowercased as the invitation sends them. */
export const emailMembersOf = (team: TeamConfig): GuardedGuest[] =>
    team.members.flatMap((m) =>
        m.email !== undefined ? [{ github: m.github, email: m.email.toLowerCase() }] : [],
    );
