/**
 * One stack command (up, preview, refresh, destroy) over the fleet of team stacks: validate the
 * roster, select teams, then run the command on each stack through the pool (bounded, paced,
 * retried, cancellable) and report. Commands that run no Pulumi operation on stacks (status,
 * outputs, verify-teardown) live beside it (event/runEvent.ts dispatches). Every outside effect
 * comes in through `DriverDeps`, so the tests drive this exact code with a fake engine, a virtual
 * clock and in-memory logs.
 */
export type { DriverDeps, EventOptions, LogSink } from "./options";
import * as path from "node:path";
import { githubWriteCount } from "../stacks/githubFootprint";
import { PROVIDER_WRITE_DELAY_MS, writeDelayOf, writesPerWindow } from "../stacks/githubPacing";
import { PREFLIGHT_EXIT } from "./preflight/model";
import { formatDuration } from "./clock";
import type { StackCommand, StackEngine, TeamStackConfig } from "./engine";
import { openEventStacks, readEventRoster } from "./eventRoster";
import { expiredBeforeUp } from "./github/invitations";
import { githubWaitMs } from "./githubRateHint";
import { runPool } from "./pool";
import {
    GITHUB_WINDOWS,
    GITHUB_WRITES_PER_TEAM,
    StartRateLimiter,
    maxShards,
    shareFor,
    shareOf,
    type Ticket,
} from "./ratelimit";
import { withRetry, errorText } from "./retry";
import type { DriverDeps, EventOptions, LogSink } from "./options";
import { rosterWarnings, teamStackConfig, teamStackName, type Roster } from "./roster";
import { UsageError, pickOrphans, pickTeams, shardOf } from "./select";
import { EXIT, exitCodeOf, firstErrorLine, formatSummary, type TeamOutcome } from "./summary";
import { formatReport, reportJson } from "./teardown/report";
import { isSettled } from "./teardown/verify";
import { GuestsNotRemovedError, type TeardownSession } from "./teardown/session";
import type { RecordStore } from "./teardown/names";
import { configBeforeUp, recordAfterUp, type StackGuestSources } from "./teardown/upRecord";

/** GitHub writes a team's command will make: counted from its config, estimated for an orphan. */
const writesFor = (command: StackCommand, target: Target): number =>
    command === "up" || command === "destroy"
        ? target.config !== undefined
            ? githubWriteCount(
                  target.config["openhack-mlops:event"],
                  target.config["openhack-mlops:team"],
              )
            : GITHUB_WRITES_PER_TEAM
        : 0;

/** The options of a command that runs Pulumi on each stack (event/runEvent.ts picks the others). */
export type FleetOptions = EventOptions & { readonly command: StackCommand };

/** Runs one stack command over the fleet; resolves to the process exit code. Never rejects for a team's failure. */
export async function runFleet(options: FleetOptions, deps: DriverDeps): Promise<number> {
    const { command } = options;
    const roster = await readEventRoster(options, deps);
    if (roster === undefined) return EXIT.usage;
    // Pulumi's own set-up first (the CLI, the state backend, the passphrase): a missing secret is
    // said in a second, not after the preflight's checks. Listing the stacks touches none.
    const stacks = await openEventStacks(roster, deps);
    if (stacks === undefined) return EXIT.usage;
    // An event never starts half-ready: a FAIL stops `up` before any stack is touched.
    if (command === "up" && !options.skipPreflight && deps.preflight) {
        const verdict = await deps.preflight(options.rosterFile);
        if (verdict === PREFLIGHT_EXIT.fail || verdict === PREFLIGHT_EXIT.usage) {
            deps.err.write(
                `up: preflight found problems (above), so no team was started. Fix them and run up again, or run up with --skip-preflight to start anyway.\n`,
            );
            return EXIT.usage;
        }
        if (verdict === PREFLIGHT_EXIT.unknown)
            deps.err.write(
                "up: preflight could not check everything (UNKNOWN above): starting anyway; the teams' own runs will fail on what is really missing.\n",
            );
    }
    return runStacks(
        command,
        roster,
        options,
        { orphans: stacks.orphans, existing: new Set(stacks.summaries.map((s) => s.name)) },
        stacks.engine,
        deps,
    );
}

