/**
 * Test doubles for the event driver: a virtual clock, a scripted StackEngine that records every
 * call, in-memory streams and logs, and roster builders. No real waiting: the virtual clock jumps
 * to the next timer whenever every task is blocked on it.
 */
import { setMaxListeners } from "node:events";
import { stringify } from "yaml";
import type { DriverDeps, EventOptions, LogSink } from "../../event/options";
import type {
    LastUpdate,
    OutputValue,
    RunResult,
    StackCommand,
    StackEngine,
    StackOperation,
    StackSummary,
    TeamStackConfig,
} from "../../event/engine";
import { PlainReporter, type OutputStream } from "../../event/progress";
import type { EventInput, TeamInput } from "../../stacks/schema";
import type { GuestState, StateGuest } from "../../event/teardown/stateGuests";

/** The virtual clock moved to event/virtualClock.ts, where the event simulation uses it too. */
export { VirtualClock as FakeClock } from "../../event/virtualClock";
import { VirtualClock as FakeClock } from "../../event/virtualClock";
import { MemoryRecords } from "./teardownFakes";

export interface Step {
    /** Virtual time the operation takes. Defaults to 60 s. */
    readonly delayMs?: number;
    /** Fail with this error text. */
    readonly error?: string;
    readonly changes?: string;
    readonly githubWrites?: number;
    /** Engine output written when the operation ends (e.g. a GitHub rate-limit answer). */
    readonly output?: string;
}

export type Call =
    | { readonly method: "listStacks"; readonly prefix: string }
    | {
          readonly method: "run";
          readonly command: StackCommand;
          readonly stack: string;
          readonly config?: TeamStackConfig;
          readonly create: boolean;
          readonly at: number;
      }
    | {
          readonly method: "lastUpdate" | "outputs" | "invitedGuestsInState" | "removeStack";
          readonly stack: string;
      };

interface FakeStack {
    resourceCount: number;
    lastUpdate?: string;
    last?: LastUpdate;
    outputs: Record<string, OutputValue>;
    /** The invitations in the stack's state (`pulumi stack export`), or why the export fails. */
    stateGuests?: StateGuest[] | { readonly exportFails: string };
    /** The `created` of the state's Stack resource (RFC 3339), when the state has one. */
    stackCreated?: string;
}

export class FakeEngine implements StackEngine {
    readonly calls: Call[] = [];
    readonly stacks = new Map<string, FakeStack>();
    private readonly scripts = new Map<string, Step[]>();
    inFlight = 0;
    maxInFlight = 0;
    /** Every run that has started and not yet returned, by stack. */
    readonly running = new Set<string>();

    constructor(private readonly clock: FakeClock) {}

    /** The steps of successive attempts of `command` on `stack`; later attempts use the default step. */
    script(command: StackCommand, stack: string, ...steps: Step[]): this {
        this.scripts.set(`${command} ${stack}`, steps);
        return this;
    }

    addStack(name: string, stack: Partial<FakeStack> = {}): this {
        this.stacks.set(name, { resourceCount: 20, outputs: {}, ...stack });
        return this;
    }

    runs(command?: StackCommand): Extract<Call, { method: "run" }>[] {
        return this.calls.filter(
            (c): c is Extract<Call, { method: "run" }> =>
                c.method === "run" && (command === undefined || c.command === command),
        );
    }

    async listStacks(prefix: string): Promise<StackSummary[]> {
        this.calls.push({ method: "listStacks", prefix });
        return [...this.stacks.entries()]
            .filter(([name]) => name.startsWith(prefix))
            .map(([name, s]) => ({
                name,
                lastUpdate: s.lastUpdate,
                resourceCount: s.resourceCount,
                updateInProgress: false,
            }));
    }

    async run(op: StackOperation): Promise<RunResult> {
        this.calls.push({
            method: "run",
            command: op.command,
            stack: op.stackName,
            config: op.config,
            create: op.create,
            at: this.clock.now(),
        });
        if (!this.stacks.has(op.stackName)) {
            if (!op.create)
                throw new Error(
                    `code: 255\n stderr: error: no stack named '${op.stackName}' found\n`,
                );
            this.addStack(op.stackName, { resourceCount: 0 });
        }
        const step = this.scripts.get(`${op.command} ${op.stackName}`)?.shift() ?? {};
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        this.running.add(op.stackName);
        try {
            op.onOutput(`Updating (${op.stackName}):\n`);
            op.onProgress("creating Workspace (3 done)");
            await this.clock.sleep(step.delayMs ?? 60_000, op.signal);
            if (op.signal?.aborted)
                throw new Error("code: 255\n stdout: \n stderr: error: update canceled\n");
            if (step.output !== undefined) op.onOutput(step.output);
            if (step.error !== undefined) {
                op.onOutput(`${step.error}\n`);
                throw new Error(
                    `code: 255\n stdout: Updating (${op.stackName}):\n${step.error}\n stderr: error: update failed\n`,
                );
            }
            const stack = this.stacks.get(op.stackName);
            if (stack && op.command === "destroy") stack.resourceCount = 0;
            if (stack && op.command === "up") stack.resourceCount = 20;
            return { changes: step.changes ?? "+15", githubWrites: step.githubWrites };
        } finally {
            this.inFlight--;
            this.running.delete(op.stackName);
        }
    }

