/**
 * `tsc --noEmit` and `eslint .` over one TypeScript program instead of two.
 *
 * Typed linting (typescript-eslint) builds the same program from tsconfig.json that tsc builds, and
 * both then ask its type checker the same questions: run apart they took ~18 s and ~40 s of CPU here,
 * most of it building and checking that program twice. This builds it once, reports its diagnostics
 * as `tsc --noEmit` does (same program, same options), then lints with ESLint's own configuration
 * (eslint.config.mjs) handed that program (`parserOptions.programs`, with which typescript-eslint
 * ignores `project`: @typescript-eslint/typescript-estree createParseSettings). Exit code 1 when
 * either found a problem, 2 when the configuration cannot be read. `npm test` runs it
 * (scripts/test.ts); `npm run typecheck` and `npm run lint` still run tsc and eslint on their own.
 */
import { ESLint } from "eslint";
import * as path from "node:path";
import ts from "typescript";

/** The project: the repository, or the folder given (tests run it on a small project of their own). */
const ROOT = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));

const formatHost: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
};

/** The program `tsc --noEmit` checks: tsconfig.json's files and options. */
function projectProgram(): ts.Program {
    const file = path.join(ROOT, "tsconfig.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(
        file,
        { noEmit: true },
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.formatDiagnostic(d, formatHost));
            },
        },
    );
    if (parsed === undefined) throw new Error(`${file}: cannot be read`);
    if (parsed.errors.length > 0) throw new Error(ts.formatDiagnostics(parsed.errors, formatHost));
    return ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        projectReferences: parsed.projectReferences,
    });
}

async function main(): Promise<number> {
    const program = projectProgram();
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0)
        process.stdout.write(
            process.stdout.isTTY
                ? ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost)
                : ts.formatDiagnostics(diagnostics, formatHost),
        );
    process.stdout.write(
        `tsc --noEmit: ${diagnostics.length} error(s) in ${program.getRootFileNames().length} files\n`,
    );

    const eslint = new ESLint({
        cwd: ROOT,
        // Only where eslint.config.mjs lints with type information (its `project`).
        overrideConfig: [
            { files: ["**/*.ts"], languageOptions: { parserOptions: { programs: [program] } } },
        ],
    });
    const results = await eslint.lintFiles(["."]);
    const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
    const text = await (await eslint.loadFormatter("stylish")).format(results);
    if (text !== "") process.stdout.write(text);
    process.stdout.write(`eslint .: ${problems} problem(s) in ${results.length} files\n`);
    return diagnostics.length > 0 || problems > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
    },
);
