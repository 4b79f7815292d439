/**
 * Guest invitations in the plan: members given by `email` are invited to the tenant by the team
 * stacks, which e-mails real people and needs a right the rest of the deployment does not, so the
 * plan counts them per team and says so once per event, before anything is sent.
 */
import type { EventConfig } from "../../stacks/schema";
import type { PlannedComponent, Problem } from "./model";

export const INVITATION_TYPE = "azuread:index/invitation:Invitation";

/** Invitations a team stack registers. */
export const invitationCount = (components: readonly PlannedComponent[]): number =>
    components.reduce(
        (n, c) => n + c.resources.filter((r) => r.type === INVITATION_TYPE).length,
        0,
    );

/**
 * One warning per event whose teams invite guests: how many, what Entra sends, what it needs.
 * Deleting them at teardown is Graph's DELETE /users/{id}, which needs User.ReadWrite.All and, for a
 * user, the User Administrator or Privileged Authentication Administrator role (Microsoft Graph
 * reference, "Delete a user", learn.microsoft.com/graph/api/user-delete): Guest Inviter is not enough.
 */
export function invitationProblems(
    event: EventConfig,
    eventRoot: string,
    teams: readonly { readonly team: string; readonly components: readonly PlannedComponent[] }[],
): Problem[] {
    const perTeam = teams
        .map((t) => ({ team: t.team, n: invitationCount(t.components) }))
        .filter((t) => t.n > 0);
    const total = perTeam.reduce((n, t) => n + t.n, 0);
    if (total === 0) return [];
    const message = event.invitation.sendMessage
        ? `Entra e-mails each one an invitation in ${event.invitation.language}`
        : "Entra sends no e-mail (invitation.sendMessage is false): hand out the redeem links";
    return [
        {
            severity: "warning",
            code: "config-advice",
            path: `${eventRoot}.invitation`,
            message:
                `${eventRoot}.invitation: ${total} member${total === 1 ? "" : "s"} will be invited as B2B guests by e-mail ` +
                `(${perTeam.map((t) => `${t.team} ${t.n}`).join(", ")}); ${message}. The deployer needs the Guest Inviter ` +
                `role (or User.Invite.All), and the tenant's External collaboration settings must allow it to invite guests. ` +
                `Teardown deletes these guests, which needs User Administrator (or User.ReadWrite.All) as well: ` +
                `Guest Inviter can invite but not delete`,
        },
    ];
}
