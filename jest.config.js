const ESM_PACKAGES = "(nock|@mswjs/interceptors|@open-draft/until|\\.cache/esm-cjs)";
const ESM_ONLY = `/node_modules/${ESM_PACKAGES}/`;

/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // Pulumi's SDK keeps its runtime state on globals; Jest's cleanup of them only produces noise.
    testEnvironmentOptions: { globalsCleanup: "off" },
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
        // nock 15 and @mswjs/interceptors ship only ES modules (see the transformer).
        [`${ESM_ONLY}.+\\.m?js$`]: "<rootDir>/tests/helpers/esmToCommonJs.js",
    },
    transformIgnorePatterns: [`/node_modules/(?!${ESM_PACKAGES})/`],
    setupFiles: ["<rootDir>/tests/helpers/nodePolyfills.js"],
    testTimeout: 60000,
    reporters: ["default", "<rootDir>/tests/summaryReporter.js"],
};
