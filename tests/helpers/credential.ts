/** A static Azure token for tests: the SDKs ask it for a token, nothing leaves the process. Counts the scopes asked for. */
import type { AccessToken, TokenCredential } from "@azure/identity";

export class FakeCredential implements TokenCredential {
    readonly scopes: string[] = [];
    getToken(scopes: string | string[]): Promise<AccessToken> {
        this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
        return Promise.resolve({ token: "fake-token", expiresOnTimestamp: Date.now() + 3_600_000 });
    }
}
