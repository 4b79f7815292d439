// ESLint flat config: typescript-eslint with type information, Pulumi's rules, Prettier last.
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";

export default tseslint.config(
    {
        ignores: [
            "**/node_modules/**",
            "**/bin/**",
            "coverage/**",
            "jest.config.js",
            "tests/summaryReporter.js",
            "tests/esmTransform.js",
            "tests/shims/**",
            // Type declarations of CommonJS test helpers (checked by tsc where they are imported).
            "tests/helpers/*.d.cts",
            "tests/fixtures/**",
            // At the top level only index.ts is part of the TypeScript program (tsconfig.json
            // `include`); any other .ts there is a scratch file that typed linting cannot parse.
            "*.ts",
            "!index.ts",
        ],
    },
    eslint.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: {
                // One program for the whole repository: the files and options `tsc --noEmit` checks
                // (policy/tsconfig.json is only for using the pack on its own).
                project: "./tsconfig.json",
                tsconfigRootDir: import.meta.dirname,
            },
        },
        // @pulumi/eslint-plugin 0.3 exports only `rules` (no configs), so it is wired by hand.
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/ban-ts-comment": "error",
            // As with tsc's noUnusedLocals: a leading `_` marks a binding as deliberately unused,
            // e.g. a property dropped from a rest copy.
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    caughtErrorsIgnorePattern: "^_",
                    ignoreRestSiblings: true,
                },
            ],
            eqeqeq: "error",
            "prefer-const": "error",
        },
    },
    {
        files: ["tests/**/*.ts"],
        rules: {
            // @types/jest types the asymmetric matchers (expect.stringMatching, objectContaining, ...)
            // as `any`, and their whole point is to sit inside expected object literals.
            "@typescript-eslint/no-unsafe-assignment": "off",
            // Fakes implement async interfaces (Engine, DriverDeps, retried operations): `async`
            // keeps the real signature and turns a `throw` into a rejection, as the real code does.
            "@typescript-eslint/require-await": "off",
        },
    },
    {
        // JavaScript files (this config) are not part of the TypeScript program.
        files: ["**/*.{js,mjs,cjs}"],
        ...tseslint.configs.disableTypeChecked,
    },
    prettier,
);
