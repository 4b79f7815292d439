/**
 * Teams' teardown requests end to end below the CLI: the real Octokit of event/cloud/clients.ts
 * behind nock (bodies: github/rest-api-description examples, tests/fixtures/github/ and, for GET /user,
 * tests/fixtures/preflight/github-authenticated-user.json), the real
 * driver with its fake engine, the real teardown session on the in-memory cloud.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import nock from "nock";
import { stringify } from "yaml";
import { githubClient } from "../../event/cloud/clients";
import { WARNING_TITLE } from "../../event/requests/expiry";
import { CONFIRM_LABEL } from "../../event/requests/form";
import { runRequests, type RequestsOptions } from "../../event/requests/command";
import { EXIT } from "../../event/summary";
import { teardownSession } from "../../event/teardown/session";
import { eventInput, harness, teamInput, type Harness } from "../event/fakes";
import {
    graphForbidden,
    invitedGuestUser,
    MemoryCloud,
    MemoryRecords,
    SUBSCRIPTION,
    withCloudEffects,
} from "../event/teardownFakes";
import { useNock } from "../helpers/nock";
import { unspaceGithubWrites } from "../helpers/unspacedGithubWrites.cjs";

const API = "https://api.github.com";
/** A fixture file of tests/fixtures/<dir>/ (each names its source). */
const fixtureFile = <T>(dir: string, name: string): T =>
    JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", dir, name), "utf8")) as T;
const fixture = (name: string): Record<string, unknown> =>
    fixtureFile<{ value: Record<string, unknown> }>("github", name).value;
const ISSUE = fixture("issue.json");
/** GET /user: who the automation's token is. */
const AUTHENTICATED = fixtureFile<{ body: { login: string } }>(
    "preflight",
    "github-authenticated-user.json",
).body;
const COMMENT = fixture("issue-comment.json");
/** GET /repos/{owner}/{repo}. */
const REPOSITORY = fixture("repository.json");
/** 403 to any write on an archived repository. */
const ARCHIVED_403 = fixtureFile<{ body: Record<string, unknown> }>(
    "github",
    "archived-read-only.json",
).body;
const LIMITED = fixtureFile<{ body: Record<string, unknown>; headers: Record<string, string> }>(
    "preflight",
    "github-secondary-rate-limit.json",
);

/** The example issue as GitHub lists an issue (no `pull_request`) opened by `login` on `repo`. */
function issue(repo: string, number: number, login: string, body: string | null) {
    const { pull_request: _pr, ...plain } = ISSUE;
    return {
        ...plain,
        number,
        state: "open",
        title: "Tear down our environment",
        html_url: `https://github.com/contoso-hack/${repo}/issues/${number}`,
        user: { ...(ISSUE.user as object), login },
        body,
        state_reason: null,
    };
}
const form = (typed: string): string => `### ${CONFIRM_LABEL}\n\n${typed}\n`;

const ROSTER = stringify({
    event: eventInput({ github: { owner: "contoso-hack", coaches: ["kenji-coach"] } }),
    teams: ["aurora", "borealis"].map((t) => ({ ...teamInput(t), subscriptionId: SUBSCRIPTION })),
});

interface World {
    readonly h: Harness;
    readonly cloud: MemoryCloud;
    /** GitHub writes and archives, in the order they happened. */
    readonly events: string[];
}

function world(stacks: readonly string[] = ["aurora", "borealis"]): World {
    const h = harness();
    // Real HTTP (nock behind Octokit) does not fit the virtual clock's idle detection: waits end at once.
    h.clock.sleep = async () => undefined;
    const cloud = new MemoryCloud();
    const events: string[] = [];
    for (const team of ["aurora", "borealis"]) {
        cloud.provision("oh4mlex", team);
        if (stacks.includes(team)) h.engine.addStack(`oh4mlex-${team}`);
    }
    withCloudEffects(h.engine, cloud);
    const archive = cloud.archiveRepository.bind(cloud);
    cloud.archiveRepository = async (owner, name) => {
        events.push(`archive ${name}`);
        return archive(owner, name);
    };
    return { h, cloud, events };
}

