/* global require, module, __filename */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by jest as it is (no transform) */
// Pulumi's SDK requires TypeScript (a 9 MB compiler) as soon as it is loaded
// (@pulumi/pulumi runtime/closure/parseFunction.js requires ../../typescript-shim at its top), but
// uses it only to serialize JavaScript functions (closures, dynamic providers), which this project
// never does. Jest gives every test file a registry of its own, so each file that loads the SDK paid
// ~1.5 s of CPU for a compiler it never called. jest.config.js maps the SDK's shim here: TypeScript
// is required on first use only, through Node's own loader, so at most once per Jest worker
// (tests/shims/typescriptOnUse.test.ts shows the SDK still parses a function through it).
const { createRequire } = require("node:module");

let typescript;
const load = () => (typescript ??= createRequire(__filename)("typescript"));

module.exports = new Proxy(
    {},
    {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    },
);
