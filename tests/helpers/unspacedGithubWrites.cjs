/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: also loaded by tests/helpers/nockPreload.cjs (no build step) */
// TEST-ONLY. @octokit/plugin-throttling spaces GitHub writes apart with Bottleneck groups of its own:
// 1 s between requests that create content (`octokit-write`) and 3 s between requests that notify
// someone, such as an issue comment (`octokit-notifications`); see its dist-node/index.js,
// createGroups. That spacing is GitHub's advice and the plugin's job, not this project's, and the
// tests that call it here check what is written and in which order, not when: each wait is 1-3 s of
// a test worker doing nothing (a request run of the team teardown path waited ~10 s per test).
//
// `unspaceGithubWrites()` gives those two groups (and the search group) no minimum gap in the module
// registry it is called in (a Jest test file, or the driver process of a CLI test via the nock
// preload). Everything else of the plugin stays: the rate-limit and secondary-limit handling, the
// retry-after waits, the global concurrency. It must run before the first Octokit client is built
// (the plugin creates its groups once, at the first client). tests/cloud/githubClient.test.ts
// proves the real client does space writes, without this.
"use strict";

const SPACED_GROUPS = /^octokit-(write|notifications|search)$/;

function unspaceGithubWrites() {
    const Bottleneck = require("bottleneck/light");
    if (Bottleneck.Group.unspaced === true) return;
    const Group = Bottleneck.Group;
    class UnspacedGroup extends Group {
        constructor(options = {}) {
            super(SPACED_GROUPS.test(String(options.id)) ? { ...options, minTime: 0 } : options);
        }
    }
    UnspacedGroup.unspaced = true;
    Bottleneck.Group = UnspacedGroup;
}

module.exports = { unspaceGithubWrites };
