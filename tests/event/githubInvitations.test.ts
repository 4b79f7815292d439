/**
 * Repository invitations through the real Octokit client (event/cloud/clients.ts) with nock in
 * front of it. Bodies start from GitHub's published example of GET /repos/{owner}/{repo}/invitations
 * (tests/fixtures/github/repository-invitation-items.json names its source); only the invitee,
 * the id, the date and the documented `expired` flag are changed per case.
 */
import nock from "nock";
import { useNock } from "../helpers/nock";
import { readFileSync } from "fs";
import * as path from "path";
import { githubClient } from "../../event/cloud/clients";
import { runEvent } from "../../event/runEvent";
import type { StackOperation } from "../../event/engine";
import {
    expiredLogins,
    invitationStatus,
    listOpenInvitations,
} from "../../event/github/invitations";
import { EXIT } from "../../event/summary";
import { validateRoster } from "../../stacks/validate";
import { BEFORE_EVENT, eventInput, harness, rosterYaml, teamInput } from "./fakes";

const example = (
    JSON.parse(
        readFileSync(
            path.join(__dirname, "..", "fixtures", "github", "repository-invitation-items.json"),
            "utf8",
        ),
    ) as { value: Record<string, unknown>[] }
).value[0];

/** The published item, invited to `login` on `createdAt`, with GitHub's `expired` flag when given. */
function invitation(
    id: number,
    login: string,
    createdAt: string,
    expired?: boolean,
): Record<string, unknown> {
    const invitee = { ...(example.invitee as Record<string, unknown>), login };
    return {
        ...example,
        id,
        invitee,
        created_at: createdAt,
        ...(expired === undefined ? {} : { expired }),
    };
}

const API = "https://api.github.com";
const NOW = new Date(BEFORE_EVENT); // 2026-06-01
const client = () => githubClient({ token: "test-token", rateLimitRetries: 0 });

useNock();

describe("listOpenInvitations", () => {
    test("reads every page; GitHub's expired flag wins, without it 7 days from created_at count", async () => {
        const scope = nock(API)
            .get("/repos/contoso-hack/oh4mlex-aurora/invitations")
            .query({ per_page: "100" })
            .reply(
                200,
                [
                    invitation(11, "akiko-t", "2026-05-30T09:00:00Z"),
                    invitation(12, "ben-o", "2026-05-20T09:00:00+09:00"),
                ],
                {
                    link: `<${API}/repositories/1296269/invitations?per_page=100&page=2>; rel="next", <${API}/repositories/1296269/invitations?per_page=100&page=2>; rel="last"`,
                },
            )
            .get("/repositories/1296269/invitations")
            .query({ per_page: "100", page: "2" })
            .reply(200, [
                invitation(13, "kenji-coach", "2026-05-31T00:00:00Z", true),
                invitation(14, "dana-r", "2026-05-10T00:00:00Z", false),
            ]);
        expect(await listOpenInvitations(client(), "contoso-hack", "oh4mlex-aurora", NOW)).toEqual([
            { id: 11, login: "akiko-t", createdAt: "2026-05-30T09:00:00.000Z", expired: false },
            { id: 12, login: "ben-o", createdAt: "2026-05-20T00:00:00.000Z", expired: true },
            { id: 13, login: "kenji-coach", createdAt: "2026-05-31T00:00:00.000Z", expired: true },
            { id: 14, login: "dana-r", createdAt: "2026-05-10T00:00:00.000Z", expired: false },
        ]);
        expect(scope.isDone()).toBe(true);
    });

    test("a repository that does not exist yet is undefined, not an empty list", async () => {
        nock(API).get("/repos/contoso-hack/oh4mlex-borealis/invitations").query(true).reply(404, {
            message: "Not Found",
            documentation_url:
                "https://docs.github.com/rest/collaborators/invitations#list-repository-invitations",
        });
        expect(
            await listOpenInvitations(client(), "contoso-hack", "oh4mlex-borealis", NOW),
        ).toBeUndefined();
    });
});

const ROSTER = rosterYaml([teamInput("aurora", ["akiko-t", "ben-o"]), teamInput("borealis")], {
    event: eventInput({
        github: {
            owner: "contoso-hack",
            visibility: "public",
            reviewers: ["kenji-coach", "ben-o"],
            extras: { environment: true },
        },
    }),
});

function replyForEvent(): void {
    nock(API)
        .get("/repos/contoso-hack/oh4mlex-aurora/invitations")
        .query(true)
        .reply(200, [
            invitation(21, "akiko-t", "2026-05-30T00:00:00Z"),
            invitation(22, "ben-o", "2026-05-01T00:00:00Z"),
            invitation(23, "kenji-coach", "2026-05-29T00:00:00Z", true),
            // Not in the roster (invited by hand): not reported.
            invitation(24, "someone-else", "2026-05-29T00:00:00Z"),
        ])
        .get("/repos/contoso-hack/oh4mlex-borealis/invitations")
        .query(true)
        .reply(403, {
            message: "Resource not accessible by personal access token",
            documentation_url:
                "https://docs.github.com/rest/collaborators/invitations#list-repository-invitations",
        });
}

