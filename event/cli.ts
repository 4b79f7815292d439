/**
 * `npm run event -- <command> stacks/<event>.yaml [options]`: the command line of the event driver.
 * Parses arguments, wires the real clock, files, terminal and Pulumi into the driver, and turns
 * Ctrl-C into a graceful stop (first) and a forced one (second).
 */
import { setMaxListeners } from "node:events";
import * as path from "node:path";
import { totalmem } from "node:os";
import { MAX_PARALLEL, RESERVED_MEMORY_MIB, TEAM_MEMORY_MIB, defaultParallel } from "./capacity";
import { realClock } from "./clock";
import { runEvent, type DriverDeps, type EventOptions, type LogSink } from "./driver";
import { EVENT_COMMANDS, type EventCommand } from "./engine";
import { createReporter } from "./progress";
import { runRosterCommand } from "./rosterImport/command";
import { UsageError, parseShard } from "./select";
import { EXIT } from "./summary";
import { liveTeardown } from "./teardown/live";
import { openPrivateStream } from "./privateFiles";

export const USAGE = `Usage: npm run event -- <command> <roster.yaml> [options]

Commands:
  up         create or update every selected team stack
  preview    show what up would change
  refresh    re-read the real state of existing team stacks
  destroy    tear down the selected team stacks (teams only, or --orphans), then purge what
             Azure, Entra ID and GitHub keep and verify nothing is left
  verify-teardown  only the verification: what of each team is still there, with the command
             that removes it (needs no Pulumi; any time after destroy)
  status     one row per team: stack exists, last update, result, resources; lists orphaned stacks
  outputs    every team's stack outputs as JSON (secret outputs shown as "[secret]")
  handouts   a page per team (ja/en, Markdown + HTML) and an index for coaches (handouts --help)
  roster import <registrations.csv> --event <name> [--team-size N]
             add a registration export's people to stacks/<name>.yaml (roster --help)
  preflight  check the subscription, tenant and GitHub owner before the event (preflight --help)

Options:
  --team <name>     only this team; repeat it or give several (--team a b, --team a,b)
  --parallel <n>    at most n teams at once (default: what this machine's memory holds,
                    about ${TEAM_MEMORY_MIB} MiB a team after ${RESERVED_MEMORY_MIB} MiB for the system; 1 to ${MAX_PARALLEL})
  --shard <i>/<n>   only the teams of shard i of n (stable hash of the team name)
  --orphans         with destroy: the stacks of this event that are no longer in the roster
  --retries <n>     retries of a transient failure per team (default 3)
  --delete-repos    with destroy/verify-teardown: the repositories end deleted, not archived
  --json            with destroy/verify-teardown: the verification report as JSON on stdout
  --skip-preflight  with up: do not run the preflight checks first (they run by default and a FAIL
                    stops up before any team starts; see preflight --help)
  --no-purge        with destroy: only pulumi destroy, no purge and no verification (when Azure,
                    Graph or GitHub cannot be reached with enough rights); run verify-teardown later
  -h, --help        this text

Exit codes: 0 all done, 1 a team failed, 2 bad arguments or roster or Pulumi not usable
(nothing ran), 130 stopped with Ctrl-C before every team had started.`;

const isCommand = (value: string): value is EventCommand => EVENT_COMMANDS.some((c) => c === value);

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number {
    const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max))
        throw new UsageError(
            `${flag} needs a whole number from ${min} to ${max} (got ${value ?? "nothing"})`,
        );
    return n;
}

