/**
 * The summary's line of a guest removal that stopped a team (issue 22): at most 160 characters
 * (summary.ts firstErrorLine) for every valid roster, whole, with the action and "pulumi destroy did
 * not run" first and the logins cut with "+N more". A team has up to 8 members, a GitHub login up to
 * 39 characters and a team name up to 12 (stacks/schema.ts GITHUB_LOGIN, TEAM_NAME), so the full
 * lists can be over 300 characters: they go to the second line (the team's log).
 * (From the second review of issue 22's teardown: S-2.)
 */
import * as path from "node:path";
import { runEvent } from "../../event/runEvent";
import { EXIT, firstErrorLine } from "../../event/summary";
import { guestsNotRemoved, teardownSession } from "../../event/teardown/session";
import { GITHUB_LOGIN, TEAM_NAME } from "../../stacks/schema";
import { harness, options, rosterYaml, teamInput } from "./fakes";
import {
    graphForbidden,
    invitedGuestUser,
    MemoryCloud,
    MemoryRecords,
    SUBSCRIPTION,
    withCloudEffects,
} from "./teardownFakes";

const ACTION = "run destroy again once Graph allows it";
const NOT_RUN = "pulumi destroy did not run";

/**
 * Eight logins of 39 characters, the longest GitHub allows, each with its own first letter (the
 * roster refuses two members of a team sharing their first 13 characters: compute instance names).
 */
const LONG_LOGINS = Array.from(
    { length: 8 },
    (_, i) => `${String.fromCharCode(97 + i)}${"m".repeat(36)}-${i}`,
);
/** A team name of 12 characters, the longest the roster allows. */
const LONGEST_TEAM = "aurora-north";
const id = (i: number): string => `0000000${i}-0000-4000-8000-00000000000${i}`;

const step = (login: string, i: number, result: "done" | "failed") => ({
    step: "remove invited guest",
    name: `${login} (${id(i)})`,
    result,
    ...(result === "failed" ? { detail: "error: Insufficient privileges" } : {}),
});

/** The properties every such line must have. */
function expectWholeLine(line: string): void {
    expect(line.length).toBeLessThanOrEqual(160);
    expect(line).not.toContain("…");
    expect(line.startsWith(`${ACTION}; ${NOT_RUN}; not removed: `)).toBe(true);
}

test("the fixtures are the longest valid names (so the test fails if the schema allows longer)", () => {
    expect(LONG_LOGINS.every((l) => l.length === 39 && GITHUB_LOGIN.test(l))).toBe(true);
    expect(GITHUB_LOGIN.test(`${LONG_LOGINS[0]}x`)).toBe(false);
    expect(TEAM_NAME.test(LONGEST_TEAM)).toBe(true);
    expect(TEAM_NAME.test(`${LONGEST_TEAM}x`)).toBe(false);
});

describe("guestsNotRemoved: the first line", () => {
    test("six guests with 10-character logins, one refused: the action and 'pulumi destroy did not run' survive, uncut", () => {
        const logins = [
            "kenji-tana",
            "ana-martin",
            "bo-lindqvi",
            "lee-wong-1",
            "sam-rivera",
            "li-zhang-9",
        ];
        const error = guestsNotRemoved(
            logins.map((l, i) => step(l, i, i === 0 ? "failed" : "done")),
        );
        const line = firstErrorLine(error.message);
        expect(line).toContain(NOT_RUN);
        expect(line.endsWith("…")).toBe(false);
        expect(line).toBe(`${ACTION}; ${NOT_RUN}; not removed: kenji-tana; already removed: 5`);
    });

    test("eight 39-character logins, all refused: within 160, the first logins and '+N more'", () => {
        const error = guestsNotRemoved(LONG_LOGINS.map((l, i) => step(l, i, "failed")));
        const line = firstErrorLine(error.message);
        expectWholeLine(line);
        expect(line).toMatch(/not removed: am{36}-0 \+7 more; already removed: 0$/);
        // The full list and Graph's reason are on the next line, for the team's log.
        const full = error.message.split("\n")[1];
        for (const [i, login] of LONG_LOGINS.entries())
            expect(full).toContain(`${login} (${id(i)}): Insufficient privileges`);
    });

    test("eight 39-character logins, one refused and seven removed: the removed ones are a count", () => {
        const error = guestsNotRemoved(
            LONG_LOGINS.map((l, i) => step(l, i, i === 7 ? "failed" : "done")),
        );
        const line = firstErrorLine(error.message);
        expectWholeLine(line);
        expect(line).toMatch(/not removed: hm{36}-7; already removed: 7$/);
        expect(error.message.split("\n")[1]).toMatch(
            new RegExp(`; already removed: ${LONG_LOGINS.slice(0, 7).join(", ")}$`),
        );
    });
});

test("through the driver: the longest team name, eight 39-character guests Graph refuses; the summary's row keeps the whole line", async () => {
    const h = harness();
    const cloud = new MemoryCloud();
    cloud.provision("oh4mlex", LONGEST_TEAM);
    for (const [i] of LONG_LOGINS.entries())
        cloud.users.set(id(i), invitedGuestUser(id(i), "2026-11-27T09:03:10Z"));
    h.engine.addStack(`oh4mlex-${LONGEST_TEAM}`, {
        outputs: { subscriptionId: { value: SUBSCRIPTION, secret: false } },
        stateGuests: LONG_LOGINS.map((login, i) => ({ login, objectId: id(i) })),
        stackCreated: "2026-11-27T09:00:00.123456789Z",
    });
    withCloudEffects(h.engine, cloud);
    for (const [i] of LONG_LOGINS.entries())
        cloud.failOnce.set(`deleteUser ${id(i)}`, graphForbidden());
    const roster = rosterYaml([
        { ...teamInput(LONGEST_TEAM, LONG_LOGINS), subscriptionId: SUBSCRIPTION },
    ]);
    const exit = await h.clock.run(
        runEvent(options("destroy", { teams: [LONGEST_TEAM] }), {
            ...h.deps(roster),
            teardown: (r, o) => teardownSession(r, o, cloud, new MemoryRecords()),
        }),
    );
    expect(exit).toBe(EXIT.teamFailed);
    expect(h.engine.runs("destroy")).toEqual([]);
    const row = h.out.text.split("\n").find((l) => l.startsWith(`${LONGEST_TEAM} `)) ?? "";
    const at = row.indexOf(ACTION);
    expect(at).toBeGreaterThan(0);
    expectWholeLine(row.slice(at));
    expect(row).toMatch(/\+7 more; already removed: 0$/);
    const log =
        h.logs.files.get(path.resolve(`stacks/oh4mlex/logs/${LONGEST_TEAM}-destroy.log`)) ?? "";
    for (const login of LONG_LOGINS) expect(log).toContain(`remove invited guest ${login} (`);
});
