import * as path from "path";
import { runPool } from "../../offline/plan/pool";
import { defaultPoolSize, TEAMS_PER_WORKER } from "../../offline/plan/runner";

const ECHO = path.join(__dirname, "..", "fixtures", "plan", "echo-worker.js");
type Job = { n: number; crash?: boolean; fail?: boolean };

describe.each(["process", "thread"] as const)("a pool of %s workers", (mode) => {
    test("runs every job once and returns the outcomes in job order", async () => {
        const jobs: Job[] = Array.from({ length: 7 }, (_, n) => ({ n }));
        const { outcomes, stats } = await runPool<Job, { doubled: number }>(jobs, {
            mode,
            size: 2,
            workerFile: ECHO,
        });
        expect(outcomes).toEqual(jobs.map(({ n }) => ({ ok: true, value: { doubled: 2 * n } })));
        expect(stats).toMatchObject({ mode, workers: 2 });
        expect(stats.peakRssUpperBoundBytes).toBeGreaterThan(0);
    });

    test("a failing job and a crashing worker fail only their own job", async () => {
        const jobs: Job[] = [
            { n: 1 },
            { n: 2, fail: true },
            { n: 3, crash: true },
            { n: 4 },
            { n: 5 },
        ];
        const { outcomes } = await runPool<Job, { doubled: number }>(jobs, {
            mode,
            size: 2,
            workerFile: ECHO,
            heap: { oldSpaceMb: 64, semiSpaceMb: 8 },
        });
        expect(outcomes[1]).toEqual({ ok: false, error: "job 2 failed" });
        expect(outcomes[2]).toEqual({
            ok: false,
            error: "worker exited with code 3 (out of memory? each worker may keep 64 MB alive)",
        });
        expect([outcomes[0], outcomes[3], outcomes[4]]).toEqual(
            [2, 8, 10].map((doubled) => ({ ok: true, value: { doubled } })),
        );
    });

    test("never starts more workers than jobs", async () => {
        const { stats } = await runPool<Job, { doubled: number }>([{ n: 1 }], {
            mode,
            size: 4,
            workerFile: ECHO,
        });
        expect(stats.workers).toBe(1);
    });
});

describe("the plan's default pool size", () => {
    test.each([
        [1, 2, 1],
        [3, 2, 1],
        [TEAMS_PER_WORKER - 1, 2, 1],
        [2 * TEAMS_PER_WORKER, 2, 2],
        [40, 2, 2],
        [40, 8, 5],
        [100, 1, 1],
    ])("%i teams on %i CPUs: %i worker(s)", (teams, cpus, workers) => {
        expect(defaultPoolSize(teams, cpus)).toBe(workers);
    });
});
