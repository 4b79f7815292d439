/**
 * The teardown record around `up` (issue 22): the guests a stack invited are recorded when they are
 * created, not only before a destroy, so a destroy that crashes (or a stack whose state is lost)
 * still leaves teardown the list of users this stack may remove; and the program is told which
 * users it invited itself, so its guard (stacks/guestGuard.ts) refuses only strangers.
 *
 * Two sources, because neither is enough alone: the stack's `invitedGuests` output (written only
 * when a program run completes) and the azuread Invitations in its state (checkpointed as each is
 * created, so a first `up` that failed after inviting has them while it exports nothing:
 * stateGuests.ts).
 */
import type { OutputValue, TeamStackConfig } from "../engine";
import {
    everyRecordedGuest,
    mergeRecords,
    recordFromOutputs,
    recordedGuests,
    type RecordStore,
    type TeardownRecord,
} from "./names";
import type { GuestState } from "./stateGuests";

/** Where an existing stack tells which guests it invited. */
export interface StackGuestSources {
    readonly outputs: () => Promise<Record<string, OutputValue>>;
    /** The invitations in the stack's state (`pulumi stack export`); rejects when it cannot be read. */
    readonly stateGuests: () => Promise<GuestState>;
}

/**
 * The record's `invitedGuests` (`login=objectId,...`, sorted) for the guests found in the state, and
 * its `firstUpAt` from the Stack resource's `created`, marked `firstUpFrom: state`: mergeRecords
 * then lets it win over any local value, an older stale one included.
 */
export function recordFromState(state: GuestState): TeardownRecord {
    const pairs = [...new Set(state.guests.map((g) => `${g.login}=${g.objectId}`))].sort();
    return {
        ...(pairs.length > 0 ? { invitedGuests: pairs.join(",") } : {}),
        ...(state.stackCreated !== undefined
            ? { firstUpAt: new Date(state.stackCreated).toISOString(), firstUpFrom: "state" }
            : {}),
    };
}

/**
 * The state's invitations, or a rejection that says where the reason comes from. A state that
 * cannot be read is never taken for "no guests": the `up` stops instead (see configBeforeUp).
 */
async function readState(stack: StackGuestSources): Promise<GuestState> {
    try {
        return await stack.stateGuests();
    } catch (error) {
        throw new Error(
            `cannot read the stack's state for the guests it invited (${error instanceof Error ? error.message : String(error)})`,
        );
    }
}

const stateRecord = async (stack: StackGuestSources): Promise<TeardownRecord> =>
    recordFromState(await readState(stack));

/**
 * The record with an EARLIER stack's first `up` and guests set apart (`earlierStacks`), when the
 * stack's state no longer has the root Stack resource that first `up` was read from.
 *
 * A `firstUpFrom: state` value names one root Stack resource: its `created`. The engine keeps it
 * for as long as that resource lives: an update's step copies the old state's `created`
 * (UpdateStep, pulumi/pulumi pkg/resource/deploy/step.go), and the root Stack of a later `up` is
 * usually a Same step, whose new state the step generator builds with `old.Created`
 * (pkg/resource/deploy/step_generator.go; SameStep keeps that state, step.go). So when the stack
 * does not exist (`state` undefined: removed, then created again by this up) or its state has no
 * root Stack `created` (emptied by `pulumi destroy`, or created by a preview and never updated),
 * that value belongs to a Stack resource that is gone. A stack name or URN would not tell the two
 * stacks apart: the URN of the root Stack is the same for every stack of that name
 * (`urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>`), only `created` differs.
 *
 * Design (the second review of issue 22, S-1): the earlier stack's guests (left by
 * `destroy --no-purge`, or kept as shared or unproven) move to `earlierStacks` WITH that stack's
 * first `up`, and the new stack starts with no first `up` of its own (this up's start or its
 * state's `created` is recorded next). Each guest is then checked against the bound of the stack
 * that invited it (names.ts firstUpOfGuest): keeping the old time for the new stack would widen its
 * bound to users made by anyone between the two stacks; giving the old guests the new stack's
 * bound would call them "not created by this stack" and keep them forever with no command. The
 * other design, refusing the `up` until the old guests are gone, would stop an organizer who
 * chose `--no-purge` on purpose from reusing the team's name until verify-teardown is clean, and
 * a shared or unproven guest may stay for weeks. Only `up`/`preview` set it apart (and a preview
 * only in memory: configBeforeUp): a destroy's re-run over an emptied state still reads the record
 * of the stack it destroyed, which is the right bound for verifying that stack's guests.
 */
