/**
 * Whether teardown may remove a user this stack recorded as its invited guest (issue 22). The
 * record alone is not proof: Graph answers an invitation of an address that already belongs to a
 * user of the tenant with that user, so the recorded id can be a coach, a member, or a guest of an
 * earlier event. Teardown removes a recorded user only when it can show this stack created it:
 * - a guest (`userType` `Guest`) created by an invitation (`creationType` `Invitation`; null is "a
 *   regular school or work account", Graph reference, user resource: creationType);
 * - Graph's `createdDateTime` is known and not earlier than the first `up` of the stack that
 *   recorded it (the root Stack resource's `created` in its state, which wins over any local
 *   record, a stale one of an earlier stack of the same name included; without it, the earliest
 *   the driver recorded: names.ts mergeRecords). A guest an earlier stack of the same name left
 *   keeps that stack's own first `up` (names.ts EarlierStack, firstUpOfGuest);
 * - no other team of the event names it (recorded as that team's guest, or listed there by object
 *   id or by userPrincipalName). The creation-time rule is applied first: a user older than the
 *   stack is "not ours" even when another team lists it.
 *
 * It fails closed: `createdDateTime` is "Nullable ... null for some users created before June 2018"
 * (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/user.md), and a stack
 * whose first `up` is known neither from its state nor from a record has no `firstUpAt`; then ownership cannot be proven, the user
 * is kept, and the verification reports it as a leftover for a person to decide.
 */
import type { UserRef } from "./cloud";
import { firstUpOfGuest, type TeardownNames } from "./names";

/**
 * notOurs: this stack cannot have created it (nothing to do, ever);
 * shared: another team of the event names it (remove by hand once no team needs it);
 * unproven: it may be ours, but that cannot be shown (a person decides).
 */
export type KeepKind = "notOurs" | "shared" | "unproven";

export interface KeepReason {
    readonly kind: KeepKind;
    readonly reason: string;
    /**
     * For `shared`: whether the creation-time rule passed (created after this stack's first up),
     * the only case in which a delete command may be suggested.
     */
    readonly proven?: boolean;
}

/** Users without `createdDateTime` were created before this (Graph reference, user resource). */
const GRAPH_NULL_CREATED_BEFORE = Date.parse("2018-07-01T00:00:00Z");

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
    // The creation-time rule comes before "another team names it": a user older than this stack
    // is not this stack's to remove, whoever lists it, and must never be handed a delete command.
    const created = user.createdDateTime === undefined ? NaN : Date.parse(user.createdDateTime);
    // Graph gives whole seconds; the state's `created` has nanoseconds: compare at the second, or a
    // guest created in the same second as the Stack would look older than it.
    // The bound of the stack that recorded the user: this stack's first up, or an earlier stack's
    // of the same name for a guest that stack left (names.ts firstUpOfGuest).
    const firstUpAt = firstUpOfGuest(names, user.id);
    const firstUpExact = firstUpAt === undefined ? NaN : Date.parse(firstUpAt);
    const firstUp = isNaN(firstUpExact) ? NaN : Math.floor(firstUpExact / 1000) * 1000;
    // No createdDateTime happens only for "some users created before June 2018" (Graph, user
    // resource): older than any stack whose first up is known (Stack `created` exists since 2023).
    if (
        user.createdDateTime === undefined &&
        !isNaN(firstUp) &&
        firstUp > GRAPH_NULL_CREATED_BEFORE
    )
        return {
            kind: "notOurs",
            reason: `Graph gives no createdDateTime, which it does only for users created before June 2018, long before this stack's first up (${firstUpAt ?? "?"}): not created by this stack`,
        };
    if (!isNaN(created) && !isNaN(firstUp) && created < firstUp)
        return {
            kind: "notOurs",
            // Either created before this stack, or by an up of it that left no trace (neither the
            // state's Stack `created` nor a record): both are left to a person.
            reason: `created ${user.createdDateTime ?? "?"}, before this stack's first up (${firstUpAt ?? "?"}): not created by this stack`,
        };
    const proven = !isNaN(created) && !isNaN(firstUp);
    const upn = user.userPrincipalName?.toLowerCase();
    const other =
        names.guestsOfOtherTeams?.[user.id] ??
        (upn === undefined ? undefined : names.upnsOfOtherTeams?.[upn]);
    if (other !== undefined)
        return {
            kind: "shared",
            proven,
            reason: `team ${other} of this event names the same user: remove it by hand once no team needs it`,
        };
    if (!proven)
        return {
            kind: "unproven",
            reason: `cannot tell whether this stack created it (${isNaN(created) ? "Graph gives no createdDateTime" : "no first up known for this stack: no Stack `created` in its state, no record"}): check who invited it, then remove it by hand`,
        };
    return undefined;
}