interface Target {
    readonly team: string;
    readonly stack: string;
    readonly config?: TeamStackConfig;
    readonly orphan: boolean;
    readonly exists: boolean;
}

async function runStacks(
    command: StackCommand,
    roster: Roster,
    options: EventOptions,
    stacks: { readonly orphans: readonly string[]; readonly existing: ReadonlySet<string> },
    engine: StackEngine,
    deps: DriverDeps,
): Promise<number> {
    const event = roster.event.name;
    let targets: Target[];
    try {
        targets = options.orphans
            ? pickOrphans(stacks.orphans, options).map((team) => ({
                  team,
                  stack: teamStackName(event, team),
                  orphan: true,
                  exists: true,
              }))
            : pickTeams(roster.teams, options).map((team) => {
                  const stack = teamStackName(event, team.name);
                  return {
                      team: team.name,
                      stack,
                      config: teamStackConfig(roster, team),
                      orphan: false,
                      exists: stacks.existing.has(stack),
                  };
              });
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.err.write(`${error.message}\n`);
        return EXIT.usage;
    }

    const { reporter, clock } = deps;
    // Expired GitHub invitations are renewed by this `up` (event/github/invitations.ts).
    const reinvite =
        command === "up" && !options.orphans && deps.github
            ? await expiredBeforeUp(
                  deps.github,
                  roster.event,
                  pickTeams(roster.teams, options),
                  new Date(clock.now()),
              )
            : undefined;
    reporter.begin(targets.map((t) => t.team));
    for (const note of reinvite?.notes ?? []) reporter.note(note);
    if (command === "up" || command === "preview")
        for (const w of rosterWarnings(roster)) reporter.note(`warning: ${w}`);
    const tooManyShards = shardWarning(command, roster, options);
    if (tooManyShards) reporter.note(tooManyShards);
    if (!options.orphans && stacks.orphans.length > 0) {
        reporter.note(
            `note: ${stacks.orphans.length} stack(s) of this event are not in the roster and are left alone: ` +
                `${stacks.orphans.map((t) => teamStackName(event, t)).join(", ")} (remove them with destroy --orphans)`,
        );
    }
    const running = new Set<string>();
    const onStop = (): void =>
        reporter.note(
            `Ctrl-C: no new team will start; ${running.size} running team(s) finish first. Press Ctrl-C again to force a stop.`,
        );
    const onForce = (): void => reporter.note(forcedStopNotice(roster, [...running], command));
    deps.stop?.addEventListener("abort", onStop, { once: true });
    deps.force?.addEventListener("abort", onForce, { once: true });

    const outcomes = new Map<string, TeamOutcome>();
    const runnable = targets.filter((t) => {
        if (t.exists || command === "up" || command === "preview") return true;
        // refresh/destroy never create a stack just to find it empty.
        outcomes.set(t.team, {
            team: t.team,
            stack: t.stack,
            command,
            result: "skipped",
            durationMs: 0,
            attempts: 0,
            detail: "no stack",
        });
        reporter.update(t.team, { phase: "skipped", detail: "no stack" });
        return false;
    });

    const session =
        command === "destroy" && options.purge !== false
            ? deps.teardown?.(roster, { deleteRepos: options.deleteRepos ?? false })
            : undefined;
    const limiter = new StartRateLimiter(
        tokenShare(roster, options),
        clock,
        writeSpacingMs(command, roster, options),
    );
    const task = async (target: Target, ticket: Ticket | undefined): Promise<TeamOutcome> => {
        running.add(target.stack);
        try {
            return await runTeam(
                command,
                target,
                ticket,
                roster,
                options,
                engine,
                { ...deps, reinvite: reinvite?.expired.get(target.team) },
                heedGithub,
                session,
            );
        } finally {
            running.delete(target.stack);
        }
    };
    // GitHub's own "wait" in any team's output holds every start (and that team's retry) until then.
    const heedGithub = (text: string): number | undefined => {
        const waitMs = githubWaitMs(text, clock.now());
        if (waitMs !== undefined && waitMs > 0) limiter.pauseUntil(clock.now() + waitMs);
        return waitMs;
    };
    const results = await runPool(runnable, task, {
        parallel: options.parallel,
        stop: deps.stop,
        limiter,
        costOf: (target) => writesFor(command, target),
        onWait: (t, ms) =>
            reporter.update(t.team, {
                phase: "waiting",
                detail: `GitHub write budget, starts in ${formatDuration(ms)}`,
            }),
    });
    results.forEach((result, i) => {
        const t = runnable[i];
        if (result.kind === "done") {
            outcomes.set(t.team, result.value);
            return;
        }
        const failed = result.kind === "crashed";
        const detail = failed
            ? firstErrorLine(errorText(result.error))
            : "stopped by Ctrl-C before it started";
        outcomes.set(t.team, {
            team: t.team,
            stack: t.stack,
            command,
            result: failed ? "failed" : "not started",
            durationMs: 0,
            attempts: 0,
            detail,
        });
        reporter.update(t.team, { phase: failed ? "failed" : "not-started", detail });
    });
    deps.stop?.removeEventListener("abort", onStop);
    deps.force?.removeEventListener("abort", onForce);
    reporter.end();

    const ordered = targets
        .map((t) => outcomes.get(t.team))
        .filter((o): o is TeamOutcome => o !== undefined);
    // With --json, stdout carries only the verification report.
    (session && options.json ? deps.err : deps.out).write(`\n${formatSummary(ordered)}\n`);
    if (session && session.reports().length > 0)
        deps.out.write(
            options.json ? reportJson(session.reports()) : `\n${formatReport(session.reports())}`,
        );
    return exitCodeOf(ordered);
}

