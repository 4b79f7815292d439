/**
 * One stack = one team's complete OpenHack for MLOps environment.
 * Config is validated before a single resource is registered (stacks/validate.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { readTeamStackConfig, type TeamStackConfig } from "./stacks/config";
import { TeamStack } from "./stacks/teamStack";
import { ConfigError } from "./stacks/validate";

// The one place that reads the clock: the event must not be over when a stack is deployed.
// `pulumi destroy` does not run this program, so teardown is never blocked by the date.
const now = new Date();
const config = readConfigOrExplain();
const stack = new TeamStack(config.team.name, { ...config, now });

export const {
    team,
    subscriptionId,
    tenantId,
    resourceGroup,
    workspace,
    studioUrl,
    portalUrl,
    storageAccount,
    datastore,
    dataAssets,
    computeCluster,
    computeInstances,
    endpoint,
    repository,
    repositoryUrl,
    servicePrincipalClientId,
    credentialsEndDate,
    invitedGuests,
    repositorySecrets,
    repositoryVariables,
    // Present only when Entra sends no invitation e-mail: each guest's redeem link, for the handout.
    invitationRedeemUrls,
} = stack.outputs;

/** A config problem is the user's to fix: show the message, not a stack trace. */
function readConfigOrExplain(): TeamStackConfig {
    try {
        return readTeamStackConfig({ now });
    } catch (error) {
        if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
        throw error;
    }
}
