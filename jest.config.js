const { availableParallelism, tmpdir } = require("node:os");
const path = require("node:path");

// package.json's engines (Node >= 22). `npm test` and `npx jest` run on the Node that `npm ci` puts in
// node_modules/.bin (the node-<platform> packages of optionalDependencies): npm puts that folder
// first on PATH, so the `node` of jest's `#!/usr/bin/env node` is it, and the workers it forks too.
const NODE_MAJOR = 22;
if (Number(process.versions.node.split(".")[0]) < NODE_MAJOR)
    throw new Error(
        `jest runs on Node ${process.versions.node}; this project needs Node >= ${NODE_MAJOR}. ` +
            "Run it as `npm test` or `npx jest ...` after `npm ci`: both use node_modules/.bin/node.",
    );

// For every Node process of the run (the jest workers, forked with this environment, and the CLI
// child processes the tests start; tests/cli/standin.ts gives those Node's default young
// generation, which costs short-lived processes less):
// - Node's on-disk compile cache (Node 22.1+), so npm, tsx, TypeScript and the Pulumi SDK are not
//   compiled again by each process; Node checks every entry against its file.
// - a larger young generation: Pulumi makes a promise and an Output per property, and with 128 MB
//   semi-spaces fewer of them survive into costly old-space collections (the plan's workers do the
//   same, offline/plan/runner.ts WORKER_HEAP). Measured: guardrails.test.ts 16.2 -> 14.8 s CPU
//   (16 -> 64 MB); inventory + plan/cli 24.1 -> 22.7 s CPU (64 -> 128 MB; 256 MB was slower).
process.env.NODE_COMPILE_CACHE ??= path.join(tmpdir(), "openhack-mlops-node-compile-cache");
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? ""))
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=128`.trim();

// nock 15 and the interceptors under it ship ES modules only; Jest requires ES modules natively only
// on Node 24.9+ (jest-runtime's ERR_REQUIRE_ESM message), so tests/esmTransform.js transpiles
// exactly these packages.
// GitHub's workflow parser (@actions/workflow-parser, @actions/expressions) is ES modules only too,
// and its package exports offer only `import`: moduleNameMapper points Jest at its entry files.
const ESM_ONLY =
    "(nock|@mswjs/interceptors|until-async|outvariant|strict-event-emitter|is-node-process|@open-draft/[^/]+|@actions/workflow-parser|@actions/expressions)";

/** @type {import('jest').Config} */
module.exports = {
    // Pulumi's SDK keeps its runtime state on globals; Jest's cleanup of them only produces noise.
    // The environment is Jest's Node one without the cost of source-mapping Pulumi's promise stacks.
    testEnvironment: "<rootDir>/tests/helpers/environment.js",
    testEnvironmentOptions: { globalsCleanup: "off" },
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
        [`/node_modules/${ESM_ONLY}/.+\.m?js$`]: "<rootDir>/tests/esmTransform.js",
    },
    // rettime has .mjs files only, which Jest never requires: tests/shims/rettime.js loads them.
    moduleNameMapper: {
        "^rettime$": "<rootDir>/tests/shims/rettime.js",
        // Pulumi's SDK loads TypeScript eagerly and never uses it here: tests/shims/typescriptOnUse.js.
        "^(\\.\\./\\.\\./|\\./)typescript-shim$": "<rootDir>/tests/shims/typescriptOnUse.js",
        "^@actions/(workflow-parser|expressions)$":
            "<rootDir>/node_modules/@actions/$1/dist/index.js",
        "^@actions/(workflow-parser|expressions)/(.*)$":
            "<rootDir>/node_modules/@actions/$1/dist/$2.js",
    },
    transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
    // Every core (Jest's default keeps one free, which on 2 cores runs everything in one process).
    // A third worker on the 2-core machine helped only with warm caches (jest 282 -> 257 s); in a
    // fresh clone, as CI runs it, its cold transforms and compiles cost more than it filled:
    // `npm test` 300 -> 316 s (NOTES.md "Suite time").
    maxWorkers: availableParallelism(),
    testTimeout: 60000,
    // Longest files first, also in a fresh clone without Jest's timing cache (tests/sequencer.js).
    testSequencer: "<rootDir>/tests/sequencer.js",
    reporters: ["default", "<rootDir>/tests/summaryReporter.js"],
};
