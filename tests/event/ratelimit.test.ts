import {
    GITHUB_WINDOWS,
    StartRateLimiter,
    maxShards,
    shareFor,
    shareOf,
    type Ticket,
} from "../../event/ratelimit";
import { FakeClock } from "./fakes";

async function startTimes(
    limiter: StartRateLimiter,
    clock: FakeClock,
    n: number,
    cost = 15,
): Promise<number[]> {
    const times: number[] = [];
    await clock.run(
        Promise.all(
            Array.from({ length: n }, async () => {
                await limiter.acquire(cost);
                times.push(clock.now());
            }),
        ),
    );
    return times;
}

describe("StartRateLimiter with GitHub's limits", () => {
    test("at most 5 team starts a minute (80 writes/min, 15 per team)", async () => {
        const clock = new FakeClock();
        const times = await startTimes(new StartRateLimiter(GITHUB_WINDOWS, clock), clock, 12);
        expect(times).toEqual([
            0, 0, 0, 0, 0, 60_000, 60_000, 60_000, 60_000, 60_000, 120_000, 120_000,
        ]);
    });

    test("at most 33 team starts an hour (500 writes/hour)", async () => {
        const clock = new FakeClock();
        const times = await startTimes(new StartRateLimiter(GITHUB_WINDOWS, clock), clock, 40);
        const firstHour = times.filter((t) => t < 3_600_000);
        expect(firstHour).toHaveLength(33);
        // The writes recorded in any one hour never exceed 500.
        for (const t of times)
            expect(
                times.filter((u) => u >= t && u < t + 3_600_000).length * 15,
            ).toBeLessThanOrEqual(500);
        // ...and in any one minute never exceed 80.
        for (const t of times)
            expect(times.filter((u) => u >= t && u < t + 60_000).length * 15).toBeLessThanOrEqual(
                80,
            );
        expect(times[33]).toBe(3_600_000);
    });

    test("settling with the writes really made gives the rest back at once", async () => {
        const clock = new FakeClock();
        const limiter = new StartRateLimiter(GITHUB_WINDOWS, clock);
        const tickets: Ticket[] = [];
        const later: number[] = [];
        await clock.run(
            (async () => {
                for (let i = 0; i < 5; i++) {
                    const t = await limiter.acquire(15);
                    if (t) tickets.push(t);
                }
                const waiting = limiter.acquire(15).then(() => later.push(clock.now()));
                await clock.sleep(2_000);
                tickets[0].settle(0);
                await waiting;
            })(),
        );
        expect(later).toEqual([2_000]);
    });

    test("a start that costs more than a window's share still goes when the window is empty", async () => {
        const clock = new FakeClock();
        const times = await startTimes(
            new StartRateLimiter([{ limit: 10, windowMs: 60_000 }], clock),
            clock,
            3,
            15,
        );
        expect(times).toEqual([0, 60_000, 120_000]);
    });

    test("an abort while waiting resolves undefined and records nothing", async () => {
        const clock = new FakeClock();
        const limiter = new StartRateLimiter([{ limit: 15, windowMs: 60_000 }], clock);
        const stop = new AbortController();
        clock.at(1_000, () => stop.abort());
        const [first, second] = await clock.run(
            Promise.all([limiter.acquire(15, stop.signal), limiter.acquire(15, stop.signal)]),
        );
        expect(first).toBeDefined();
        expect(second).toBeUndefined();
        expect(clock.now()).toBe(1_000);
    });
});

describe("shareOf", () => {
    test("divides the limits among shards that share one token", () => {
        expect(shareOf(GITHUB_WINDOWS, 1)).toEqual([
            { limit: 80, windowMs: 60_000 },
            { limit: 500, windowMs: 3_600_000 },
        ]);
        expect(shareOf(GITHUB_WINDOWS, 3)).toEqual([
            { limit: 26, windowMs: 60_000 },
            { limit: 166, windowMs: 3_600_000 },
        ]);
        expect(shareOf(GITHUB_WINDOWS, 1000).map((w) => w.limit)).toEqual([1, 1]);
    });
});

