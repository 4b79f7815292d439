/**
 * A credential that fails as @azure/identity fails with no network: its own AuthenticationError in
 * the shape it gives MSAL's network_error (status 400, the cause on the message's second line; seen
 * under `unshare -n`, see tests/preflight/wrongCredentials.test.ts). Counts the sign-ins asked for.
 */
import { AuthenticationError, type AccessToken, type TokenCredential } from "@azure/identity";

export class OfflineCredential implements TokenCredential {
    asked = 0;
    getToken(): Promise<AccessToken> {
        this.asked++;
        return Promise.reject(
            new AuthenticationError(400, {
                error: "EnvironmentCredential authentication failed.",
                error_description:
                    "network_error: See https://aka.ms/msal.js.errors#network_error for details",
            }),
        );
    }
}