export function withoutEarlierStacksFirstUp(
    record: TeardownRecord,
    state: GuestState | undefined,
): TeardownRecord {
    if (record.firstUpFrom !== "state" || state?.stackCreated !== undefined) return record;
    const rest: Record<string, unknown> = { ...record };
    delete rest.firstUpAt;
    delete rest.firstUpFrom;
    delete rest.invitedGuests;
    const earlier =
        record.invitedGuests !== undefined && record.firstUpAt !== undefined
            ? [{ firstUpAt: record.firstUpAt, invitedGuests: record.invitedGuests }]
            : [];
    return mergeRecords(rest, { earlierStacks: earlier });
}

const sameRecord = (a: TeardownRecord, b: TeardownRecord): boolean =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Before `up`/`preview`: the stack config with the object ids of the guests this stack recorded
 * (its record, earlier stacks' guests, its current outputs and the invitations in its state; at
 * an `up`, what the state adds is recorded too, so teardown knows it even if the engine then
 * fails; a `preview` writes nothing). `firstUpAt` comes from the state's
 * Stack resource (`created`, kept in the backend; it wins over any local value) and, for a stack
 * with no guest yet and no `created` known, from this `up`'s start, recorded before the engine
 * runs (mergeRecords keeps the earliest of those), so even a crashed first `up` leaves it.
 *
 * A state that cannot be read rejects, and the driver runs nothing for that team: without it the
 * guard would refuse a guest this stack invited, with a message that blames the roster, or (worse,
 * if the guard were lenient) accept a stranger. Failing with the export's reason is the one
 * answer that is true.
 */
export async function configBeforeUp(
    store: RecordStore,
    team: string,
    config: TeamStackConfig,
    stack: StackGuestSources | undefined,
    firstUpAt: Date | undefined,
    command: "up" | "preview" = "up",
): Promise<TeamStackConfig> {
    const stored = await store.read(team);
    const outputs = stack === undefined ? {} : recordFromOutputs(await stack.outputs());
    const state = stack === undefined ? undefined : await readState(stack);
    const current = mergeRecords(outputs, state === undefined ? {} : recordFromState(state));
    let record = mergeRecords(withoutEarlierStacksFirstUp(stored, state), current);
    // This up's start is a lower bound only for a stack with no guest yet: a stack that already
    // has guests (its record, outputs or state name them) existed before this up, and taking its
    // time would make those guests look older than the stack and keep them forever. An earlier
    // stack's guests are not this stack's: they were set apart above, with their own bound.
    if (firstUpAt !== undefined && recordedGuests(record).length === 0)
        record = mergeRecords(record, { firstUpAt: firstUpAt.toISOString() });
    // A preview changes nothing a teardown reads (its first `up`, its guests): it only tells the
    // program's guard the ids, which the same reading gives without writing.
    if (command === "up" && !sameRecord(stored, record)) await store.write(team, record);
    // Earlier stacks' guests too: the same address invited again answers with that user.
    const ids = [...new Set(everyRecordedGuest(record).map((g) => g.objectId))].sort();
    return { ...config, "openhack-mlops:knownGuests": ids };
}

const settle = <T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> =>
    Promise.allSettled([promise]).then(([result]) => result);

/**
 * After every `up` attempt, failed ones too: the guests the stack now exports, and those whose
 * invitation its state holds, join the record. What one source gave is written even when the
 * other failed; the failure is then rethrown for the driver to report.
 */
export async function recordAfterUp(
    store: RecordStore,
    team: string,
    stack: StackGuestSources,
): Promise<void> {
    // One after the other: both run the Pulumi CLI on the same stack.
    const outputs = await settle(
        stack.outputs().then((o): TeardownRecord => {
            const guests = recordFromOutputs(o).invitedGuests;
            return guests === undefined ? {} : { invitedGuests: guests };
        }),
    );
    const state = await settle(stateRecord(stack));
    const found = [outputs, state].flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    await store.write(team, found.reduce(mergeRecords, await store.read(team)));
    const failed = [outputs, state].find((r) => r.status === "rejected");
    if (failed?.status === "rejected") throw failed.reason;
}