function run(
    w: World,
    overrides: Partial<RequestsOptions> = {},
    roster: string = ROSTER,
): Promise<number> {
    const records = new MemoryRecords();
    const client = githubClient({
        token: "test-token",
        rateLimitRetries: 0,
        serverErrorRetries: 0,
    });
    return runRequests(
        {
            rosterFile: "stacks/oh4mlex.yaml",
            apply: false,
            json: false,
            parallel: 4,
            retries: 0,
            ...overrides,
        },
        {
            ...w.h.deps(roster),
            teardown: (roster, opts) => teardownSession(roster, opts, w.cloud, records),
            github: async () => client,
            now: () => new Date("2026-12-19T09:00:00Z"),
        },
    );
}

/**
 * Lists `issues` (open and closed) on the team's repository, and answers GET of the repository
 * (asked only when something would be written there) with `archived`.
 */
const listing = (team: string, issues: readonly unknown[], archived = false) =>
    nock(API)
        .get(`/repos/contoso-hack/oh4mlex-${team}/issues`)
        .query({ state: "all", per_page: "100" })
        .reply(200, issues as nock.Body)
        .get(`/repos/contoso-hack/oh4mlex-${team}`)
        .optionally()
        .reply(200, {
            ...REPOSITORY,
            name: `oh4mlex-${team}`,
            full_name: `contoso-hack/oh4mlex-${team}`,
            archived,
        });

/** A comment the automation's own account (GET /user's login) wrote earlier. */
const ownComment = (body: string, createdAt: string) => ({
    ...COMMENT,
    body,
    created_at: createdAt,
    user: { ...(COMMENT.user as object), login: AUTHENTICATED.login },
});

/**
 * Records every comment and update on the team's repository into `events`, in order. Each issue's
 * comments list as `earlier` (what the automation said on an earlier run; none by default), and
 * GET /user says who the automation is.
 */
function writes(w: World, team: string, earlier: readonly unknown[] = []): nock.Scope {
    const repo = `/repos/contoso-hack/oh4mlex-${team}`;
    nock(API).persist().get("/user").optionally().reply(200, AUTHENTICATED);
    nock(API)
        .persist()
        .get(new RegExp(`^${repo}/issues/\\d+/comments`))
        .reply(200, earlier as nock.Body);
    const scope = nock(API)
        .persist()
        .post(new RegExp(`^${repo}/issues/\\d+/comments$`))
        .reply(201, COMMENT)
        .patch(new RegExp(`^${repo}/issues/\\d+$`))
        .reply(200, ISSUE);
    // Emitted for the interceptor that answered, with the request body as sent.
    scope.on(
        "request",
        (req: { path?: string; url?: string; method: string }, _i: unknown, body: string) => {
            const where = req.path ?? new URL(req.url ?? "").pathname;
            const n = where.split("/")[5];
            const sent = JSON.parse(body) as {
                body?: string;
                state?: string;
                state_reason?: string;
            };
            w.events.push(
                req.method === "POST"
                    ? `comment ${team}#${n}: ${sent.body}`
                    : `${sent.state} ${team}#${n} ${sent.state_reason}`,
            );
        },
    );
    return scope;
}

// Order and content of the writes are checked here, not GitHub's 1-3 s spacing between them.
unspaceGithubWrites();
useNock();
afterEach(() => nock.cleanAll());

