/**
 * One stack = one team's complete OpenHack for MLOps environment.
 * Config is validated before a single resource is registered (stacks/validate.ts), and so are the
 * members listed by e-mail (stacks/guestGuard.ts): the program is an async function the Pulumi
 * runtime awaits, and its result's properties are the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { readTeamStackConfig, type TeamStackConfig } from "./stacks/config";
import { emailMembersOf, refuseExistingUsers } from "./stacks/guestGuard";
import { TeamStack } from "./stacks/teamStack";
import { ConfigError } from "./stacks/validate";

// The one place that reads the clock: the event must not be over when a stack is deployed.
// `pulumi destroy` does not run this program, so teardown is never blocked by the date.
const now = new Date();
const config = readConfigOrExplain();

export = async () => {
    // An e-mail that already belongs to a user this stack did not invite stops the program here.
    await refuseExistingUsers(config.team.name, emailMembersOf(config.team), config.knownGuests);
    const stack = new TeamStack(config.team.name, { ...config, now });
    // The handout outputs (TeamStackOutputs; tests/config.test.ts pins the list). Only when Entra
    // sends no invitation e-mail does invitationRedeemUrls carry each guest's redeem link.
    return { ...stack.outputs, invitationRedeemUrls: stack.outputs.invitationRedeemUrls };
};

/** A config problem is the user's to fix: show the message, not a stack trace. */
function readConfigOrExplain(): TeamStackConfig {
    try {
        return readTeamStackConfig({ now });
    } catch (error) {
        if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
        throw error;
    }
}
