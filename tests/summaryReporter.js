/**
 * Prints the one closing line CI reads (`jest: N passed, N failed`) and keeps it in
 * .ci/jest-summary.txt so .ci/run can repeat it as its very last line.
 */
const fs = require("fs");
const path = require("path");

class SummaryReporter {
    onRunComplete(_contexts, results) {
        // A suite that fails to run (compile error, crash) counts as a failure even with no test in it.
        const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
        const line = `jest: ${results.numPassedTests} passed, ${failed} failed`;
        fs.mkdirSync(path.join(__dirname, "..", ".ci"), { recursive: true });
        fs.writeFileSync(path.join(__dirname, "..", ".ci", "jest-summary.txt"), `${line}\n`);
        process.stdout.write(`${line}\n`);
    }
}

module.exports = SummaryReporter;
