/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by node --require (no build step) */
// TEST-ONLY. Loaded into a child process by a test, and only by a test, through
// NODE_OPTIONS="--require <this file>" (tests/requests/cli.test.ts): nock cannot reach a child
// process from the test's own, so this installs the interceptors of a fixture file inside the
// child, with every real connection refused. Production code neither loads nor knows this file.
//
// NOCK_PRELOAD_FIXTURE  JSON file: { interceptors: [{ method, origin, path, status, body?, headers?,
//                       times? }] }; `path` is matched exactly (any query string); times defaults to
//                       "every time".
// NOCK_PRELOAD_LOG      file that gets one JSON line per request: what was answered (and the URL
//                       as requested, query included), with the request body and the Authorization scheme and token it carried (tests use
//                       only fake tokens), and what found no interceptor ("no match").
// NOCK_PRELOAD_PENDING  optional file that gets, when the process exits, the JSON list of the
//                       interceptors never used (nock.pendingMocks(): a persisted one counts as used
//                       once it answered), so a test can fail on an expected call that never came;
//                       written by the process that made requests (none: no file).
// An interceptor's other fields (`source`: where its body comes from) are for the reader only.
// Only the event driver's process installs them (npm, tsx and the Pulumi CLI stand-in inherit
// NODE_OPTIONS too, and make no HTTP request of their own here).
"use strict";
const fs = require("node:fs");

const fixtureFile = process.env.NOCK_PRELOAD_FIXTURE;
const logFile = process.env.NOCK_PRELOAD_LOG;
const isDriver = process.argv.some((a) => /event[\\/]cli\.ts$/.test(a));

if (fixtureFile && logFile && isDriver) {
    // GitHub's 1-3 s spacing of writes is the Octokit plugin's, and nothing here checks it: the
    // driver's writes go out unspaced (tests/helpers/unspacedGithubWrites.cjs says why).
    require("./unspacedGithubWrites.cjs").unspaceGithubWrites();
    const loaded = require("nock");
    const nock = loaded.default ?? loaded;
    // How many requests this process made: tsx's own process also matches `isDriver` (its argv
    // names event/cli.ts) but the driver runs in its child; only a process that asked writes pending.
    let asked = 0;
    const log = (entry) => {
        asked++;
        fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    };
    nock.disableNetConnect();
    // nock 14+ hands over a fetch Request (headers.get); older versions a ClientRequest.
    const authorizationOf = (req) =>
        (typeof req?.headers?.get === "function"
            ? req.headers.get("authorization")
            : req?.headers?.authorization) ?? undefined;
    const { interceptors } = JSON.parse(fs.readFileSync(fixtureFile, "utf8"));
    for (const i of interceptors) {
        const scope = nock(i.origin);
        let interceptor = scope.intercept(i.path, i.method).query(true);
        interceptor = i.times === undefined ? interceptor : interceptor.times(i.times);
        if (i.times === undefined) scope.persist();
        interceptor.reply(i.status, i.body, i.headers);
        // The interceptor that answered (its method and path), with the request body as sent.
        scope.on("request", (req, _interceptor, body) => {
            log({
                method: i.method,
                url: `${i.origin}${i.path}`,
                body: body === "" || body === undefined ? undefined : body,
                requested: String(req?.url ?? ""),
                authorization: authorizationOf(req),
            });
        });
    }
    nock.emitter.on("no match", (req) => {
        log({
            noMatch: true,
            method: req.method,
            url: String(
                req.url ?? req.href ?? `${req.hostname ?? req.host ?? ""}${req.path ?? ""}`,
            ),
        });
    });
    const pendingFile = process.env.NOCK_PRELOAD_PENDING;
    if (pendingFile)
        process.on("exit", () => {
            if (asked > 0) fs.writeFileSync(pendingFile, JSON.stringify(nock.pendingMocks()));
        });
}
