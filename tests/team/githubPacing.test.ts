/**
 * The GitHub write delay: its arithmetic, how a roster gets it, and that the team program hands it
 * to the github provider whose client honours it.
 */
import { parse } from "yaml";
import { simulateTeamStack } from "../../offline/simulate";
import {
    GITHUB_WRITES_PER_MINUTE,
    PROVIDER_WRITE_DELAY_MS,
    derivedWriteDelayMs,
    writesPerWindow,
} from "../../stacks/githubPacing";
import { githubWriteCount } from "../../stacks/githubFootprint";
import { ConfigError, validateRoster } from "../../stacks/validate";
import { eventInput, rosterYaml, teamInput, teamNames } from "../event/fakes";
import { validSample } from "../helpers/fixtures";
import { one } from "../helpers/inventory";

/** Writes `teams` teams make in the worst minute when all write at once, `delayMs` apart each. */
const worstMinute = (teams: number, writes: number, delayMs: number): number => {
    // Brute force, independent of writesPerWindow: slide a 60 s window over one team's write times.
    const times = Array.from({ length: writes }, (_, k) => k * delayMs);
    const most = Math.max(
        ...times.map((start) => times.filter((t) => t >= start && t < start + 60_000).length),
    );
    return teams * most;
};

describe("derivedWriteDelayMs", () => {
    test("examples worked by hand", () => {
        // 3 teams of 14: 42 writes fit one minute: the provider's own 1 s.
        expect(derivedWriteDelayMs(3, 14)).toBe(1000);
        // 40 teams of 11: 2 writes a minute each, one every 30 s.
        expect(derivedWriteDelayMs(40, 11)).toBe(30_000);
        // 11 teams of 8: 7 a minute each, ceil(60000 / 7) = 8572 ms.
        expect(derivedWriteDelayMs(11, 8)).toBe(8572);
        // Beyond 40 teams: two writes a minute each, the longest derived delay (the limiter holds the rest).
        expect(derivedWriteDelayMs(41, 11)).toBe(30_000);
        expect(derivedWriteDelayMs(100, 11)).toBe(30_000);
    });

    test("for 1-40 teams, all writing at once stay within 80 a minute, and 1 ms less would not (or it is the provider's 1 s)", () => {
        for (const writes of [7, 11, 14, 26, 33])
            for (let teams = 1; teams <= GITHUB_WRITES_PER_MINUTE / 2; teams++) {
                const delay = derivedWriteDelayMs(teams, writes);
                expect(worstMinute(teams, writes, delay)).toBeLessThanOrEqual(
                    GITHUB_WRITES_PER_MINUTE,
                );
                if (delay > PROVIDER_WRITE_DELAY_MS)
                    expect(worstMinute(teams, writes, delay - 1)).toBeGreaterThan(
                        GITHUB_WRITES_PER_MINUTE,
                    );
            }
    });

    test("writesPerWindow agrees with the brute force", () => {
        for (const writes of [1, 5, 11, 20])
            for (const delay of [0, 1000, 8572, 15_000, 30_000, 60_000, 90_000])
                expect(writesPerWindow(writes, delay, 60_000)).toBe(worstMinute(1, writes, delay));
    });
});

describe("a roster's write delay", () => {
    const fiveEach = (n: number) =>
        teamNames(n).map((name) =>
            teamInput(
                name,
                ["a", "b", "c", "d", "e"].map((m) => `${name}-${m}`),
            ),
        );

    test("left out, it is derived from the roster's teams and their writes", () => {
        const roster = validateRoster(parse(rosterYaml(fiveEach(40))));
        const writes = githubWriteCount(roster.event, roster.teams[0]);
        expect(roster.event.github.writeDelayMs).toBe(derivedWriteDelayMs(40, writes));
        expect(roster.event.github.writeDelayMs).toBe(30_000);
    });

    test("set, it is kept as it is", () => {
        const text = rosterYaml(fiveEach(40), {
            event: eventInput({ github: { owner: "contoso-hack", writeDelayMs: 2500 } }),
        });
        expect(validateRoster(parse(text)).event.github.writeDelayMs).toBe(2500);
    });

    test.each([
        [0, "must be at least 1"],
        [1.5, "must be a whole number of milliseconds"],
        [300_001, "must be at most 300000"],
        ["30s", "must be a number of milliseconds"],
    ])("%p is refused, naming the field and the rule", (writeDelayMs, rule) => {
        const text = rosterYaml(fiveEach(2), {
            event: eventInput({
                github: { owner: "contoso-hack", writeDelayMs: writeDelayMs as number },
            }),
        });
        let error: unknown;
        try {
            validateRoster(parse(text));
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain("event.github.writeDelayMs");
        expect((error as Error).message).toContain(rule);
    });
});

describe("the team program's github provider", () => {
    const PROVIDER = "pulumi:providers:github";

    test("gets the event's write delay and the legacy client that honours it", async () => {
        const sample = validSample(1);
        const sim = await simulateTeamStack({
            ...sample,
            event: { ...sample.event, github: { ...sample.event.github, writeDelayMs: 30_000 } },
        });
        const provider = one(sim.resources, PROVIDER);
        expect(provider.inputs).toMatchObject({ writeDelayMs: "30000", legacyClient: "true" });
    });

    test("a single stack without a delay gets the provider's own 1 s, said explicitly", async () => {
        const sim = await simulateTeamStack(validSample(1));
        expect(one(sim.resources, PROVIDER).inputs).toMatchObject({ writeDelayMs: "1000" });
    });
});
