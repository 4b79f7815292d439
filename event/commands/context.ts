/**
 * What every event command is given: output streams, the fleet runner (the driver with the CLI's
 * real or test dependencies) and the terminal. The commands never build these themselves, so a
 * test runs the real command line against fakes (event/cli.ts `main`).
 */
import type { HandoutsDeps } from "../handouts/command";
import type { DriverDeps, EventOptions } from "../options";
import type { PreflightIo } from "../preflight/cli";

/** The person in front of the command, when there is one. */
export interface Terminal {
    /** Whether stdin is a terminal: only then can the command ask something. */
    readonly interactive: boolean;
    /** Asks a question on the terminal; resolves to the answer (empty when interrupted). */
    readonly ask: (question: string) => Promise<string>;
}

export interface EventCli {
    readonly out: DriverDeps["out"];
    readonly err: DriverDeps["err"];
    /** The machine's memory, for the default of --parallel. */
    readonly totalMemoryBytes: number;
    readonly terminal: Terminal;
    /** The driver's dependencies (built on first use: --help should not load the Pulumi SDK). */
    readonly deps: () => DriverDeps;
    /** Runs one command over the roster's teams (event/runEvent.ts: the driver or a read-only command). */
    readonly runFleet: (options: EventOptions) => Promise<number>;
    /** What `handouts` reads the stacks with, and its date. */
    readonly handouts: () => Pick<HandoutsDeps, "createEngine" | "now" | "readText">;
    /** The terminal, environment and clock of `preflight` (its report goes to `out`). */
    readonly preflightIo: () => Promise<PreflightIo>;
}
