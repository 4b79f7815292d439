/**
 * Guest invitations (members given by e-mail): an invitation may only make a B2B guest. A `Member`
 * invitation would give a participant from another company the default permissions of an employee
 * in the hack's tenant (list users and groups, register apps...), and the redeem redirect must not
 * send a freshly signed-in guest to a plain-HTTP page.
 */
import { show } from "../props";
import type { PolicyResource, ResourceRule } from "../types";

export const INVITATION = "azuread:index/invitation:Invitation";

export function checkGuestInvitation(r: PolicyResource): string[] {
    const problems: string[] = [];
    const userType = r.props.userType;
    // azuread defaults userType to Guest, so unset is compliant.
    if (userType !== undefined && userType !== null && userType !== "Guest")
        problems.push(`userType must be Guest (is ${show(userType)})`);
    const redirect = r.props.redirectUrl;
    // Unknown during a preview (it is built from the tenant id): only a known value can be judged.
    if (typeof redirect === "string" && !redirect.startsWith("https://"))
        problems.push(`redirectUrl must be an https:// URL (is ${show(redirect)})`);
    return problems;
}

export const invitationRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "guest-invitation-guest-only",
        description:
            "Invitations create B2B guests (userType Guest), never members, and redirect over HTTPS.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [INVITATION],
        check: checkGuestInvitation,
    },
];
