/**
 * One team's simulation, as a worker (or the plan itself, for a single team) runs it: the real
 * team program under Pulumi's mock runtime, reduced to its footprint.
 */
import * as path from "path";
import { simulateTeamStack } from "../simulate";
import { githubWriteCount } from "../../stacks/githubFootprint";
import { footprintOf } from "./inventory";
import { teamTiming } from "./timing";
import type { PlanJob, TeamFootprint } from "./model";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export async function simulateJob(job: PlanJob): Promise<TeamFootprint> {
    const started = performance.now();
    const simulation = await simulateTeamStack(
        { event: job.event, team: job.team, location: job.location, now: new Date(job.now) },
        { stackName: job.stackName },
    );
    const outputs = Object.fromEntries(
        Object.entries(simulation.outputs).map(([name, value]) => [
            name,
            { value, secret: simulation.secretOutputs.includes(name) },
        ]),
    );
    return {
        ...footprintOf(job, simulation.resources, performance.now() - started),
        outputs,
        timing: teamTiming(simulation.graph, undefined, job.event.github.writeDelayMs),
        githubWrites: githubWriteCount(job.event, job.team),
    };
}

/** The first stack frame in the project's own code (not node_modules), as `file:line`. */
export function projectFrame(error: unknown, root: string = PROJECT_ROOT): string | undefined {
    const stack = error instanceof Error ? (error.stack ?? "") : "";
    for (const match of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?/g)) {
        const [, file, line] = match;
        if (file.startsWith(root) && !file.includes("node_modules"))
            return `${path.relative(root, file)}:${line}`;
    }
    return undefined;
}

/**
 * Runs `run`; if it throws while stack traces are off (plan workers turn them off for speed),
 * runs it once more with source-mapped traces on, so the error can say where the program failed.
 * A failing team is rare; a second simulation of it is cheap.
 */
export async function withFailureLocation<J, R>(run: (job: J) => Promise<R>, job: J): Promise<R> {
    try {
        return await run(job);
    } catch (first) {
        const limit = Error.stackTraceLimit;
        const sourceMaps = process.sourceMapsEnabled;
        if (limit >= 10 && sourceMaps) throw new Error(describe(first));
        Error.stackTraceLimit = 50;
        process.setSourceMapsEnabled(true);
        try {
            return await run(job);
        } catch (again) {
            throw new Error(describe(again));
        } finally {
            Error.stackTraceLimit = limit;
            process.setSourceMapsEnabled(sourceMaps);
        }
    }
}

const describe = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    const where = projectFrame(error);
    return where === undefined ? message : `${message} (at ${where})`;
};