/** Parses the arguments after `npm run event --`; "help" when help was asked for. */
export function parseArgs(
    argv: readonly string[],
    totalMemoryBytes: number = totalmem(),
): EventOptions | "help" {
    if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) return "help";
    const positional: string[] = [];
    const teams: string[] = [];
    let parallel = defaultParallel(totalMemoryBytes);
    let retries = 3;
    let shard: EventOptions["shard"];
    let orphans = false;
    let deleteRepos = false;
    let json = false;
    let noPurge = false;
    let skipPreflight = false;
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] =
            argv[i].startsWith("--") && argv[i].includes("=")
                ? argv[i].split(/=(.*)/s, 2)
                : [argv[i], undefined];
        const value = (): string | undefined => inline ?? argv[++i];
        switch (flag) {
            case "--team": {
                const first = value();
                if (first === undefined || first.startsWith("-"))
                    throw new UsageError("--team needs a team name");
                teams.push(...first.split(",").filter((t) => t !== ""));
                // `--team a b`: more names follow until the next option or the roster file.
                while (
                    inline === undefined &&
                    i + 1 < argv.length &&
                    !argv[i + 1].startsWith("-") &&
                    !/\.ya?ml$/i.test(argv[i + 1])
                ) {
                    teams.push(...argv[++i].split(",").filter((t) => t !== ""));
                }
                break;
            }
            case "--parallel":
                parallel = wholeNumber("--parallel", value(), 1, MAX_PARALLEL);
                break;
            case "--retries":
                retries = wholeNumber("--retries", value(), 0, 10);
                break;
            case "--shard": {
                const text = value();
                if (text === undefined) throw new UsageError("--shard needs i/n, e.g. 1/3");
                shard = parseShard(text);
                break;
            }
            case "--orphans":
                orphans = true;
                break;
            case "--delete-repos":
                deleteRepos = true;
                break;
            case "--json":
                json = true;
                break;
            case "--no-purge":
                noPurge = true;
                break;
            case "--skip-preflight":
                skipPreflight = true;
                break;
            default:
                if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
                positional.push(flag);
        }
    }
    const [command, rosterFile, ...extra] = positional;
    if (command === undefined || !isCommand(command)) {
        throw new UsageError(
            `the first argument must be one of ${EVENT_COMMANDS.join(", ")} (got ${command ?? "nothing"})`,
        );
    }
    if (rosterFile === undefined)
        throw new UsageError(`${command} needs the roster file, e.g. stacks/example.yaml`);
    if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(" ")}`);
    if ((deleteRepos || json) && command !== "destroy" && command !== "verify-teardown")
        throw new UsageError(
            `${deleteRepos ? "--delete-repos" : "--json"} only goes with destroy or verify-teardown`,
        );
    if (noPurge && command !== "destroy") throw new UsageError("--no-purge only goes with destroy");
    if (skipPreflight && command !== "up")
        throw new UsageError("--skip-preflight only goes with up");
    return {
        command,
        rosterFile,
        teams: [...new Set(teams)],
        parallel,
        shard,
        orphans,
        retries,
        // Only when given, so the options of the other commands stay as they were.
        ...(deleteRepos ? { deleteRepos } : {}),
        ...(json ? { json } : {}),
        ...(noPurge ? { purge: false } : {}),
        ...(skipPreflight ? { skipPreflight } : {}),
    };
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

/** Runs the CLI; `overrides` lets tests replace Pulumi, time and output. Resolves to the exit code. */
export async function main(
    argv: readonly string[],
    overrides: Partial<DriverDeps> = {},
): Promise<number> {
    const err = overrides.err ?? process.stderr;
    const out = overrides.out ?? process.stdout;
    // Its own options and no fleet run: handed over whole (event/handouts/command.ts).
    if (argv[0] === "handouts")
        return (await import("./handouts/command")).runHandouts(argv.slice(1), {
            createEngine:
                overrides.createEngine ??
                (async (roster) =>
                    (await import("./automation")).createAutomationEngine(
                        REPO_ROOT,
                        roster.eventDir,
                    )),
            now: () => (overrides.clock ?? realClock).now(),
            readText: overrides.readText,
            out,
            err,
        });
    // `roster import` writes a roster rather than running stacks: its own arguments (rosterImport/).
    if (argv[0] === "roster") return runRosterCommand(argv.slice(1), { out, err });
    // Not a command over team stacks: its own arguments, checks and exit codes (event/preflight/).
    if (argv[0] === "preflight") {
        const preflight = await import("./preflight/cli");
        const io = { ...preflight.processIo(), out: (t: string) => void out.write(t) };
        return preflight.preflightMain(argv.slice(1), { ...io, err: (t) => void err.write(t) });
    }
    let options: EventOptions | "help";
    try {
        options = parseArgs(argv);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        err.write(`${error.message}\n\n${USAGE}\n`);
        return EXIT.usage;
    }
    if (options === "help") {
        out.write(`${USAGE}\n`);
        return EXIT.ok;
    }
    const clock = overrides.clock ?? realClock;
    const deps: DriverDeps = {
        // Loaded lazily: --help and roster errors should not wait for the Pulumi SDK to load.
        createEngine: async (roster) =>
            (await import("./automation")).createAutomationEngine(REPO_ROOT, roster.eventDir),
        reporter: createReporter(err, process.env, clock),
        // Repository invitations (status, renewal before up); without a token they are reported unknown.
        github: async () => {
            const token = process.env.GITHUB_TOKEN;
            return token ? (await import("./cloud/clients")).githubClient({ token }) : undefined;
        },
        openLog: openLogFile,
        teardown: liveTeardown,
        // Preflight's report goes to stderr, so stdout keeps only the summary.
        preflight: async (rosterFile) => {
            const preflight = await import("./preflight/cli");
            return preflight.preflightMain([rosterFile], {
                ...preflight.processIo(),
                out: (text) => void err.write(text),
                err: (text) => void err.write(text),
            });
        },
        ...overrides,
        clock,
        out,
        err,
    };
    return runEvent(options, deps);
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
