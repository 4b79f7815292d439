/**
 * Whether teardown may remove a user this stack recorded as its invited guest (issue 22). The
 * record alone is not proof: Graph answers an invitation of an address that already belongs to a
 * user of the tenant with that user, so the recorded id can be a coach, a member, or a guest of an
 * earlier event. A recorded user is kept (and the reason reported) when any of these holds:
 * - it is not a guest (`userType` is not `Guest`): the stack only ever creates guests;
 * - another team of the event names it (recorded as that team's guest, or listed there by object
 *   id): removing it would take a person from a team that still counts on them;
 * - Graph's `createdDateTime` is earlier than this stack's first `up`: a user that existed before
 *   the stack's first invitation was not created by it (Graph reference, user resource:
 *   createdDateTime, "The created date of the user object. Read-only. Returned only on $select",
 *   learn.microsoft.com/graph/api/resources/user).
 */
import type { UserRef } from "./cloud";
import type { TeardownNames } from "./names";

/** Why the user must stay in the tenant, or undefined when teardown may remove it. */
export function whyKeepGuest(user: UserRef, names: TeardownNames): string | undefined {
    if (user.userType !== "Guest")
        return `a ${user.userType ?? "non-guest"} user, not one this stack created`;
    const other = names.guestsOfOtherTeams?.[user.id];
    if (other !== undefined)
        return `team ${other} of this event names the same user: remove it by hand once no team needs it`;
    const created = user.createdDateTime === undefined ? NaN : Date.parse(user.createdDateTime);
    const firstUp = names.firstUpAt === undefined ? NaN : Date.parse(names.firstUpAt);
    if (!isNaN(created) && !isNaN(firstUp) && created < firstUp)
        return `created ${user.createdDateTime ?? "?"}, before this stack's first up (${names.firstUpAt ?? "?"}): not created by this stack`;
    return undefined;
}