describe("deciding requests (dry run: nothing written)", () => {
    test("member and coach are honoured; another team's member, an outsider and a wrong confirmation are refused", async () => {
        const w = world();
        listing("aurora", [
            issue("oh4mlex-aurora", 1, "aurora-b", form("aurora")),
            issue("oh4mlex-aurora", 2, "borealis-a", form("aurora")),
            issue("oh4mlex-aurora", 3, "mallory", form("aurora")),
            issue("oh4mlex-aurora", 4, "aurora-c", form("borealis")),
            // Not a request: no confirmation field; a pull request is never one.
            issue("oh4mlex-aurora", 5, "aurora-a", "Our model does not converge"),
            { ...ISSUE, number: 6, body: form("aurora") },
        ]);
        listing("borealis", [issue("oh4mlex-borealis", 7, "kenji-coach", form("borealis"))]);
        const exit = await run(w);
        expect(exit).toBe(EXIT.ok);
        const out = w.h.out.text;
        expect(out).toContain("dry run: nothing is changed");
        expect(out).toMatch(/aurora\s+#1\s+@aurora-b\s+honour \(member\)/);
        expect(out).toMatch(
            /aurora\s+#2\s+@borealis-a\s+refuse: @borealis-a is a member of team borealis, not of team aurora/,
        );
        expect(out).toMatch(
            /aurora\s+#3\s+@mallory\s+refuse: @mallory is neither a member of team aurora nor a coach/,
        );
        expect(out).toMatch(
            /aurora\s+#4\s+@aurora-c\s+refuse: the confirmation does not match the team name aurora/,
        );
        expect(out).not.toMatch(/#5|#6/);
        expect(out).toMatch(/borealis\s+#7\s+@kenji-coach\s+honour \(coach\)/);
        expect(out).toMatch(/=> tear down \(destroy, purge, verify\)/);
        expect(w.h.engine.runs()).toEqual([]);
        expect(w.cloud.calls).toEqual([]);
    });

    test("--json: the same decisions for scripts", async () => {
        const w = world();
        listing("aurora", [issue("oh4mlex-aurora", 1, "aurora-b", form(" aurora "))]);
        listing("borealis", []);
        expect(await run(w, { json: true })).toBe(EXIT.ok);
        const doc = JSON.parse(w.h.out.text) as {
            teams: {
                team: string;
                action: string;
                requests: { issue: number; decision: string }[];
            }[];
        };
        expect(doc.teams.map((t) => [t.team, t.action, t.requests.map((r) => r.decision)])).toEqual(
            [
                ["aurora", "teardown", ["honour"]],
                ["borealis", "none", []],
            ],
        );
    });
});

describe("--apply", () => {
    test("two requests of one team: one teardown, progress and report on both, closed, then archived", async () => {
        const w = world();
        listing("aurora", [
            issue("oh4mlex-aurora", 1, "aurora-b", form("aurora")),
            issue("oh4mlex-aurora", 2, "kenji-coach", form("aurora")),
            issue("oh4mlex-aurora", 3, "mallory", form("aurora")),
        ]);
        listing("borealis", []);
        writes(w, "aurora");
        const exit = await run(w, { apply: true });
        expect(w.h.out.text).not.toContain("FAILED");
        expect(exit).toBe(EXIT.ok);
        expect(w.h.engine.runs("destroy").map((r) => r.stack)).toEqual(["oh4mlex-aurora"]);
        const shape = w.events.map((e) => e.split("\n")[0].slice(0, 40));
        expect(shape).toEqual([
            "comment aurora#3: This request was not c",
            "closed aurora#3 not_planned",
            "comment aurora#1: Tearing down the envir",
            "comment aurora#2: Tearing down the envir",
            "comment aurora#1: The environment of tea",
            "closed aurora#1 completed",
            "comment aurora#2: The environment of tea",
            "closed aurora#2 completed",
            "archive oh4mlex-aurora",
        ]);
        const report = w.events.find((e) => e.startsWith("comment aurora#1: The environment"));
        // The verification report, as verify-teardown writes it, in a code block.
        expect(report).toContain("aurora: nothing left");
        expect(report).toMatch(
            /pending\s+GitHub repository\s+contoso-hack\/oh4mlex-aurora\s+archived once the team's request is answered/,
        );
        expect(w.h.out.text).toContain("archive repository: done");
    });

    test("a failed teardown says what failed and leaves the request open", async () => {
        const w = world();
        w.h.engine.script("destroy", "oh4mlex-aurora", {
            error: "error: deleting Workspace: 409 Conflict",
        });
        listing("aurora", [issue("oh4mlex-aurora", 1, "aurora-b", form("aurora"))]);
        listing("borealis", []);
        writes(w, "aurora");
        expect(await run(w, { apply: true })).toBe(EXIT.teamFailed);
        const last = w.events[w.events.length - 1];
        expect(last).toMatch(
            /^comment aurora#1: The teardown of team aurora failed: deleting Workspace: 409 Conflict\n/,
        );
        // The phase is not said twice ("failed: failed: ...").
        expect(last).not.toContain("failed: failed");
        expect(last).toContain("stays open");
        expect(w.events.some((e) => e.startsWith("closed"))).toBe(false);
        expect(w.events.some((e) => e.startsWith("archive"))).toBe(false);
    });

    test("a guest Graph refuses to delete: the request is told to run destroy again, which guest and that pulumi destroy did not run", async () => {
        const w = world();
        const KENJI = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
        w.h.engine.addStack("oh4mlex-aurora", {
            stateGuests: [{ login: "kenji-t", objectId: KENJI }],
            // The root Stack's `created` (RFC 3339 as Go marshals it), before the guest.
            stackCreated: "2026-11-27T09:00:00.123456789Z",
        });
        w.cloud.users.set(KENJI, invitedGuestUser(KENJI, "2026-11-27T09:03:10Z"));
        w.cloud.failOnce.set(`deleteUser ${KENJI}`, graphForbidden());
        listing("aurora", [issue("oh4mlex-aurora", 1, "aurora-b", form("aurora"))]);
        listing("borealis", []);
        writes(w, "aurora");
        expect(await run(w, { apply: true })).toBe(EXIT.teamFailed);
        expect(w.h.engine.runs("destroy")).toEqual([]);
        const last = w.events[w.events.length - 1];
        expect(last).toContain(
            "The teardown of team aurora failed: run destroy again once Graph allows it; pulumi destroy did not run; not removed: kenji-t; already removed: 0\n",
        );
        expect(w.events.some((e) => e.startsWith("archive"))).toBe(false);
    });

    test("a team already torn down gets 'nothing left', the request is closed", async () => {
        const w = world(["borealis"]);
        listing("aurora", [issue("oh4mlex-aurora", 4, "aurora-a", form("aurora"))]);
        listing("borealis", []);
        writes(w, "aurora");
        expect(await run(w, { apply: true })).toBe(EXIT.ok);
        expect(w.h.engine.runs()).toEqual([]);
        expect(w.events.map((e) => e.slice(0, 32))).toEqual([
            "comment aurora#4: Nothing left: ",
            "closed aurora#4 completed",
            "archive oh4mlex-aurora",
        ]);
    });

    test("an empty stack is no proof: a request runs the whole teardown again (purge and verification), never 'nothing left' as it is", async () => {
        // `pulumi destroy` went through on an earlier run, but the purge or verification did not.
        const w = world(["borealis"]);
        w.h.engine.addStack("oh4mlex-aurora", { resourceCount: 0 });
        listing("aurora", [issue("oh4mlex-aurora", 4, "aurora-a", form("aurora"))]);
        listing("borealis", []);
        writes(w, "aurora");
        expect(await run(w, { apply: true })).toBe(EXIT.ok);
        expect(w.h.engine.runs("destroy").map((r) => r.stack)).toEqual(["oh4mlex-aurora"]);
        expect(w.events.map((e) => e.slice(0, 40))).toEqual([
            "comment aurora#4: Tearing down the envir",
            "comment aurora#4: The environment of tea",
            "closed aurora#4 completed",
            "archive oh4mlex-aurora",
        ]);
    });

    test("a closed request is no request, so nothing happens", async () => {
        const w = world();
        // Listed (state=all, for the expiry warning) but closed: answered or withdrawn.
        listing("aurora", [
            {
                ...issue("oh4mlex-aurora", 1, "aurora-b", form("aurora")),
                state: "closed",
                state_reason: "completed",
                closed_at: "2026-12-18T10:00:00Z",
            },
        ]);
        listing("borealis", []);
        expect(await run(w, { apply: true })).toBe(EXIT.ok);
        expect(w.h.out.text).toContain("No open requests.");
        expect(w.h.engine.runs()).toEqual([]);
    });

    test("a 5xx while listing and a rate limit while answering leave requests open, untouched", async () => {
        const w = world();
        nock(API)
            .get("/repos/contoso-hack/oh4mlex-aurora/issues")
            .query(true)
            .reply(502, { message: "Server Error" });
        listing("borealis", [issue("oh4mlex-borealis", 9, "borealis-a", form("borealis"))]);
        nock(API)
            .post("/repos/contoso-hack/oh4mlex-borealis/issues/9/comments")
            .reply(403, LIMITED.body, { ...LIMITED.headers, "retry-after": "0" });
        expect(await run(w, { apply: true })).toBe(EXIT.teamFailed);
        // Nothing destroyed: the team could not be told, so it was not torn down.
        expect(w.h.engine.runs()).toEqual([]);
        expect(w.cloud.calls).toEqual([]);
        expect(w.h.out.text).toMatch(
            /aurora\s+=> cannot read the repository: left for the next run/,
        );
        expect(w.h.out.text).toMatch(/FAILED told #9 the teardown starts: .*left for the next run/);
    });
});

describe("runs repeated every hour", () => {
    /** One hourly run whose teardown of aurora fails, with `earlier` comments on request #1. */
    async function failingRun(
        earlier: readonly unknown[],
        error = "error: deleting Workspace: 409 Conflict",
    ): Promise<World> {
        nock.cleanAll();
        const w = world();
        w.h.engine.script("destroy", "oh4mlex-aurora", { error });
        listing("aurora", [issue("oh4mlex-aurora", 1, "aurora-b", form("aurora"))]);
        listing("borealis", []);
        writes(w, "aurora", earlier);
        expect(await run(w, { apply: true })).toBe(EXIT.teamFailed);
        return w;
    }

    test("a teardown failing again with the same error comments nothing new; a changed error is said once", async () => {
        // First run: the start and the failure are said.
        const first = await failingRun([]);
        const said = first.events.map((e) => e.replace(/^comment aurora#1: /, ""));
        expect(said.map((s) => s.slice(0, 30))).toEqual([
            "Tearing down the environment o",
            "The teardown of team aurora fa",
        ]);

        // The next hour, the same error: the request already says both, so nothing is posted.
        const again = await failingRun([
            ownComment(said[0], "2026-12-19T08:00:00Z"),
            ownComment(said[1], "2026-12-19T08:05:00Z"),
        ]);
        expect(again.h.engine.runs("destroy").map((r) => r.stack)).toEqual(["oh4mlex-aurora"]);
        expect(again.events).toEqual([]);
        expect(again.h.out.text).toContain(
            "told #1 the teardown failed (said before: not repeated)",
        );

        // A different error since: said once, and the start is not announced again. A team
        // member pasting the same failure text does not silence the automation.
        const changed = await failingRun([
            ownComment(said[0], "2026-12-19T07:00:00Z"),
            ownComment(
                "The teardown of team aurora failed: purging Workspace: 500",
                "2026-12-19T07:05:00Z",
            ),
            { ...ownComment(said[1], "2026-12-19T07:10:00Z"), user: { login: "aurora-b" } },
        ]);
        expect(changed.events.map((e) => e.split("\n")[0])).toEqual([
            `comment aurora#1: ${said[1].split("\n")[0]}`,
        ]);
    });

    test("the same failure with a new request id, time and wait is not new: nothing posted", async () => {
        const error = (id: string, at: string, wait: string): string =>
            `error: deleting Workspace: 409 Conflict (request id ${id} at ${at}); retry in ${wait}`;
        const first = await failingRun(
            [],
            error("0f8fad5b-d9cb-469f-a165-70867728950e", "2026-12-19T07:00:01Z", "12s"),
        );
        const said = first.events.map((e) => e.replace(/^comment aurora#1: /, ""));
        expect(said).toHaveLength(2);
        const again = await failingRun(
            [
                ownComment(said[0], "2026-12-19T07:00:00Z"),
                // As GitHub's web editor would leave it after an edit: CRLF line ends.
                ownComment(said[1].replace(/\n/g, "\r\n"), "2026-12-19T07:05:00Z"),
            ],
            error("7c9e6679-7425-40de-944b-e07fc1f90ae7", "2026-12-19T08:00:03.5Z", "30s"),
        );
        expect(again.events).toEqual([]);

        // A changed status with a new id and time is a new failure: said once more.
        const changed = await failingRun(
            [
                ownComment(said[0], "2026-12-19T07:00:00Z"),
                ownComment(said[1], "2026-12-19T07:05:00Z"),
            ],
            error("7c9e6679-7425-40de-944b-e07fc1f90ae7", "2026-12-19T08:00:03.5Z", "12s").replace(
                "409 Conflict",
                "412 Precondition Failed",
            ),
        );
        expect(changed.events).toHaveLength(1);
        expect(changed.events[0]).toContain("412 Precondition Failed");
    });

    test("an open request on an archived repository of a team already torn down: nothing tried, not an error", async () => {
        const w = world(["borealis"]);
        listing("aurora", [issue("oh4mlex-aurora", 4, "aurora-a", form("aurora"))], true);
        listing("borealis", []);
        // What GitHub answers to a write there; the run must not even try.
        nock(API)
            .persist()
            .post(/^\/repos\/contoso-hack\/oh4mlex-aurora\/issues/)
            .reply(403, ARCHIVED_403)
            .patch(/^\/repos\/contoso-hack\/oh4mlex-aurora\/issues/)
            .reply(403, ARCHIVED_403);
        expect(await run(w, { apply: true })).toBe(EXIT.ok);
        expect(w.h.out.text).toMatch(/aurora\s+=> none: the repository is archived/);
        expect(w.h.out.text).not.toContain("FAILED");
        expect(w.events).toEqual([]);
        expect(w.h.engine.runs()).toEqual([]);
    });

    test("an archived repository whose stack still has resources: nothing written, the organizer is told what to run", async () => {
        const w = world();
        listing("aurora", [issue("oh4mlex-aurora", 4, "aurora-a", form("aurora"))], true);
        listing("borealis", []);
        expect(await run(w, { apply: true })).toBe(EXIT.teamFailed);
        expect(w.h.out.text).toContain("organizers run destroy --team aurora");
        expect(w.h.engine.runs()).toEqual([]);
        expect(w.cloud.calls).toEqual([]);
    });
});

describe("expiry: the warning this automation posted, open or closed", () => {
    // Ended 2026-12-18, torn down one day after: warned from 2026-12-18, due 2026-12-19 (run: 12-19 09:00).
    const EXPIRING = stringify({
        event: eventInput({
            github: { owner: "contoso-hack", coaches: ["kenji-coach"] },
            teardown: { afterDays: 1 },
        }),
        teams: ["aurora", "borealis"].map((t) => ({
            ...teamInput(t),
            subscriptionId: SUBSCRIPTION,
        })),
    });
    /** An expiry warning issue on team `team`'s repository, as the list returns it. */
    const warning = (team: string, number: number, login: string, createdAt: string) => ({
        ...issue(`oh4mlex-${team}`, number, login, "The event has ended."),
        title: WARNING_TITLE,
        created_at: createdAt,
    });
    const whoAmI = () => nock(API).get("/user").reply(200, AUTHENTICATED);

    test("a warning the team closed still counts: after its day the environment is torn down", async () => {
        const w = world(["aurora"]);
        whoAmI();
        listing("aurora", [
            {
                // Logins are case-insensitive: the list may spell the bot's login otherwise.
                ...warning("aurora", 3, AUTHENTICATED.login.toUpperCase(), "2026-12-18T08:00:00Z"),
                state: "closed",
                state_reason: "completed",
                closed_at: "2026-12-18T09:00:00Z",
            },
        ]);
        listing("borealis", []);
        writes(w, "aurora");
        expect(await run(w, { apply: true }, EXPIRING)).toBe(EXIT.ok);
        expect(w.h.engine.runs("destroy").map((r) => r.stack)).toEqual(["oh4mlex-aurora"]);
        // No second warning (a POST /issues has no interceptor and would fail the run).
        expect(w.events.map((e) => e.split(":")[0])).toEqual([
            "comment aurora#3",
            "comment aurora#3",
            "closed aurora#3 completed",
            "archive oh4mlex-aurora",
        ]);
    });

    test("a look-alike warning opened by someone else does not count: the real one is posted", async () => {
        const w = world(["aurora"]);
        whoAmI();
        listing("aurora", [warning("aurora", 4, "aurora-a", "2026-12-17T08:00:00Z")]);
        listing("borealis", []);
        expect(await run(w, { json: true }, EXPIRING)).toBe(EXIT.ok);
        const doc = JSON.parse(w.h.out.text) as {
            teams: { team: string; action: string; expiry: string }[];
        };
        expect(doc.teams.find((t) => t.team === "aurora")).toMatchObject({
            action: "warn",
            expiry: "warn",
        });
        expect(w.h.engine.runs()).toEqual([]);
    });

    test("the earliest of the automation's warnings gives the day, whatever their order", async () => {
        const w = world(["aurora"]);
        whoAmI();
        listing("aurora", [
            warning("aurora", 8, AUTHENTICATED.login, "2026-12-19T08:00:00Z"),
            warning("aurora", 5, AUTHENTICATED.login, "2026-12-18T08:00:00Z"),
        ]);
        listing("borealis", []);
        expect(await run(w, {}, EXPIRING)).toBe(EXIT.ok);
        expect(w.h.out.text).toMatch(/aurora\s+#5\s+expiry\s+teardown/);
    });

    test("GET /user failing leaves every team for the next run, nothing read or written", async () => {
        const w = world(["aurora"]);
        nock(API).get("/user").reply(502, { message: "Server Error" });
        expect(await run(w, { apply: true }, EXPIRING)).toBe(EXIT.teamFailed);
        expect(w.h.engine.runs()).toEqual([]);
        expect(w.events).toEqual([]);
        expect(w.h.out.text).toMatch(
            /aurora\s+=> cannot read the repository: left for the next run \(cannot tell who this token is \(GET \/user\)/,
        );
    });
});

describe("comments carry no secret and no request text", () => {
    test("the typed confirmation is never repeated; the report has no secret output", async () => {
        const w = world();
        const secretValue = "s3cr3t-client-secret-value";
        w.h.engine.addStack("oh4mlex-aurora", {
            outputs: {
                servicePrincipalClientSecret: { value: secretValue, secret: true },
                subscriptionId: { value: SUBSCRIPTION, secret: false },
            },
        });
        const hostile = "aurora`; rm -rf / #<img src=x onerror=alert(1)> @everyone";
        listing("aurora", [
            issue("oh4mlex-aurora", 1, "aurora-b", form(hostile)),
            issue("oh4mlex-aurora", 2, "aurora-c", form("aurora")),
        ]);
        listing("borealis", []);
        writes(w, "aurora");
        await run(w, { apply: true });
        const all = [...w.events, w.h.out.text, w.h.err.text, ...w.h.logs.files.values()].join(
            "\n",
        );
        expect(all).not.toContain(secretValue);
        expect(all).not.toContain("rm -rf");
        expect(all).not.toContain("onerror");
        expect(w.events.some((e) => e.includes("aurora: nothing left"))).toBe(true);
    });
});