test("invitationStatus: per team, roster people waiting (members and reviewers); GitHub's refusal is unknown", async () => {
    replyForEvent();
    const roster = validateRoster((await import("yaml")).parse(ROSTER));
    const statuses = await invitationStatus(client(), roster.event, roster.teams, NOW);
    expect(statuses).toEqual([
        {
            team: "aurora",
            repository: "oh4mlex-aurora",
            kind: "read",
            waiting: [
                {
                    login: "akiko-t",
                    roles: ["member"],
                    state: "pending",
                    invitedAt: "2026-05-30T00:00:00.000Z",
                    invitationId: 21,
                },
                {
                    login: "ben-o",
                    roles: ["member", "reviewer"],
                    state: "expired",
                    invitedAt: "2026-05-01T00:00:00.000Z",
                    invitationId: 22,
                },
                {
                    login: "kenji-coach",
                    roles: ["reviewer"],
                    state: "expired",
                    invitedAt: "2026-05-29T00:00:00.000Z",
                    invitationId: 23,
                },
            ],
        },
        {
            team: "borealis",
            repository: "oh4mlex-borealis",
            kind: "unknown",
            error: expect.stringContaining(
                "Resource not accessible by personal access token",
            ) as unknown as string,
        },
    ]);
    expect(expiredLogins(statuses)).toEqual(new Map([["aurora", ["ben-o", "kenji-coach"]]]));
});

test("event status lists who has not accepted, and exits 1 when a team's invitations are unknown", async () => {
    replyForEvent();
    // The open teardown requests (event/requests/status.ts): none.
    for (const team of ["aurora", "borealis"])
        nock(API).get(`/repos/contoso-hack/oh4mlex-${team}/issues`).query(true).reply(200, []);
    const h = harness();
    h.engine.addStack("oh4mlex-aurora", { resourceCount: 40 });
    const code = await h.clock.run(
        runEvent(
            {
                command: "status",
                rosterFile: "stacks/oh4mlex.yaml",
                teams: [],
                parallel: 4,
                orphans: false,
                retries: 0,
            },
            { ...h.deps(ROSTER), github: async () => client() },
        ),
    );
    expect(code).toBe(EXIT.teamFailed);
    expect(h.out.text).toContain("\nTeardown requests: none open\n");
    const section = h.out.text.slice(h.out.text.indexOf("GitHub invitations"));
    expect(section.split("\n").map((l) => l.trimEnd())).toEqual([
        "GitHub invitations not accepted (they expire after 7 days):",
        "TEAM      LOGIN        ROLE              STATE    NOTE",
        "aurora    akiko-t      member            pending  invited 2026-05-30",
        "aurora    ben-o        member, reviewer  expired  invited 2026-05-01; up re-invites; cannot approve production until accepted",
        "aurora    kenji-coach  reviewer          expired  invited 2026-05-29; up re-invites; cannot approve production until accepted",
        expect.stringMatching(
            /^borealis {2}\?\s+-\s+unknown\s+.*Resource not accessible by personal access token/,
        ) as unknown as string,
        "",
    ]);
});

test("event status without a GitHub token says the invitations are unknown", async () => {
    const h = harness();
    const code = await h.clock.run(
        runEvent(
            {
                command: "status",
                rosterFile: "stacks/oh4mlex.yaml",
                teams: [],
                parallel: 4,
                orphans: false,
                retries: 0,
            },
            { ...h.deps(ROSTER), github: async () => undefined },
        ),
    );
    expect(code).toBe(EXIT.ok);
    expect(h.out.text).toContain(
        "GitHub invitations: unknown (set GITHUB_TOKEN to read the team repositories' invitations)",
    );
});

test("up renews expired invitations: the team's run replaces exactly those collaborators", async () => {
    replyForEvent();
    const h = harness();
    const ops: StackOperation[] = [];
    const deps = h.deps(ROSTER);
    const code = await h.clock.run(
        runEvent(
            {
                command: "up",
                rosterFile: "stacks/oh4mlex.yaml",
                teams: [],
                parallel: 4,
                orphans: false,
                retries: 0,
            },
            {
                ...deps,
                createEngine: async (roster) => {
                    const engine = await deps.createEngine(roster);
                    return {
                        listStacks: (p) => engine.listStacks(p),
                        lastUpdate: (s) => engine.lastUpdate(s),
                        outputs: (s) => engine.outputs(s),
                        invitedGuestsInState: (s) => engine.invitedGuestsInState(s),
                        removeStack: (s) => engine.removeStack(s),
                        run: (op) => {
                            ops.push(op);
                            return engine.run(op);
                        },
                    };
                },
                github: async () => client(),
            },
        ),
    );
    expect(code).toBe(EXIT.ok);
    expect(ops.map((op) => [op.stackName, op.reinvite])).toEqual([
        ["oh4mlex-aurora", ["ben-o", "kenji-coach"]],
        ["oh4mlex-borealis", undefined],
    ]);
    expect(h.err.text).toContain(
        "note: aurora: GitHub invitation expired for ben-o, kenji-coach; up invites them again",
    );
    expect(h.err.text).toContain(
        "note: borealis: GitHub invitations unknown (Resource not accessible by personal access token",
    );
});
