// nock 15 and the interceptors under it ship ES modules only; Jest on Node 20 cannot require
// them, so tests/esmTransform.js transpiles exactly these packages.
const ESM_ONLY =
    "(nock|@mswjs/interceptors|until-async|outvariant|strict-event-emitter|is-node-process|@open-draft/[^/]+)";

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
    moduleNameMapper: { "^rettime$": "<rootDir>/tests/shims/rettime.js" },
    transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
    testTimeout: 60000,
    reporters: ["default", "<rootDir>/tests/summaryReporter.js"],
};
