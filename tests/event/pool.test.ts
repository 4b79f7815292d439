import fc from "fast-check";
import { runPool } from "../../event/pool";
import { StartRateLimiter } from "../../event/ratelimit";
import { FakeClock } from "./fakes";

describe("runPool", () => {
    test("never runs more than `parallel` tasks at once, and runs every task once, for any durations", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 40 }),
                fc.integer({ min: 1, max: 10 }),
                async (durations, parallel) => {
                    const clock = new FakeClock();
                    let inFlight = 0;
                    let max = 0;
                    const ran: number[] = [];
                    const results = await clock.run(
                        runPool(
                            durations.map((d, i) => ({ d, i })),
                            async ({ d, i }) => {
                                inFlight++;
                                max = Math.max(max, inFlight);
                                await clock.sleep(d);
                                inFlight--;
                                ran.push(i);
                                return i * 10;
                            },
                            { parallel },
                        ),
                    );
                    expect(max).toBeLessThanOrEqual(parallel);
                    if (durations.some((d) => d > 0))
                        expect(max).toBe(Math.min(parallel, durations.length));
                    expect(ran.sort((a, b) => a - b)).toEqual(durations.map((_, i) => i));
                    // Results come back in item order, whatever order the tasks finished in.
                    expect(results).toEqual(
                        durations.map((_, i) => ({ kind: "done", value: i * 10 })),
                    );
                },
            ),
            { numRuns: 60 },
        );
    });

    test("a task that throws is reported alone; the others still run", async () => {
        const clock = new FakeClock();
        const results = await clock.run(
            runPool(
                [1, 2, 3],
                async (n) => {
                    await clock.sleep(1_000);
                    if (n === 2) throw new Error("bug in team 2");
                    return n;
                },
                { parallel: 1 },
            ),
        );
        expect(results[0]).toEqual({ kind: "done", value: 1 });
        expect(results[1].kind).toBe("crashed");
        expect(results[2]).toEqual({ kind: "done", value: 3 });
    });

    test("after stop, no task starts; running tasks finish", async () => {
        const clock = new FakeClock();
        const stop = new AbortController();
        const started: number[] = [];
        const finished: number[] = [];
        clock.at(1_500, () => stop.abort());
        const results = await clock.run(
            runPool(
                [0, 1, 2, 3, 4, 5],
                async (n) => {
                    started.push(n);
                    await clock.sleep(1_000 * (n + 1));
                    finished.push(n);
                    return n;
                },
                { parallel: 2, stop: stop.signal },
            ),
        );
        // t=0: 0 and 1 start; t=1000: 0 ends, 2 starts; t=1500: stop; 1 (t=2000) and 2 (t=4000) finish.
        expect(started).toEqual([0, 1, 2]);
        expect(finished).toEqual([0, 1, 2]);
        expect(results.map((r) => r.kind)).toEqual([
            "done",
            "done",
            "done",
            "not-started",
            "not-started",
            "not-started",
        ]);
        expect(clock.now()).toBe(4_000);
    });

    test("tasks wait for the rate limiter, which the stop also interrupts", async () => {
        const clock = new FakeClock();
        const stop = new AbortController();
        const limiter = new StartRateLimiter([{ limit: 2, windowMs: 60_000 }], clock);
        const startedAt: number[] = [];
        const waits: number[] = [];
        clock.at(90_000, () => stop.abort());
        const results = await clock.run(
            runPool(
                [0, 1, 2, 3, 4, 5],
                async () => {
                    startedAt.push(clock.now());
                    await clock.sleep(1);
                },
                {
                    parallel: 6,
                    limiter,
                    stop: stop.signal,
                    costOf: () => 1,
                    onWait: (_, ms) => waits.push(ms),
                },
            ),
        );
        expect(startedAt).toEqual([0, 0, 60_000, 60_000]);
        expect(results.map((r) => r.kind)).toEqual([
            "done",
            "done",
            "done",
            "done",
            "not-started",
            "not-started",
        ]);
        expect(waits[0]).toBe(60_000);
    });

    test("refuses a parallelism below 1", async () => {
        await expect(runPool([1], async (n) => n, { parallel: 0 })).rejects.toThrow(
            "parallel must be a whole number >= 1",
        );
    });
});