/** Where a stack tells which guests it invited: its outputs and the invitations in its state. */
const guestSources = (engine: StackEngine, stack: string): StackGuestSources => ({
    outputs: () => engine.outputs(stack),
    stateGuests: () => engine.invitedGuestsInState(stack),
});

/** Records the guests a stack exports after an `up`; a failure is said in the log and the progress, never hidden. */
async function recordUpGuests(
    records: RecordStore,
    target: Target,
    engine: StackEngine,
    log: LogSink,
    reporter: DriverDeps["reporter"],
): Promise<void> {
    try {
        await recordAfterUp(records, target.team, guestSources(engine, target.stack));
    } catch (error) {
        const text = `warning: team ${target.team}: the invited guests could not be recorded for teardown (${firstErrorLine(errorText(error))}); run up again before any destroy`;
        log.write(`=== ${text}\n`);
        reporter.note(text);
    }
}

async function runTeam(
    command: StackCommand,
    target: Target,
    ticket: Ticket | undefined,
    roster: Roster,
    options: EventOptions,
    engine: StackEngine,
    deps: DriverDeps & { readonly reinvite?: readonly string[] },
    heedGithub: (text: string) => number | undefined,
    session?: TeardownSession,
): Promise<TeamOutcome> {
    const { reporter, clock } = deps;
    const recordGuests = (records: RecordStore): Promise<void> =>
        recordUpGuests(records, target, engine, log, reporter);
    const logName = path.join("logs", `${target.team}-${command}.log`);
    const log = deps.openLog(path.join(roster.eventDir, logName));
    const started = clock.now();
    const teardown = session && {
        team: target.team,
        outputs: () => engine.outputs(target.stack),
        state: () => engine.invitedGuestsInState(target.stack),
        log: (text: string) => log.write(text),
    };
    if (session && teardown) {
        reporter.update(target.team, {
            phase: "running",
            detail: "destroy (removing invited guests and purging the ML workspace first)",
        });
        await session.before(teardown).catch(async (error: unknown) => {
            // pulumi destroy did not run: say so, and how to go on. A guest removal's reason says
            // itself which guests are already gone (session.ts guestsNotRemoved).
            const text = errorText(error);
            const message = text.startsWith("cannot read the stack's state")
                ? `${text}; nothing was destroyed (fix the access to the state and run destroy again)`
                : error instanceof GuestsNotRemovedError
                  ? text
                  : `purging the ML workspace before destroy failed, nothing was destroyed (fix the access, or run destroy with --no-purge and verify-teardown later): ${text}`;
            // The summary shows one shortened line: the whole reason goes to the team's log.
            log.write(`=== ${message}\n`);
            await log.close();
            throw new Error(message);
        });
    }
    // destroy --no-purge (no session): the destroy drops the invitations from the state
    // (retainOnDelete), so the guests only the state knows are recorded first for a later
    // verify-teardown; a state that cannot be read destroys nothing (issue 22).
    const destroyRecords = command === "destroy" && !session ? deps.records?.(roster) : undefined;
    if (destroyRecords)
        await recordAfterUp(destroyRecords, target.team, guestSources(engine, target.stack)).catch(
            async (error: unknown) => {
                const text = `cannot record the guests in the stack's state, nothing was destroyed: ${errorText(error)}`;
                log.write(`=== ${text}\n`);
                await log.close();
                throw new Error(text);
            },
        );
    // The guests this stack invited, for the program's guard; recorded again after each up (issue 22).
    const records = command === "up" || command === "preview" ? deps.records?.(roster) : undefined;
    const config =
        records && target.config
            ? await configBeforeUp(
                  records,
                  target.team,
                  target.config,
                  target.exists ? guestSources(engine, target.stack) : undefined,
                  // Every up offers its start time; the record keeps the state's `created` or else
                  // the earliest, so this writes it only when the record has none: after a
                  // preview (it creates the stack) too. It
                  // cannot know an earlier up that left no record; that up's guests then look older
                  // than the first up and are kept (guestOwnership.ts).
                  command === "up" ? new Date(clock.now()) : undefined,
                  // A preview reads the record and writes nothing (upRecord.ts configBeforeUp).
                  command === "preview" ? "preview" : "up",
              ).catch(async (error: unknown) => {
                  const text = `cannot tell which guests this stack invited, nothing was run: ${errorText(error)}`;
                  // The summary shows one shortened line: the whole reason goes to the team's log.
                  log.write(`=== ${text}\n`);
                  await log.close();
                  throw new Error(text);
              })
            : target.config;
    const outcome = await withRetry(
        async (attempt) => {
            reporter.update(target.team, {
                phase: "running",
                detail: attempt > 1 ? `${command}, attempt ${attempt}` : command,
            });
            log.write(
                `=== ${command} ${target.stack}, attempt ${attempt}, ${new Date(clock.now()).toISOString()}\n`,
            );
            const result = await engine
                .run({
                    command,
                    stackName: target.stack,
                    config,
                    create: command === "up" || command === "preview",
                    onOutput: (text) => {
                        log.write(text);
                        heedGithub(text);
                    },
                    onProgress: (detail) =>
                        reporter.update(target.team, { phase: "running", detail }),
                    signal: deps.force,
                    ...(deps.reinvite ? { reinvite: deps.reinvite } : {}),
                })
                // Failed attempts too: an up that failed late may already have invited guests.
                .finally(() => command === "up" && records && recordGuests(records));
            // An orphan's stack goes once it is empty, so `status` stops listing it.
            if (target.orphan && command === "destroy") await engine.removeStack(target.stack);
            return result;
        },
        {
            retries: options.retries,
            clock,
            random: deps.random,
            stop: deps.stop,
            minDelayOf: (error) => heedGithub(errorText(error)),
            onRetry: ({ retry, delayMs, reason, error }) => {
                log.write(
                    `\n=== transient failure (${reason}), retry ${retry} of ${options.retries} in ${formatDuration(delayMs)}\n${errorText(error)}\n`,
                );
                reporter.update(target.team, {
                    phase: "retrying",
                    detail: `${reason}; retry ${retry}/${options.retries} in ${formatDuration(delayMs)}`,
                });
            },
        },
    );
    // Unknown usage keeps the whole reservation: better to wait a little than to trip the limit.
    ticket?.settle(
        outcome.ok
            ? (outcome.value.githubWrites ?? writesFor(command, target))
            : writesFor(command, target),
    );
    if (!outcome.ok)
        log.write(
            `\n=== failed after ${outcome.attempts} attempt(s)\n${errorText(outcome.error)}\n`,
        );
    if (outcome.ok && session && teardown)
        reporter.update(target.team, { phase: "running", detail: "teardown: purge and verify" });
    const verified = outcome.ok && session && teardown ? await session.after(teardown) : undefined;
    const durationMs = clock.now() - started;
    await log.close();
    // Leftovers or unanswered checks make the team fail; a group still deleting does not.
    const ok = outcome.ok && (verified === undefined || isSettled(verified.verdict));
    const detail = outcome.ok
        ? `${outcome.value.changes}${verified ? `; teardown: ${verified.verdict}` : ""}`
        : firstErrorLine(errorText(outcome.error));
    reporter.update(target.team, { phase: ok ? "succeeded" : "failed", detail });
    return {
        team: target.team,
        stack: target.stack,
        command,
        result: ok ? "succeeded" : "failed",
        durationMs,
        attempts: outcome.attempts,
        detail,
        logFile: path.join(roster.eventDirShown, logName),
    };
}

