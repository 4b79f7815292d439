/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // Pulumi's SDK keeps its runtime state on globals; Jest's cleanup of them only produces noise.
    testEnvironmentOptions: { globalsCleanup: "off" },
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
    testTimeout: 60000,
    reporters: ["default", "<rootDir>/tests/summaryReporter.js"],
};
