/**
 * The narrow seam between the event driver and Pulumi. The driver (selection, retries, pacing,
 * progress, summary) only ever talks to a `StackEngine`; `automation.ts` implements it on the
 * Automation API and the tests implement it with a scripted fake. Keeping it this small is what
 * lets every fleet rule be tested without a Pulumi CLI or a cloud.
 */
import type { EventConfig, TeamConfig } from "../stacks/schema";
import type { GuestState } from "./teardown/stateGuests";

/** Commands that run the Pulumi engine on each selected team stack. */
export type StackCommand = "up" | "preview" | "refresh" | "destroy";
/** Every command of `npm run event`. */
export type EventCommand = StackCommand | "status" | "outputs" | "verify-teardown";

export const STACK_COMMANDS: readonly StackCommand[] = ["up", "preview", "refresh", "destroy"];
export const EVENT_COMMANDS: readonly EventCommand[] = [
    ...STACK_COMMANDS,
    "status",
    "outputs",
    "verify-teardown",
];

/**
 * The whole config of one team stack, exactly as `index.ts` reads it. The objects are the
 * validated roster values (defaults filled in), so a stack's config shows every effective setting.
 */
export interface TeamStackConfig {
    readonly "openhack-mlops:event": EventConfig;
    readonly "openhack-mlops:team": TeamConfig;
    readonly "azure-native:location": string;
    /**
     * Object ids of the guests this stack invited itself (stacks/knownGuests.ts), written by the
     * driver before `up`/`preview` from the teardown record and the stack's outputs.
     */
    readonly "openhack-mlops:knownGuests"?: readonly string[];
}

export interface StackSummary {
    /** The bare stack name (`oh4mlex-team1`), without organization or project. */
    readonly name: string;
    /** ISO time of the last update, if any. */
    readonly lastUpdate?: string;
    readonly resourceCount?: number;
    readonly updateInProgress: boolean;
}

export interface LastUpdate {
    /** `update`, `destroy`, `refresh`, ... */
    readonly kind: string;
    /** `succeeded`, `failed`, `in-progress`, ... */
    readonly result: string;
    readonly endTime?: Date;
}

export interface StackOperation {
    readonly command: StackCommand;
    readonly stackName: string;
    /**
     * Config to write before running, or undefined to leave the stack's config as it is (an
     * orphaned stack has no roster entry; `destroy` does not run the program, so it needs none).
     */
    readonly config?: TeamStackConfig;
    /** Create the stack if it does not exist (up, preview); otherwise it must exist. */
    readonly create: boolean;
    /** Raw engine output, for the team's log file. */
    readonly onOutput: (text: string) => void;
    /** A short human phrase of what the engine is doing now ("creating ...:StorageAccount"). */
    readonly onProgress: (text: string) => void;
    /** Aborted on a forced stop (second Ctrl-C): the engine interrupts the operation. */
    readonly signal?: AbortSignal;
    /** `up` only: GitHub logins whose repository collaborator is replaced, renewing an expired invitation. */
    readonly reinvite?: readonly string[];
}

export interface RunResult {
    /** Resource changes in a short form, e.g. `+14 ~1 -0`. */
    readonly changes: string;
    /**
     * GitHub objects created, updated or deleted, when the engine could count them. The start-rate
     * limiter reserves a budget for each `up`/`destroy` and gives back what was not used.
     */
    readonly githubWrites?: number;
}

export interface OutputValue {
    readonly value: unknown;
    readonly secret: boolean;
}

export interface StackEngine {
    /** Existing stacks of this project whose name starts with `prefix`. */
    listStacks(prefix: string): Promise<StackSummary[]>;
    /** Runs one command on one stack. Rejects with the engine's error on failure. */
    run(operation: StackOperation): Promise<RunResult>;
    /** The most recent operation on an existing stack, or undefined for a stack never updated. */
    lastUpdate(stackName: string): Promise<LastUpdate | undefined>;
    /** Stack outputs with their secret flag. Implementations may return secret values in clear: the driver redacts. */
    outputs(stackName: string): Promise<Record<string, OutputValue>>;
    /**
     * The guests whose azuread Invitation is in the stack's state (`pulumi stack export`), created
     * ones of a failed `up` included, and when the stack's root resource was created: issue 22,
     * event/teardown/stateGuests.ts. Rejects when the state cannot be read; never returns anything
     * else of the state.
     */
    invitedGuestsInState(stackName: string): Promise<GuestState>;
    /** Removes an (empty) stack and its settings, after `destroy --orphans`. */
    removeStack(stackName: string): Promise<void>;
}
