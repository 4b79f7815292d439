/**
 * OFFLINE SIMULATION: a StackEngine whose teams take their predicted time (the longest path of
 * their dependency graph, offline/plan/timing.ts) on a virtual clock, write to a shared simulated
 * GitHub token when their graph makes them write and their provider's write delay lets them (the
 * stack config's `github.writeDelayMs`), and fail where a fault is injected. The real
 * driver (pool, start-rate limiter, retries, shards) runs against it unchanged.
 */
import type { Clock } from "../../event/clock";
import type { RunResult, StackEngine, StackOperation, StackSummary } from "../../event/engine";
import { PROVIDER_WRITE_DELAY_MS, writeDelayOf } from "../../stacks/githubPacing";
import type { GithubToken } from "./githubToken";

export interface SimulatedTeam {
    readonly upSeconds: number;
    /** Seconds after the start at which each GitHub object is written. */
    readonly githubWritesAt: readonly number[];
}

export type FaultKind = "throttle" | "quota" | "graph";

/**
 * The engine diagnostics each fault produces, in the shapes the services and providers print:
 * GitHub's secondary rate limit through go-github (with its `[rate reset in ...]`), an Azure ML
 * quota refusal, a Microsoft Graph throttling answer.
 */
export const FAULT_TEXT: Readonly<Record<FaultKind, string>> = {
    throttle:
        "    error: POST https://api.github.com/repos/contoso-hack/repo/collaborators: 403 You have exceeded a secondary rate limit. Please wait a few minutes before you try again. [rate reset in 1m00s]",
    quota: '    error: Code="QuotaExceeded" Message="Operation could not be completed as it results in exceeding approved Standard Dv2 Family Cluster Dedicated vCPUs quota"',
    graph: "    error: creating application: unexpected status 429 (Too Many Requests) from https://graph.microsoft.com/v1.0/applications: Status=429 TooManyRequests",
};

export interface Fault {
    readonly stack: string;
    readonly kind: FaultKind;
}

/** Simulation time uses whole milliseconds, like the real clock. */
const ms = (seconds: number): number => Math.round(seconds * 1000);

export class SimulatedEngine implements StackEngine {
    private readonly attempts = new Map<string, number>();
    /** Stacks whose `up` succeeded. */
    readonly succeeded = new Set<string>();
    /** Milliseconds of its path each stack had done when an attempt failed (a retry redoes only the rest). */
    private readonly progress = new Map<string, number>();
    /** GitHub objects each stack has written so far (a retry does not write them again). */
    private readonly written = new Map<string, number>();

    constructor(
        private readonly clock: Clock,
        private readonly teams: ReadonlyMap<string, SimulatedTeam>,
        private readonly token: GithubToken,
        private readonly faults: readonly Fault[] = [],
    ) {}

    listStacks(): Promise<StackSummary[]> {
        return Promise.resolve([]);
    }

    async run(op: StackOperation): Promise<RunResult> {
        const team = this.teams.get(op.stackName);
        if (team === undefined || op.command !== "up")
            throw new Error(`simulation: only up of known stacks (${op.command} ${op.stackName})`);
        const attempt = (this.attempts.get(op.stackName) ?? 0) + 1;
        this.attempts.set(op.stackName, attempt);
        const fault =
            attempt === 1 ? this.faults.find((f) => f.stack === op.stackName)?.kind : undefined;
        const start = this.clock.now();
        // The team's github provider waits this long after each write before its next request.
        const event = op.config?.["openhack-mlops:event"];
        const spacing = event ? writeDelayOf(event) : PROVIDER_WRITE_DELAY_MS;
        let delay = 0;
        let writes = 0;
        let lastWrite = -Infinity;
        const done = this.written.get(op.stackName) ?? 0;
        for (const [i, at] of team.githubWritesAt.entries()) {
            if (i < done) continue;
            await this.sleepUntil(Math.max(start + delay + ms(at), lastWrite + spacing));
            // The injected throttle: GitHub refuses the first attempt's second write.
            if (fault === "throttle" && i === 1) this.fail(op, "throttle");
            const wait = this.token.waitMs(this.clock.now());
            if (wait > 0) {
                // What the GitHub provider logs while it waits out GitHub's answer itself.
                this.token.throttled++;
                op.onOutput(
                    `warning: 403 You have exceeded a secondary rate limit [rate reset in ${Math.ceil(wait / 1000)}s]\n`,
                );
                delay += wait;
                await this.clock.sleep(wait);
            }
            this.token.record(this.clock.now());
            lastWrite = this.clock.now();
            this.written.set(op.stackName, i + 1);
            writes++;
        }
        // A retry redoes only what is missing (Pulumi skips what exists).
        const total = ms(team.upSeconds) - (this.progress.get(op.stackName) ?? 0);
        if (fault === "quota" || fault === "graph") {
            await this.sleepUntil(start + delay + total / 2);
            this.progress.set(op.stackName, total / 2);
            this.fail(op, fault);
        }
        await this.sleepUntil(start + delay + total);
        this.succeeded.add(op.stackName);
        return { changes: `+${team.githubWritesAt.length}`, githubWrites: writes };
    }

    private fail(op: StackOperation, kind: FaultKind): never {
        op.onOutput(`${FAULT_TEXT[kind]}\n`);
        throw new Error(
            `code: 255\n stdout: Updating (${op.stackName}):\n${FAULT_TEXT[kind]}\n stderr: error: update failed\n`,
        );
    }

    private async sleepUntil(time: number): Promise<void> {
        const wait = time - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
    }

    lastUpdate(): Promise<undefined> {
        return Promise.resolve(undefined);
    }

    outputs(): Promise<Record<string, never>> {
        return Promise.resolve({});
    }

    /** The simulation deploys nothing: its stacks' states hold no invitation. */
    invitedGuestsInState(): Promise<{ guests: [] }> {
        return Promise.resolve({ guests: [] });
    }

    removeStack(): Promise<void> {
        return Promise.resolve();
    }
}
