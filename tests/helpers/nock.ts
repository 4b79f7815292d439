/**
 * nock for one test file: no real connection, mocks cleared after each test, and the interception
 * removed after the file. Without `restore`, the next file in the same Jest worker would find
 * `fetch` and `http` (shared by every file of a worker) still patched by this file's nock, and its
 * own mocks would never be seen. Every test file that imports nock calls this once at top level.
 */
import nock from "nock";

export function useNock(options: { readonly failOnPending?: boolean } = {}): void {
    beforeAll(() => {
        if (!nock.isActive()) nock.activate();
        nock.disableNetConnect();
    });
    afterEach(() => {
        const pending = nock.pendingMocks();
        nock.cleanAll();
        if (options.failOnPending) expect(pending).toEqual([]);
    });
    afterAll(() => {
        nock.cleanAll();
        nock.enableNetConnect();
        nock.restore();
    });
}
