/**
 * Property tests of the naming rules: for every valid config, every Azure name obeys the rules of
 * docs/azure-facts.md, and within one event no two teams share a name that must be unique.
 */
import fc from "fast-check";
import {
    NAME_RULES,
    computeInstanceName,
    nameViolations,
    teamNames,
    teamShortName,
} from "../stacks/names";
import { EVENT_NAME, GITHUB_LOGIN, TEAM_NAME } from "../stacks/schema";
import { validateRoster } from "../stacks/validate";
import { NOW, sampleEvent } from "./helpers/fixtures";

const eventName = fc.stringMatching(EVENT_NAME);
// fast-check cannot generate from lookaheads: generate the alphabet, keep what the schema accepts.
const teamName = fc.stringMatching(/^[a-z][a-z0-9-]{1,11}$/).filter((s) => TEAM_NAME.test(s));
const suffix = fc.stringMatching(/^[a-z0-9]{6}$/);
const login = fc
    .stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/)
    .filter((s) => GITHUB_LOGIN.test(s));

/** The rule table, re-stated from docs/azure-facts.md rather than imported, so a loosened rule fails here. */
const NOTES_RULES: Record<string, (s: string) => boolean> = {
    storageAccount: (s) => /^[a-z0-9]{3,24}$/.test(s),
    keyVault: (s) => /^[A-Za-z][A-Za-z0-9-]{2,23}$/.test(s) && !s.includes("--"),
    containerRegistry: (s) => /^[A-Za-z0-9]{5,50}$/.test(s),
    logAnalytics: (s) => /^[A-Za-z0-9-]{4,63}$/.test(s),
    workspace: (s) => /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/.test(s),
    endpoint: (s) => /^[A-Za-z][A-Za-z0-9-]{2,31}$/.test(s),
    resourceGroup: (s) => /^[A-Za-z0-9_().-]{1,90}$/.test(s) && !s.endsWith("."),
    repository: (s) => /^[A-Za-z0-9_.-]{1,100}$/.test(s),
    datastore: (s) => /^[a-z0-9_]+$/.test(s),
};

test("generated names obey every naming rule, for any valid event, team, suffix and member", () => {
    fc.assert(
        fc.property(
            eventName,
            teamName,
            suffix,
            fc.array(login, { minLength: 1, maxLength: 8 }),
            (event, team, sfx, logins) => {
                const names = teamNames(event, team, sfx);
                const instances = logins.map((l) => computeInstanceName(l, sfx));
                expect(nameViolations(names, instances, "demo-cpucluster1")).toEqual([]);
                for (const [kind, ok] of Object.entries(NOTES_RULES)) {
                    expect([kind, ok(names[kind as keyof typeof names])]).toEqual([kind, true]);
                }
                for (const ci of instances)
                    expect(/^[A-Za-z][A-Za-z0-9-]{2,23}$/.test(ci)).toBe(true);
            },
        ),
        { numRuns: 500 },
    );
});

test("the longest valid names still fit", () => {
    const names = teamNames("abcdefghij", "abcdefghijkl", "zzzzzz");
    expect(names.storageAccount).toHaveLength(24);
    expect(names.keyVault).toHaveLength(24);
    expect(names.endpoint.length).toBeLessThanOrEqual(32);
    expect(names.workspace.length).toBeLessThanOrEqual(33);
    expect(computeInstanceName("a".repeat(39), "zzzzzz").length).toBeLessThanOrEqual(24);
    expect(
        nameViolations(
            names,
            [computeInstanceName("a-b".repeat(13), "zzzzzz")],
            "demo-cpucluster1",
        ),
    ).toEqual([]);
});

test("nameViolations reports a broken name with its rule", () => {
    const names = { ...teamNames("oh4ml", "team01", "abc123"), storageAccount: "Has-Upper" };
    expect(nameViolations(names, ["1bad"], "demo-cpucluster1")).toEqual([
        `storageAccount: "Has-Upper" breaks the rule ${NAME_RULES.storageAccount.rule}`,
        `computeInstance: "1bad" breaks the rule ${NAME_RULES.computeInstance.rule}`,
    ]);
});

/** Valid rosters of 100 teams: names unique within their first 8 letters and digits (the roster rule). */
const hundredTeams = fc.uniqueArray(teamName, {
    minLength: 100,
    maxLength: 100,
    selector: teamShortName,
});

test("100 teams of one event never collide, even if every team drew the same random suffix", () => {
    fc.assert(
        fc.property(eventName, hundredTeams, suffix, (event, teams, sfx) => {
            const roster = {
                event: sampleEvent({ name: event }),
                teams: teams.map((name) => ({
                    name,
                    members: [
                        { github: "octocat", objectId: "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a" },
                    ],
                })),
            };
            expect(() => validateRoster(roster, { now: NOW })).not.toThrow();
            const all = teams.map((t) => teamNames(event, t, sfx));
            for (const kind of [
                "storageAccount",
                "keyVault",
                "containerRegistry",
                "workspace",
                "endpoint",
                "resourceGroup",
                "repository",
                "application",
                "budget",
            ] as const) {
                const values = all.map((n) => n[kind].toLowerCase());
                expect([kind, new Set(values).size]).toEqual([kind, 100]);
            }
        }),
        { numRuns: 30 },
    );
});

test("a roster whose team names share their short form is rejected, so the guarantee above holds", () => {
    const roster = {
        event: sampleEvent(),
        teams: ["alphateam01", "alpha-team02"].map((name) => ({
            name,
            members: [{ github: "octocat", objectId: "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a" }],
        })),
    };
    expect(() => validateRoster(roster, { now: NOW })).toThrow(
        /teams\[1\]\.name: must differ from teams\[0\]\.name within its first 8 letters and digits/,
    );
});

test("compute instance names of one team never collide for members the team config accepts", () => {
    fc.assert(
        fc.property(
            fc.uniqueArray(login, {
                minLength: 2,
                maxLength: 8,
                selector: (l) => l.toLowerCase().slice(0, 13).replace(/-+$/, ""),
            }),
            suffix,
            (logins, sfx) => {
                const names = logins.map((l) => computeInstanceName(l, sfx));
                expect(new Set(names).size).toBe(logins.length);
            },
        ),
    );
});
