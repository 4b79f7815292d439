/**
 * `npm run event -- <command> stacks/<event>.yaml [options]`: the command line of the event driver.
 * The commands and their options are declared in event/commands/ (on commander, event/commandLine.ts);
 * this module wires the real clock, files, terminal and Pulumi into them, and turns Ctrl-C into a
 * graceful stop (first) and a forced one (second).
 */
import { setMaxListeners } from "node:events";
import * as path from "node:path";
import { totalmem } from "node:os";
import { createInterface } from "node:readline";
import { realClock } from "./clock";
import { runCommandLine, spreadTeams } from "./commandLine";
import type { EventCli, Terminal } from "./commands/context";
import { eventProgram } from "./commands/index";
import { preflightMain } from "./commands/preflight";
import type { DriverDeps, EventOptions, LogSink } from "./options";
import { runEvent } from "./runEvent";
import { createReporter } from "./progress";
import { UsageError } from "./select";
import { EXIT } from "./summary";
import { liveTeardown } from "./teardown/live";
import { fileRecordStore } from "./teardown/names";
import { openPrivateStream } from "./privateFiles";

/**
 * Parses the arguments of a fleet command into the driver's options without running anything (the
 * same command line as `main`); "help" when help was shown. Throws UsageError with commander's
 * message on a usage error.
 */
export async function parseArgs(
    argv: readonly string[],
    totalMemoryBytes: number = totalmem(),
): Promise<EventOptions | "help"> {
    let parsed: EventOptions | undefined;
    let said = "";
    const sink = { write: (text: string) => (said += text) };
    const code = await runCommandLine(
        eventProgram({
            ...cliContext({}, sink, sink),
            totalMemoryBytes,
            terminal: { interactive: false, ask: () => Promise.resolve("") },
            runFleet: (options) => {
                parsed = options;
                return Promise.resolve(EXIT.ok);
            },
        }),
        spreadTeams(argv),
        { out: sink, err: sink },
    );
    if (parsed !== undefined) return parsed;
    if (code === EXIT.ok) return "help";
    throw new UsageError(said.trim());
}
/** The generated help of the event command line or of one command (`["up"]`), as printed. */
export async function helpText(
    command: readonly string[],
    totalMemoryBytes: number = totalmem(),
): Promise<string> {
    let text = "";
    const sink = { write: (t: string) => (text += t) };
    await runCommandLine(
        eventProgram({ ...cliContext({}, sink, sink), totalMemoryBytes }),
        [...command, "--help"],
        { out: sink, err: sink },
    );
    return text;
}

/** Log files are rewritten on every run: the last run of a team's command is what matters. */
function openLogFile(file: string): LogSink {
    // Logs name participants (logins, e-mail addresses): owner-only (privateFiles.ts).
    const stream = openPrivateStream(file);
    return {
        write: (text) => void stream.write(text),
        close: () => new Promise<void>((resolve) => stream.end(resolve)),
    };
}

const REPO_ROOT = path.resolve(__dirname, "..");

/** The real terminal: asks on stderr, so stdout keeps only the command's output. */
const realTerminal: Terminal = {
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
        // The driver puts stdin in raw mode for Ctrl-C (handleInterrupts); readline leaves it cooked.
        const wasRaw = process.stdin.isRaw;
        const rl = createInterface({
            input: process.stdin,
            output: process.stderr,
            terminal: true,
        });
        try {
            return await new Promise<string>((resolve) => {
                rl.on("SIGINT", () => resolve(""));
                rl.on("close", () => resolve(""));
                rl.question(question, resolve);
            });
        } finally {
            rl.close();
            if (wasRaw) {
                process.stdin.setRawMode(true);
                process.stdin.resume();
            }
        }
    },
};