    async lastUpdate(stack: string): Promise<LastUpdate | undefined> {
        this.calls.push({ method: "lastUpdate", stack });
        return this.stacks.get(stack)?.last;
    }

    async outputs(stack: string): Promise<Record<string, OutputValue>> {
        this.calls.push({ method: "outputs", stack });
        return this.stacks.get(stack)?.outputs ?? {};
    }

    async invitedGuestsInState(stack: string): Promise<GuestState> {
        this.calls.push({ method: "invitedGuestsInState", stack });
        const found = this.stacks.get(stack);
        const state = found?.stateGuests ?? [];
        if ("exportFails" in state) throw new Error(state.exportFails);
        return found?.stackCreated === undefined
            ? { guests: state }
            : { guests: state, stackCreated: found.stackCreated };
    }

    async removeStack(stack: string): Promise<void> {
        this.calls.push({ method: "removeStack", stack });
        this.stacks.delete(stack);
    }
}

export class MemoryStream implements OutputStream {
    text = "";
    constructor(
        readonly isTTY = false,
        readonly columns = 100,
    ) {}
    write(text: string): boolean {
        this.text += text;
        return true;
    }
}

export class MemoryLogs {
    readonly files = new Map<string, string>();
    readonly closed = new Set<string>();
    open = (file: string): LogSink => {
        this.files.set(file, "");
        return {
            write: (text) => void this.files.set(file, (this.files.get(file) ?? "") + text),
            close: async () => void this.closed.add(file),
        };
    };
}

export const member = (github: string): { github: string; userPrincipalName: string } => ({
    github,
    userPrincipalName: `${github.replace(/-/g, ".")}@contoso.onmicrosoft.com`,
});

export const eventInput = (overrides: Partial<EventInput> = {}): EventInput => ({
    name: "oh4mlex",
    endsOn: "2026-12-18",
    github: { owner: "contoso-hack" },
    budget: { amount: 300, contactEmails: ["organizers@contoso.com"] },
    ...overrides,
});

export const teamInput = (
    name: string,
    logins: readonly string[] = [`${name}-a`, `${name}-b`, `${name}-c`],
): TeamInput => ({
    name,
    members: logins.map(member),
});

/** A roster as YAML text, the way an organizer writes it. */
export function rosterYaml(
    teams: readonly (TeamInput | Record<string, unknown>)[],
    extra: Record<string, unknown> = {},
): string {
    return stringify({ event: eventInput(), teams, ...extra });
}

/** Team names `t01`, `t02`, ... */
export const teamNames = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => `t${String(i + 1).padStart(2, "0")}`);

/** 2026-06-01, before the example event ends: the date rule passes. */
export const BEFORE_EVENT = Date.UTC(2026, 5, 1);

export interface Harness {
    readonly clock: FakeClock;
    readonly engine: FakeEngine;
    readonly out: MemoryStream;
    readonly err: MemoryStream;
    readonly logs: MemoryLogs;
    readonly stop: AbortController;
    readonly force: AbortController;
    /** The teardown records `up` keeps (in memory: a test never writes under stacks/). */
    readonly records: MemoryRecords;
    engineCreated: number;
    deps(rosterText: string): DriverDeps;
}

export function harness(): Harness {
    const clock = new FakeClock();
    const engine = new FakeEngine(clock);
    const out = new MemoryStream();
    const err = new MemoryStream();
    const logs = new MemoryLogs();
    const h: Harness = {
        clock,
        engine,
        out,
        err,
        logs,
        stop: new AbortController(),
        force: new AbortController(),
        records: new MemoryRecords(),
        engineCreated: 0,
        deps: (rosterText) => ({
            createEngine: async () => {
                // Counted so tests can prove a bad roster never reaches Pulumi.
                h.engineCreated++;
                return engine;
            },
            // Virtual time starts at 0; the driver sees it offset to a day before the event, so `up` passes the date rule.
            clock: {
                now: () => BEFORE_EVENT + clock.now(),
                sleep: (ms, signal) => clock.sleep(ms, signal),
            },
            random: () => 1,
            out,
            err,
            reporter: new PlainReporter(err, clock),
            openLog: logs.open,
            readText: async () => rosterText,
            stop: h.stop.signal,
            force: h.force.signal,
            records: () => h.records,
        }),
    };
    // As in cli.ts: one listener per running team.
    setMaxListeners(100, h.stop.signal, h.force.signal);
    return h;
}

export const options = (
    command: EventOptions["command"],
    overrides: Partial<EventOptions> = {},
): EventOptions => ({
    command,
    rosterFile: "stacks/oh4mlex.yaml",
    teams: [],
    parallel: 4,
    orphans: false,
    retries: 3,
    ...overrides,
});