/**
 * This run's share of the GitHub token: all of it without `--shard`; with it, in proportion to the
 * roster teams the shard holds (a destroy of orphans only, which the roster does not count, gets
 * an equal share).
 */
function tokenShare(roster: Roster, options: EventOptions) {
    const shard = options.shard;
    if (!shard) return [...GITHUB_WINDOWS];
    const whole = roster.teams.length;
    if (options.orphans || whole === 0) return shareOf(GITHUB_WINDOWS, shard.count);
    const part = roster.teams.filter((t) => shardOf(t.name, shard.count) === shard.index).length;
    return shareFor(GITHUB_WINDOWS, part, whole);
}

/**
 * How far apart a team's provider makes its writes in this run. `up` runs the program, so every
 * provider gets the roster's delay. `destroy` does not: each provider keeps the settings of the
 * stack's last `up` (the provider's 1 s on stacks deployed before the delay existed, a shorter
 * delay from a smaller roster), so it counts with the shorter of the roster's delay and 1 s.
 */
function writeSpacingMs(command: StackCommand, roster: Roster, options: EventOptions): number {
    const delay = writeDelayOf(roster.event);
    return command === "up" && !options.orphans ? delay : Math.min(delay, PROVIDER_WRITE_DELAY_MS);
}

/** Said when the shards split the token so finely that this shard's share cannot hold one team's writes. */
function shardWarning(
    command: StackCommand,
    roster: Roster,
    options: EventOptions,
): string | undefined {
    if (!options.shard || (command !== "up" && command !== "destroy")) return undefined;
    const writes = Math.max(0, ...roster.teams.map((t) => githubWriteCount(roster.event, t)));
    const delay = writeSpacingMs(command, roster, options);
    const short = tokenShare(roster, options).some(
        (w) => w.limit < writesPerWindow(writes, delay, w.windowMs),
    );
    if (!short) return undefined;
    return `warning: --shard ${options.shard.index}/${options.shard.count}: the shards share one GitHub token, and this shard's share cannot hold one team's writes (${writes}, ${formatDuration(delay)} apart); GitHub may answer with rate limits. Use at most ${maxShards(writes, delay)} shards for this roster.`;
}

