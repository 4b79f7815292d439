// Test-only: nock 15's interceptors (@mswjs/interceptors 0.44) call Promise.withResolvers, which
// Node has from 22 on; this repository runs on Node 20. Same behaviour as the standard method.
if (typeof Promise.withResolvers !== "function") {
    Promise.withResolvers = function withResolvers() {
        let resolve;
        let reject;
        const promise = new this((res, rej) => {
            resolve = res;
            reject = rej;
        });
        return { promise, resolve, reject };
    };
}
