import { evaluate } from "../../policy/evaluate";
import { INVITATION } from "../../policy/rules/invitations";
import { stackPlus, violation } from "./helpers";

/** The compliant stack plus one invitation with `inputs`. */
const withInvitation = (inputs: Record<string, unknown>) =>
    evaluate(stackPlus({ type: INVITATION, name: "alpha-guests-kim", inputs }));

const COMPLIANT = {
    userEmailAddress: "kim@fabrikam.com",
    userType: "Guest",
    redirectUrl: "https://ml.azure.com/?tid=00000000-0000-0000-0000-0000000000aa",
    message: { language: "ja-JP" },
};

describe("guest-invitation-guest-only", () => {
    test.each([
        ["as the program registers it", COMPLIANT],
        ["userType unset (azuread defaults to Guest)", { ...COMPLIANT, userType: undefined }],
        ["redirect URL still unknown (preview)", { ...COMPLIANT, redirectUrl: undefined }],
    ])("compliant: %s", (_, inputs) => {
        expect(withInvitation(inputs)).toEqual([]);
    });

    test("violated by a Member invitation and a plain-HTTP redirect, both reported", () => {
        expect(
            withInvitation({
                ...COMPLIANT,
                userType: "Member",
                redirectUrl: "http://ml.azure.com/",
            }),
        ).toEqual([
            violation(
                "guest-invitation-guest-only",
                INVITATION,
                "alpha-guests-kim",
                'userType must be Guest (is "Member")',
            ),
            violation(
                "guest-invitation-guest-only",
                INVITATION,
                "alpha-guests-kim",
                'redirectUrl must be an https:// URL (is "http://ml.azure.com/")',
            ),
        ]);
    });
});
