/** The event simulation: the real driver against the simulated engine, on a virtual clock. */
import { GITHUB_WINDOWS } from "../../event/ratelimit";
import { armSeconds, githubSeconds, lowerBound } from "../../offline/eventSim/lowerBound";
import { shardCounts } from "../../offline/eventSim/estimate";
import { simulateEvent, type SimulationSettings } from "../../offline/eventSim/simulateEvent";
import { shardOf } from "../../event/select";
import type { SimulatedTeam } from "../../offline/eventSim/simulatedEngine";
import { BEFORE_EVENT, eventInput, rosterYaml, teamInput, teamNames } from "../event/fakes";

// A team of 1 with no extras writes its repository (3: a POST and two PATCHes) + 1 alerts + 0 for a
// default branch already main + 1 collaborator + 3 secrets = 8 (what the limiter reserves).
const team = (upSeconds: number): SimulatedTeam => ({
    upSeconds,
    githubWritesAt: [0, 0, 1, 1, 1, 2, 2, 2],
});
/** `writeDelayMs` undefined: the delay the roster derives from its number of teams. */
const fleet = (n: number, upSeconds = 60, writeDelayMs?: number) => {
    const names = teamNames(n);
    const github = {
        owner: "contoso-hack",
        ...(writeDelayMs !== undefined ? { writeDelayMs } : {}),
    };
    return {
        roster: rosterYaml(
            names.map((name) => teamInput(name, [`${name}-a`])),
            { event: eventInput({ github }) },
        ),
        teams: new Map(names.map((name) => [name, team(upSeconds)])),
    };
};

describe("lower bound arithmetic", () => {
    test("GitHub: the n-th write under 80 a minute and 500 an hour", () => {
        expect(githubSeconds(0, GITHUB_WINDOWS)).toBe(0);
        expect(githubSeconds(80, GITHUB_WINDOWS)).toBe(0);
        expect(githubSeconds(81, GITHUB_WINDOWS)).toBe(60);
        // 400 writes: the last batch of 80 goes at minute 4.
        expect(githubSeconds(400, GITHUB_WINDOWS)).toBe(240);
        // 1000 writes: the hour window lets 500 go, the rest an hour later.
        expect(githubSeconds(1000, GITHUB_WINDOWS)).toBe(3600);
    });

    test("ARM: 200 writes at once, then 10 a second", () => {
        expect(armSeconds(150)).toBe(0);
        expect(armSeconds(1400)).toBe(120);
    });

    test("the bound is the largest of path, GitHub and ARM", () => {
        const teams = Array.from({ length: 40 }, () => ({
            upSeconds: 678,
            githubWrites: 10,
            armWrites: 35,
        }));
        const lb = lowerBound(teams, GITHUB_WINDOWS);
        expect(lb).toEqual({
            seconds: 678,
            longestTeamSeconds: 678,
            githubSeconds: 240,
            armSeconds: (1400 - 200) / 10,
            // 390 other writes go through by minute 4 (floor(390 / 80) = 4), then 678 s
            writesThenPathSeconds: 240 + 678,
        });
    });
});

/** The fleet's `up` with `settings` (one shard, seed 1 unless given). */
const simulate = (
    f: ReturnType<typeof fleet>,
    settings: Partial<SimulationSettings> & { parallel: number },
) => simulateEvent(f.roster, "oh4mlex", f.teams, { shards: 1, seed: 1, ...settings }, BEFORE_EVENT);

describe("simulated event", () => {
    test("10 teams of 8 writes fit one minute's 80 writes: all start at once", async () => {
        const sim = await simulate(fleet(10), { parallel: 10 });
        expect(sim.makespanSeconds).toBe(60);
        expect(sim.succeeded).toBe(10);
        expect(sim.githubWrites).toBe(80);
    });

    test("writes 1 s apart (the provider's own delay): an 11th team waits for the first writes to leave the minute", async () => {
        // 10 teams write 80 objects at 0-7 s; at 60 s each has 7 left in the window: 70 + 8 fits.
        const sim = await simulate(fleet(11, 60, 1000), { parallel: 11 });
        expect(sim.makespanSeconds).toBe(120);
    });

    test("with the derived delay 11 teams start at once and each spreads its 8 writes", async () => {
        const sim = await simulate(fleet(11), { parallel: 11 });
        // floor(80 / 11) = 7 writes a minute per team: ceil(60000 / 7) = 8572 ms apart, so a team's
        // 8th write is made 7 x 8572 ms after its first, a little after its 60 s path.
        expect(sim.makespanSeconds).toBe((7 * 8572) / 1000);
        expect(sim.throttledWrites).toBe(0);
        expect(sim.githubWrites).toBe(88);
    });

    test("--parallel 2 runs 4 teams in two waves", async () => {
        const sim = await simulate(fleet(4), { parallel: 2 });
        expect(sim.makespanSeconds).toBe(120);
    });

    test("faults: the quota failure is final, the throttled and Graph-throttled teams are retried and succeed", async () => {
        const sim = await simulate(fleet(6), {
            parallel: 6,
            seed: 5,
            faults: ["throttle", "quota", "graph"],
        });
        expect(sim.faults).toHaveLength(3);
        expect(sim.succeeded).toBe(5);
        expect(sim.failed).toBe(1);
        // The throttled team fails at its second write (t = 1 s: 6 teams of 8 fit the minute, so the
        // provider keeps its 1 s delay), waits GitHub's minute ([rate reset in 1m00s], also the floor
        // for a secondary rate limit), then runs its 60 s: 121 s. The Graph failure at 30 s retries
        // after at most 15 s and needs the other 30 s: done by 75 s.
        expect(sim.makespanSeconds).toBe(121);
    });

    test("the same seed gives the same makespan; shards share one token", async () => {
        const { roster, teams } = fleet(30, 300);
        const settings = {
            parallel: 8,
            shards: 3,
            seed: 42,
            faults: ["throttle", "quota", "graph"] as const,
        };
        const a = await simulateEvent(roster, "oh4mlex", teams, settings, BEFORE_EVENT);
        const b = await simulateEvent(roster, "oh4mlex", teams, settings, BEFORE_EVENT);
        expect(b.makespanSeconds).toBe(a.makespanSeconds);
        expect(b.faults).toEqual(a.faults);
        expect(a.succeeded + a.failed).toBe(30);
        expect(a.githubWrites).toBeGreaterThanOrEqual(29 * 8);
    });
});

describe("shard counts the estimate tries", () => {
    const loads = (names: readonly string[], shards: number): number[] => {
        const load = new Array<number>(shards).fill(0);
        for (const n of names) load[shardOf(n, shards) - 1]++;
        return load;
    };

    test("a roster that fits one machine: one shard only", () => {
        expect(shardCounts(["aurora", "borealis", "cirrus"], 6, 20)).toEqual([1]);
    });

    test("up to the fewest that could hold every team, then the fewest the hash really spreads to at most `parallel` each", () => {
        const names = teamNames(40);
        const counts = shardCounts(names, 6, 20);
        // ceil(40 / 6) = 7 shards would do on average...
        expect(counts.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        const extra = counts.at(-1) as number;
        expect(counts).toHaveLength(8);
        // ...but the hash gives some shard more than 6 teams at every count below the extra one.
        expect(Math.max(...loads(names, extra))).toBeLessThanOrEqual(6);
        for (let s = 7; s < extra; s++) expect(Math.max(...loads(names, s))).toBeGreaterThan(6);
    });

    test("never more than the token can feed", () => {
        expect(Math.max(...shardCounts(teamNames(40), 6, 5))).toBe(5);
    });
});
