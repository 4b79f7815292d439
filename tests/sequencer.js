/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by jest as it is (no transform) */
/**
 * Longest test files first, so that no worker is left running one long file alone at the end.
 *
 * Jest's own order does that only with its timing cache (from an earlier run in the same folder,
 * kept outside the repository): a fresh clone, as CI runs it, has none, and Jest then orders by
 * file size, which put tests/cli/documented.test.ts (a short file of slow child processes) in the
 * middle of the run and made it the last one running. The files that take longest are written
 * down here (seconds of wall time in a fresh-clone run on the quiet 2-core machine, session 7,
 * NOTES.md "Suite time"); Jest's
 * cache, where there is one, wins; a file in neither counts as short (they take 0.5-8 s).
 * tests/summaryReporter.js names the slowest files of every run: update this list when they change.
 */
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

const MEASURED_SECONDS = {
    "tests/cli/documented.test.ts": 116,
    "tests/cli/documentedInterrupts.test.ts": 58,
    "tests/requests/cliTeardown.test.ts": 31,
    "tests/requests/cli.test.ts": 29,
    "tests/cli/documentedSafety.test.ts": 27,
    "tests/plan/cli.test.ts": 18,
    "tests/requests/workflow.test.ts": 17,
    "tests/handouts/browser.test.ts": 16,
    "tests/guardrails.test.ts": 15,
    "tests/team/footprint.test.ts": 14,
    "tests/team/fairShare.test.ts": 13,
    "tests/cli/stackExport.test.ts": 12,
    "tests/architecture.test.ts": 11,
    "tests/team/realCloud.test.ts": 11,
    "tests/preflight/cli.test.ts": 11,
    "tests/team/inventory.test.ts": 11,
    "tests/event/cost.test.ts": 11,
    "tests/event/statusCost.test.ts": 9,
    "tests/plan/brief.test.ts": 9,
};

class LongestFirstSequencer extends Sequencer {
    sort(tests) {
        const seconds = (test) =>
            this.time(test) !== undefined && this.time(test) !== null
                ? this.time(test) / 1000
                : (MEASURED_SECONDS[
                      path
                          .relative(test.context.config.rootDir, test.path)
                          .split(path.sep)
                          .join("/")
                  ] ?? 0);
        // As Jest does: what failed last time first, for the quickest feedback.
        return [...tests].sort(
            (a, b) =>
                Number(this.hasFailed(b)) - Number(this.hasFailed(a)) ||
                seconds(b) - seconds(a) ||
                (a.path < b.path ? -1 : 1),
        );
    }
}

module.exports = LongestFirstSequencer;
module.exports.MEASURED_SECONDS = MEASURED_SECONDS;
