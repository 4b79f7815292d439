/**
 * Closes the run with the slowest test files (so a slow change shows in the run that made it) and
 * then the one closing line CI reads (`jest: N passed, N failed`), kept in .ci/jest-summary.txt so
 * .ci/run can repeat it as its very last line.
 */
const fs = require("fs");
const path = require("path");

/** How many of the slowest files the summary names. */
const SLOWEST = 8;

/** `12.3 s  tests/cli/documented.test.ts` lines for the slowest files, slowest first. */
function slowestFiles(results, rootDir, count = SLOWEST) {
    return results.testResults
        .map((file) => ({
            file: path.relative(rootDir, file.testFilePath),
            seconds: (file.perfStats.end - file.perfStats.start) / 1000,
        }))
        .filter((f) => Number.isFinite(f.seconds) && f.seconds > 0)
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, count)
        .map((f) => `${f.seconds.toFixed(1).padStart(7)} s  ${f.file}`);
}

class SummaryReporter {
    constructor(globalConfig) {
        this.rootDir = globalConfig.rootDir;
    }

    onRunComplete(_contexts, results) {
        const slowest = slowestFiles(results, this.rootDir);
        if (slowest.length > 0) {
            const wall = ((Date.now() - results.startTime) / 1000).toFixed(1);
            process.stdout.write(
                `\nSlowest test files (wall time, ${wall} s in all):\n${slowest.join("\n")}\n`,
            );
        }
        // A suite that fails to run (compile error, crash) counts as a failure even with no test in it.
        const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
        const line = `jest: ${results.numPassedTests} passed, ${failed} failed`;
        fs.mkdirSync(path.join(__dirname, "..", ".ci"), { recursive: true });
        fs.writeFileSync(path.join(__dirname, "..", ".ci", "jest-summary.txt"), `${line}\n`);
        process.stdout.write(`${line}\n`);
    }
}

module.exports = SummaryReporter;
module.exports.slowestFiles = slowestFiles;