describe("GitHub's own answer overrides the windows", () => {
    test("pauseUntil holds a start that fits the windows until GitHub's time, and wakes a waiting one", async () => {
        const clock = new FakeClock();
        const limiter = new StartRateLimiter(GITHUB_WINDOWS, clock);
        const times: number[] = [];
        await clock.run(
            (async () => {
                await limiter.acquire(10);
                times.push(clock.now());
                // GitHub answered "retry after 90 s" at t=0: the next start waits although 70 writes are left.
                limiter.pauseUntil(90_000);
                // An earlier pause does not shorten it.
                limiter.pauseUntil(30_000);
                await limiter.acquire(10);
                times.push(clock.now());
            })(),
        );
        expect(times).toEqual([0, 90_000]);
    });

    test("a pause announced while a start waits for the window lengthens that wait", async () => {
        const clock = new FakeClock();
        const limiter = new StartRateLimiter([{ limit: 10, windowMs: 60_000 }], clock);
        const times: number[] = [];
        await clock.run(
            (async () => {
                await limiter.acquire(10);
                const second = limiter.acquire(10).then(() => times.push(clock.now()));
                limiter.pauseUntil(150_000);
                await second;
            })(),
        );
        expect(times).toEqual([150_000]);
    });
});

describe("shares of one token between shards", () => {
    test("in proportion to each shard's teams, adding up to at most the token's limits", () => {
        // 40 teams hashed 14 / 10 / 16 over three shards.
        const shares = [14, 10, 16].map((teams) => shareFor(GITHUB_WINDOWS, teams, 40));
        expect(shares.map((w) => w[0].limit)).toEqual([28, 20, 32]); // 80 x 14/40, 80 x 10/40, 80 x 16/40
        expect(shares.map((w) => w[1].limit)).toEqual([175, 125, 200]); // 500 x the same
        expect(shares.reduce((sum, w) => sum + w[0].limit, 0)).toBeLessThanOrEqual(80);
        expect(shares.reduce((sum, w) => sum + w[1].limit, 0)).toBeLessThanOrEqual(500);
    });

    test("a shard holding every team gets the whole token", () => {
        expect(shareFor(GITHUB_WINDOWS, 40, 40)).toEqual(GITHUB_WINDOWS);
    });

    test("maxShards: the most shards whose equal shares still hold one team's writes", () => {
        // 11 writes 30 s apart: 2 in a minute (80 / 2 = 40 shards), 11 in an hour (500 / 11 = 45).
        expect(maxShards(11, 30_000)).toBe(40);
        // 11 writes 1 s apart: all 11 in one minute, 80 / 11 = 7 shards.
        expect(maxShards(11, 1000)).toBe(7);
        // 20 back to back: 80 / 20 = 4.
        expect(maxShards(20, 0)).toBe(4);
    });
});

describe("writes spread by the providers' delay", () => {
    test("a start counts only the writes the others may still make in its window", async () => {
        const clock = new FakeClock();
        // 10 writes a minute; teams of 5 writes, 10 s apart (0, 10, 20, 30, 40 s): 5 in any minute.
        const limiter = new StartRateLimiter([{ limit: 10, windowMs: 60_000 }], clock, 10_000);
        const times = await startTimes(limiter, clock, 3, 5);
        // Two start at once (10). The third needs the first two down to 5 between them: each has
        // 4 - floor((t - 60 s) / 10 s) writes after t - 60 s, so 2 each at t = 80 s (at 70 s, 3 each).
        expect(times).toEqual([0, 0, 80_000]);
    });

    test("spacing 0 counts every write at its start: the third waits the whole window", async () => {
        const clock = new FakeClock();
        const limiter = new StartRateLimiter([{ limit: 10, windowMs: 60_000 }], clock, 0);
        expect(await startTimes(limiter, clock, 3, 5)).toEqual([0, 0, 60_000]);
    });
});
