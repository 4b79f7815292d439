// nock 15 and the interceptors under it ship ES modules only; Jest on Node 20 cannot require
// them, so tests/esmTransform.js transpiles exactly these packages.
// GitHub's workflow parser (@actions/workflow-parser, @actions/expressions) is ES modules only too,
// and its package exports offer only `import`: moduleNameMapper points Jest at its entry files.
const ESM_ONLY =
    "(nock|@mswjs/interceptors|until-async|outvariant|strict-event-emitter|is-node-process|@open-draft/[^/]+|@actions/workflow-parser|@actions/expressions)";

/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // Pulumi's SDK keeps its runtime state on globals; Jest's cleanup of them only produces noise.
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
        "^@actions/(workflow-parser|expressions)$":
            "<rootDir>/node_modules/@actions/$1/dist/index.js",
        "^@actions/(workflow-parser|expressions)/(.*)$":
            "<rootDir>/node_modules/@actions/$1/dist/$2.js",
    },
    transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
    // Promise.withResolvers (used by nock's interceptors) for Node 20.
    setupFiles: ["<rootDir>/tests/helpers/nodePolyfills.js"],
    testTimeout: 60000,
    reporters: ["default", "<rootDir>/tests/summaryReporter.js"],
};
