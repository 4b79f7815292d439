/**
 * nock 15 intercepts `fetch` (which Octokit uses) through @mswjs/interceptors, which calls
 * `Promise.withResolvers`: Node 22 has it, Node 20 does not. Import this before nock in a test
 * that puts nock in front of Octokit; on Node 22 it does nothing.
 */
if (!("withResolvers" in Promise)) {
    Object.defineProperty(Promise, "withResolvers", {
        configurable: true,
        writable: true,
        value: <T>() => {
            let resolve!: (value: T | PromiseLike<T>) => void;
            let reject!: (reason?: unknown) => void;
            const promise = new Promise<T>((res, rej) => {
                resolve = res;
                reject = rej;
            });
            return { promise, resolve, reject };
        },
    });
}
export {};
