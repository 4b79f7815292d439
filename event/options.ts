/**
 * What one event command is given: the parsed options and every outside effect. A module of its
 * own so that the driver and the read-only commands beside it (status/, outputs/, teardown/
 * verifyCommand.ts) all depend on it, not on each other.
 */
import type { Clock } from "./clock";
import type { EventCommand, StackEngine } from "./engine";
import type { OutputStream, Reporter } from "./progress";
import type { Roster } from "./roster";
import type { Shard } from "./select";
import type { GitHubClientSource } from "./github/invitations";
import type { RecordStore } from "./teardown/names";
import type { TeardownFactory } from "./teardown/session";

export interface EventOptions {
    readonly command: EventCommand;
    readonly rosterFile: string;
    /** `--team`; empty means every team. */
    readonly teams: readonly string[];
    /** At most this many teams run at once. Defaults to 4 in the CLI. */
    readonly parallel: number;
    readonly shard?: Shard;
    /** `--orphans`: act on stacks of this event that are no longer in the roster (destroy only). */
    readonly orphans: boolean;
    /** Retries of a transient failure per team. Defaults to 3 in the CLI. */
    readonly retries: number;
    /** `--delete-repos` (destroy): delete the team repositories instead of archiving them. */
    readonly deleteRepos?: boolean;
    /** `--json` (destroy, verify-teardown): the verification report as JSON on stdout. */
    readonly json?: boolean;
    /**
     * `--no-purge` (destroy) sets this to false: only `pulumi destroy`, without the purge and the
     * verification around it. Undefined or true: the full teardown.
     */
    readonly purge?: boolean;
    /** `--skip-preflight` (up): do not run the preflight checks first. */
    readonly skipPreflight?: boolean;
}

export interface LogSink {
    write(text: string): void;
    close(): Promise<void>;
}

export interface DriverDeps {
    /** Creates the engine; called only once the roster is valid, so a bad roster touches no stack. */
    readonly createEngine: (roster: Roster) => Promise<StackEngine>;
    readonly clock: Clock;
    /** Jitter for retry backoff. Defaults to Math.random. */
    readonly random?: () => number;
    /** Summary tables and JSON (stdout in the CLI, so `outputs` can be piped to jq). */
    readonly out: OutputStream;
    /** Errors and anything before the reporter exists (stderr in the CLI). */
    readonly err: OutputStream;
    /** Progress and notices (stderr in the CLI). */
    readonly reporter: Reporter;
    readonly openLog: (file: string) => LogSink;
    readonly readText?: (file: string) => Promise<string>;
    /** First Ctrl-C: start no more teams. */
    readonly stop?: AbortSignal;
    /** Second Ctrl-C: interrupt the running engines too. */
    readonly force?: AbortSignal;
    /** Purge and verification around `destroy`, and `verify-teardown` (event/teardown/). */
    readonly teardown?: TeardownFactory;
    /**
     * The teams' teardown records (`stacks/<event>/teardown/`), kept around `up` too: the guests a
     * stack invited are recorded when created (event/teardown/upRecord.ts). Absent: not kept.
     */
    readonly records?: (roster: Roster) => RecordStore;
    /** GitHub (Octokit) for repository invitations in `status` and before `up`; none: not read. */
    readonly github?: GitHubClientSource;
    /**
     * The preflight checks (event/preflight/) on the roster file, run before `up` touches any stack;
     * resolves to preflight's exit code (0 ready, 1 a FAIL, 2 config errors, 3 some UNKNOWN).
     * Absent: no preflight (the tests of the scheduling logic).
     */
    readonly preflight?: (rosterFile: string) => Promise<number>;
}
