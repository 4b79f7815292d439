/**
 * The remedy that fits what is set: a user whose AZURE_CLIENT_SECRET was refused needs a new
 * secret, not "export AZURE_CLIENT_SECRET"; a GITHUB_TOKEN GitHub refused needs replacing; a
 * service that could not be reached needs the network, whatever the credential.
 */
import type { CheckStatus, Service } from "./model";
import type { Cause } from "./cause";
import type { Remedies } from "./runner";

const SERVICE_PRINCIPAL_VARIABLES = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"];

const isSet = (env: NodeJS.ProcessEnv, name: string): boolean => (env[name] ?? "") !== "";

const NETWORK =
    "check this machine's network, DNS and proxy (HTTPS_PROXY, NO_PROXY) for HTTPS to HOST, then re-run preflight";

/** How to get a working Azure sign-in, given which of the service principal variables are set. */
export function azureSignInRemedy(env: NodeJS.ProcessEnv, cause?: Cause): string {
    if (cause?.kind === "unreachable")
        return NETWORK.replace("HOST", "login.microsoftonline.com and management.azure.com");
    const set = SERVICE_PRINCIPAL_VARIABLES.filter((v) => isSet(env, v));
    if (set.length === SERVICE_PRINCIPAL_VARIABLES.length)
        return "AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET are set and were refused: check the tenant id and client id, and make a new secret if it expired (az ad app credential reset --id $AZURE_CLIENT_ID), or unset the three to use your az login";
    if (set.length > 0) {
        const unset = SERVICE_PRINCIPAL_VARIABLES.filter((v) => !isSet(env, v));
        return `${set.join(", ")} ${set.length === 1 ? "is" : "are"} set but ${unset.join(", ")} ${unset.length === 1 ? "is" : "are"} not: set ${unset.length === 1 ? "it" : "them"} too, or unset ${set.length === 1 ? "it" : "them"} and run az login`;
    }
    return "az login (or export AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET for a service principal; on an Azure VM add --managed-identity)";
}

/** A failed Azure sign-in as the credential line of Azure (Entra ID says it shares the sign-in). */
export function azureSignInFailure(
    env: NodeJS.ProcessEnv,
    cause: Cause,
): { readonly missing: string; readonly remedy: string; readonly status: CheckStatus } {
    return {
        missing: `no Azure sign-in: ${cause.reason}`,
        remedy: azureSignInRemedy(env, cause),
        // A credential Entra ID refused is wrong for sure; an unreachable sign-in proves nothing.
        status: cause.kind === "refused" ? "fail" : "unknown",
    };
}

/** Entra ID's line when the Azure sign-in failed: the same cause, said once under Azure. */
export const SAME_SIGN_IN = {
    missing: "not checked: Graph uses the Azure sign-in, which failed (see Azure above)",
    remedy: "",
} as const;

/** Remedies per service for a cause found during the checks (runner.ts collapseCause). */
export function serviceRemedies(env: NodeJS.ProcessEnv): Record<Service, Remedies> {
    const azure: Remedies = {
        unreachable: NETWORK.replace("HOST", "management.azure.com"),
        refused: azureSignInRemedy(env),
    };
    return {
        azure,
        entra: { ...azure, unreachable: NETWORK.replace("HOST", "graph.microsoft.com") },
        github: {
            unreachable: NETWORK.replace("HOST", "api.github.com"),
            refused:
                "GitHub refused the token in GITHUB_TOKEN (wrong, expired or revoked): make a new one (classic: scope repo; fine-grained: Administration, Secrets, Variables, Environments read/write) at https://github.com/settings/tokens and put it in GITHUB_TOKEN, or GITHUB_TOKEN=$(gh auth token)",
        },
    };
}