/** The context of every event command: real effects, each replaceable by `overrides` in tests. */
function cliContext(
    overrides: Partial<DriverDeps>,
    out: DriverDeps["out"],
    err: DriverDeps["err"],
): EventCli {
    const clock = overrides.clock ?? realClock;
    let deps: DriverDeps | undefined;
    const driverDeps = (): DriverDeps =>
        (deps ??= {
            // Loaded lazily: --help and roster errors should not wait for the Pulumi SDK to load.
            createEngine: async (roster) =>
                (await import("./automation")).createAutomationEngine(REPO_ROOT, roster.eventDir),
            reporter: createReporter(err, process.env, clock),
            // Repository invitations (status, renewal before up); without a token they are reported unknown.
            github: async () => {
                const token = process.env.GITHUB_TOKEN;
                return token
                    ? (await import("./cloud/clients")).githubClient({ token })
                    : undefined;
            },
            openLog: openLogFile,
            teardown: liveTeardown,
            // The guests each stack invited are recorded at up time too (issue 22).
            records: (roster) => fileRecordStore(roster.eventDir),
            // Preflight's report goes to stderr, so stdout keeps only the summary; its exit code is
            // not printed: up decides its own (event/commands/up.ts).
            preflight: async (rosterFile) => {
                const preflight = await import("./preflight/cli");
                return preflightMain(
                    [rosterFile],
                    {
                        ...preflight.processIo(),
                        out: (text) => void err.write(text),
                        err: (text) => void err.write(text),
                    },
                    true,
                );
            },
            ...overrides,
            clock,
            out,
            err,
        });
    return {
        out,
        err,
        totalMemoryBytes: totalmem(),
        terminal: realTerminal,
        deps: driverDeps,
        runFleet: (options) => runEvent(options, driverDeps()),
        handouts: () => ({
            createEngine:
                overrides.createEngine ??
                (async (roster) =>
                    (await import("./automation")).createAutomationEngine(
                        REPO_ROOT,
                        roster.eventDir,
                    )),
            now: () => clock.now(),
            readText: overrides.readText,
        }),
        // Loaded when preflight runs: its module loads the offline plan and the SDKs.
        preflightIo: async () => ({
            ...(await import("./preflight/cli")).processIo(),
            out: (text) => void out.write(text),
            err: (text) => void err.write(text),
        }),
    };
}

/**
 * Runs the CLI; `overrides` lets tests replace Pulumi, time, output and the terminal. Resolves to
 * the exit code.
 */
export async function main(
    argv: readonly string[],
    overrides: Partial<DriverDeps> & { readonly terminal?: Terminal } = {},
): Promise<number> {
    const err = overrides.err ?? process.stderr;
    const out = overrides.out ?? process.stdout;
    const { terminal, ...driver } = overrides;
    const ctx = cliContext(driver, out, err);
    return runCommandLine(eventProgram(terminal ? { ...ctx, terminal } : ctx), spreadTeams(argv), {
        out,
        err,
    });
}

/**
 * The escalation of Ctrl-C: the first press stops starting teams and lets running ones finish, the
 * second interrupts the running engines too (the driver then explains how to unlock a stack), the
 * third exits at once.
 */
export function interruptHandler(
    stop: AbortController,
    force: AbortController,
    exit: (code: number) => void,
): () => void {
    let presses = 0;
    return () => {
        presses++;
        if (presses === 1) stop.abort();
        else if (presses === 2) force.abort();
        else exit(EXIT.interrupted);
    };
}

/**
 * On a terminal, Ctrl-C normally sends SIGINT to every process of the foreground job, Pulumi CLIs
 * included, and a Pulumi CLI that gets SIGINT cancels its update. So that "running teams finish"
 * holds, the terminal is put in raw mode while the driver runs: Ctrl-C then arrives as a byte on
 * stdin, only this process sees it, and the engines get SIGINT from us on the second press only.
 * Without a terminal (CI), SIGINT and SIGTERM are handled instead; SIGTERM (a cancelled job, killed
 * for good seconds later) goes straight to the forced stop.
 */
function handleInterrupts(): { stop: AbortSignal; force: AbortSignal; dispose: () => void } {
    const stop = new AbortController();
    const force = new AbortController();
    // Every running team's engine and every pending wait listens to these: up to --parallel (64) plus a few.
    setMaxListeners(100, stop.signal, force.signal);
    const restore = (): void => {
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
    };
    const onInterrupt = interruptHandler(stop, force, (code) => {
        restore();
        process.exit(code);
    });
    const onKey = (data: Buffer): void => {
        if (data.includes(0x03)) onInterrupt();
    };
    const onTerm = (): void => {
        stop.abort();
        force.abort();
    };
    if (process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        process.stdin.on("data", onKey);
        process.stdin.resume();
        process.on("exit", restore);
    }
    process.on("SIGINT", onInterrupt);
    process.on("SIGTERM", onTerm);
    return {
        stop: stop.signal,
        force: force.signal,
        dispose: () => {
            if (process.stdin.isTTY) {
                process.stdin.off("data", onKey);
                process.stdin.pause();
                restore();
            }
            process.off("SIGINT", onInterrupt);
            process.off("SIGTERM", onTerm);
        },
    };
}

if (require.main === module) {
    const interrupts = handleInterrupts();
    main(process.argv.slice(2), { stop: interrupts.stop, force: interrupts.force })
        .then((code) => {
            process.exitCode = code;
        })
        .catch((error: unknown) => {
            process.stderr.write(
                `event driver failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
            );
            process.exitCode = 1;
        })
        .finally(interrupts.dispose);
}