/**
 * What to do about stacks whose engine was interrupted by a forced stop. A destroy is finished,
 * never undone with `up`: its invited guests were removed before `pulumi destroy` (teardown
 * session's `before`), and an `up` over the stack reports no changes while its role assignments
 * and compute instances still name the deleted users; after a refresh the invitations' `userId` is
 * "" (the azuread Invitation's Read sets user_id "" when Graph answers 404:
 * hashicorp/terraform-provider-azuread internal/services/invitations/invitation_resource.go).
 * Undoing it means restoring the guests from Entra's deleted items first
 * (docs/run-an-event.md, "A started destroy is finished, not undone").
 */
export function forcedStopNotice(
    roster: Roster,
    stacks: readonly string[],
    command?: StackCommand,
): string {
    const list = stacks.length > 0 ? stacks.join(", ") : "none";
    const next = command === "destroy" ? "run destroy again" : "run up or destroy again";
    return [
        `Forced stop: interrupting the running Pulumi operations (${list}).`,
        "An interrupted update can leave its stack locked and with pending operations. For each stack above, once this command has exited:",
        `  pulumi cancel --yes --cwd ${roster.eventDirShown} --stack <stack>    # releases the lock (also for file and azblob backends)`,
        `  npm run event -- refresh ${roster.file} --team <team>          # re-reads what really exists, then ${next}`,
        "Press Ctrl-C once more to exit immediately.",
    ].join("\n");
}
