/**
 * Whether teardown may remove a user this stack recorded as its invited guest (issue 22). The
 * record alone is not proof: Graph answers an invitation of an address that already belongs to a
 * user of the tenant with that user, so the recorded id can be a coach, a member, or a guest of an
 * earlier event. Teardown removes a recorded user only when it can show this stack created it:
 * - a guest (`userType` `Guest`) created by an invitation (`creationType` `Invitation`; null is "a
 *   regular school or work account", Graph reference, user resource: creationType);
 * - no other team of the event names it (recorded as that team's guest, or listed there by object
 *   id or by userPrincipalName);
 * - Graph's `createdDateTime` is known and not earlier than this stack's recorded first `up`.
 *
 * It fails closed: `createdDateTime` is "Nullable ... null for some users created before June 2018"
 * (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/user.md), and a stack
 * whose first `up` was never recorded has no `firstUpAt`; then ownership cannot be proven, the user
 * is kept, and the verification reports it as a leftover for a person to decide.
 */
import type { UserRef } from "./cloud";
import type { TeardownNames } from "./names";

/**
 * notOurs: this stack cannot have created it (nothing to do, ever);
 * shared: another team of the event names it (remove by hand once no team needs it);
 * unproven: it may be ours, but that cannot be shown (a person decides).
 */
export type KeepKind = "notOurs" | "shared" | "unproven";

export interface KeepReason {
    readonly kind: KeepKind;
    readonly reason: string;
}

/** Why the user must stay in the tenant, or undefined when teardown may remove it. */
export function whyKeepGuest(user: UserRef, names: TeardownNames): KeepReason | undefined {
    if (user.userType !== "Guest")
        return {
            kind: "notOurs",
            reason: `a ${user.userType ?? "non-guest"} user, not one this stack created`,
        };
    if (user.creationType !== "Invitation")
        return {
            kind: "notOurs",
            reason: `creationType ${user.creationType ?? "null (a work or school account)"}, not Invitation: not created by an invitation`,
        };
    const upn = user.userPrincipalName?.toLowerCase();
    const other =
        names.guestsOfOtherTeams?.[user.id] ??
        (upn === undefined ? undefined : names.upnsOfOtherTeams?.[upn]);
    if (other !== undefined)
        return {
            kind: "shared",
            reason: `team ${other} of this event names the same user: remove it by hand once no team needs it`,
        };
    const created = user.createdDateTime === undefined ? NaN : Date.parse(user.createdDateTime);
    const firstUp = names.firstUpAt === undefined ? NaN : Date.parse(names.firstUpAt);
    if (isNaN(created) || isNaN(firstUp))
        return {
            kind: "unproven",
            reason: `cannot tell whether this stack created it (${isNaN(created) ? "Graph gives no createdDateTime" : "no first up recorded for this stack"}): check who invited it, then remove it by hand`,
        };
    if (created < firstUp)
        return {
            kind: "notOurs",
            // Either created before this stack, or by an up of it that left no record (the first
            // recorded up is then later than the real one): both are left to a person.
            reason: `created ${user.createdDateTime ?? "?"}, before this stack's first recorded up (${names.firstUpAt ?? "?"}): not created by this stack, or by an up that left no record`,
        };
    return undefined;
}
