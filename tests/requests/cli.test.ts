/**
 * `npm run -s event -- requests <roster> --apply` as the workflow runs it: a child process from the
 * repository root, the Pulumi CLI stand-in (tests/cli/standin) for pulumi, the real Octokit of
 * event/cloud/clients.ts. GitHub is answered inside the child by the test-only preload
 * tests/helpers/nockPreload.cjs (NODE_OPTIONS set here only, every real connection refused), from
 * bodies of github/rest-api-description examples (tests/fixtures/github/, each names its source).
 * No Azure credential reaches the child, so the teardown's purge and verification cannot prove
 * anything: the team fails and the request says so (docs/team-teardown.md), as on a runner whose
 * Azure sign-in is broken. The success path, with an Azure CLI stand-in and ARM and Graph answered
 * too, is tests/requests/cliTeardown.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run, sandbox, type Sandbox } from "../cli/standin";
import {
    AUTHENTICATED,
    COMMENT,
    GITHUB_API as API,
    ISSUE,
    PRELOAD,
    REPOSITORY,
    auroraRequest,
    type Logged,
} from "./cliChild";

jest.setTimeout(240_000);

let sb: Sandbox;
let tmp: string;
beforeAll(() => {
    sb = sandbox("rqc");
    tmp = mkdtempSync(path.join(tmpdir(), "requests-cli-"));
    // The team's stack exists with resources (the stand-in's `up`; no GitHub token: nothing asked).
    // Set-up only (the preflight is tests/cli/documented.test.ts's): --skip-preflight.
    const up = run(sb, `npm run event -- up ${sb.roster} --team aurora --skip-preflight`);
    if (up.code !== 0) throw new Error(`up failed: ${up.stdout}\n${up.stderr}`);
});
afterAll(() => {
    sb.dispose();
    rmSync(tmp, { recursive: true, force: true });
});

/** Every GitHub answer of one run; `earlier`: the comments already on request #1. */
function fixture(earlier: readonly unknown[]): string {
    const repo = (team: string) => `/repos/contoso-hack/${sb.event}-${team}`;
    const request = auroraRequest(sb.event);
    const interceptors = [
        {
            method: "GET",
            origin: API,
            path: `${repo("aurora")}/issues`,
            status: 200,
            body: [request],
        },
        ...["borealis", "cirrus"].map((t) => ({
            method: "GET",
            origin: API,
            path: `${repo(t)}/issues`,
            status: 200,
            body: [],
        })),
        {
            method: "GET",
            origin: API,
            path: repo("aurora"),
            status: 200,
            body: {
                ...REPOSITORY,
                name: `${sb.event}-aurora`,
                full_name: `contoso-hack/${sb.event}-aurora`,
            },
        },
        { method: "GET", origin: API, path: "/user", status: 200, body: AUTHENTICATED },
        {
            method: "GET",
            origin: API,
            path: `${repo("aurora")}/issues/1/comments`,
            status: 200,
            body: earlier,
        },
        {
            method: "POST",
            origin: API,
            path: `${repo("aurora")}/issues/1/comments`,
            status: 201,
            body: COMMENT,
        },
        {
            method: "PATCH",
            origin: API,
            path: `${repo("aurora")}/issues/1`,
            status: 200,
            body: ISSUE,
        },
    ];
    const file = path.join(tmp, `fixture-${earlier.length}.json`);
    writeFileSync(file, JSON.stringify({ interceptors }));
    return file;
}

/** The documented command, run with the preload; what GitHub was asked, in order. */
function applyRun(earlier: readonly unknown[]) {
    const log = path.join(tmp, `log-${earlier.length}.jsonl`);
    const r = run(sb, `npm run -s event -- requests ${sb.roster} --apply`, {
        GITHUB_TOKEN: "test-token-not-real",
        NODE_OPTIONS: `--require ${PRELOAD}`,
        NOCK_PRELOAD_FIXTURE: fixture(earlier),
        NOCK_PRELOAD_LOG: log,
    });
    const asked = existsSync(log)
        ? readFileSync(log, "utf8")
              .split("\n")
              .filter((l) => l !== "")
              .map((l) => JSON.parse(l) as Logged)
        : [];
    return { ...r, asked };
}

const commentsPosted = (asked: readonly Logged[]): string[] =>
    asked
        .filter((a) => a.method === "POST" && !a.noMatch)
        .map((a) => (JSON.parse(a.body ?? "{}") as { body: string }).body);

test("requests --apply through the CLI: the request is read and authorised, the start is said, the team's stack destroyed by the CLI, the unproven teardown reported on the request, which stays open", () => {
    const r = applyRun([]);
    expect(r.asked.filter((a) => a.noMatch)).toEqual([]);
    // Nothing reached the network: every request was answered by the preload.
    expect(r.asked.map((a) => `${a.method} ${a.url.split("?")[0]}`)).toContain(
        `GET ${API}/repos/contoso-hack/${sb.event}-aurora/issues`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/aurora\s+#1\s+@ben-okafor\s+honour \(member\)/);
    // The stand-in ran the destroy of that team only.
    const destroys = sb.invocations().filter((i) => i.args[0] === "destroy");
    expect(destroys.map((i) => i.args[i.args.indexOf("--stack") + 1])).toEqual([
        `${sb.event}-aurora`,
    ]);
    const posted = commentsPosted(r.asked);
    expect(posted.map((p) => p.split("\n")[0].slice(0, 40))).toEqual([
        "Tearing down the environment of team aur",
        "The teardown of team aurora failed: the ",
    ]);
    // The verification report, as verify-teardown writes it, in a code block: nothing proven.
    expect(posted[1]).toContain("```text\nTeardown verification");
    expect(posted[1]).toContain("stays open");
    // Not closed, not archived: the next run tries again.
    expect(r.asked.some((a) => a.method === "PATCH")).toBe(false);
    expect(r.stdout + r.stderr).not.toContain("test-token-not-real");

    // The next hour, the same failure: nothing new is posted on the request.
    const again = applyRun(
        posted.map((body, i) => ({
            ...COMMENT,
            body,
            created_at: `2030-12-19T0${i}:00:00Z`,
            user: { ...(COMMENT.user as object), login: AUTHENTICATED.login },
        })),
    );
    expect(again.code).toBe(1);
    expect(again.asked.filter((a) => a.noMatch)).toEqual([]);
    expect(commentsPosted(again.asked)).toEqual([]);
    expect(again.stdout).toContain("told #1 the teardown failed (said before: not repeated)");
});
