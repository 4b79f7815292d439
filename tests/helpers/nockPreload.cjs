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
// NOCK_PRELOAD_LOG      file that gets one JSON line per request: what was answered, with the
//                       request body, and what found no interceptor ("no match").
// Only the event driver's process installs them (npm, tsx and the Pulumi CLI stand-in inherit
// NODE_OPTIONS too, and make no HTTP request of their own here).
"use strict";
const fs = require("node:fs");

const fixtureFile = process.env.NOCK_PRELOAD_FIXTURE;
const logFile = process.env.NOCK_PRELOAD_LOG;
const isDriver = process.argv.some((a) => /event[\\/]cli\.ts$/.test(a));

if (fixtureFile && logFile && isDriver) {
    const loaded = require("nock");
    const nock = loaded.default ?? loaded;
    const log = (entry) => fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    nock.disableNetConnect();
    const { interceptors } = JSON.parse(fs.readFileSync(fixtureFile, "utf8"));
    for (const i of interceptors) {
        const scope = nock(i.origin);
        let interceptor = scope.intercept(i.path, i.method).query(true);
        interceptor = i.times === undefined ? interceptor : interceptor.times(i.times);
        if (i.times === undefined) scope.persist();
        interceptor.reply(i.status, i.body, i.headers);
        // The interceptor that answered (its method and path), with the request body as sent.
        scope.on("request", (_req, _interceptor, body) => {
            log({
                method: i.method,
                url: `${i.origin}${i.path}`,
                body: body === "" || body === undefined ? undefined : body,
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
}
