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
 * The record without a first `up` time read from the state of an EARLIER stack of the same name.
 * A `firstUpFrom: state` value names one root Stack resource: its `created`, which the engine
 * keeps for as long as that resource lives (UpdateStep copies it, pkg/resource/deploy/step.go).
 * So when the stack does not exist (`state` undefined: removed, then created again by this up) or
 * its state has no root Stack `created` (emptied by `pulumi destroy`, or created by a preview and
 * never updated), that value belongs to a Stack resource that is gone, and keeping it would make
 * the new stack's bound older than the new stack, i.e. "created by this stack" would cover users
 * made by anyone in between. It is dropped before the `up`, and the state's new `created` is
 * recorded after it (recordAfterUp). A stack name or URN would not tell the two stacks apart: the
 * URN of the root Stack is the same for every stack of that name
 * (`urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>`), only `created` differs.
 * Only `up`/`preview` drop it: a destroy's re-run over an emptied state still reads the record of
 * the stack it destroyed, which is the right bound for verifying that stack's guests.
 */
export function withoutEarlierStacksFirstUp(
    record: TeardownRecord,
    state: GuestState | undefined,
): TeardownRecord {
    if (record.firstUpFrom !== "state" || state?.stackCreated !== undefined) return record;
    const rest: Record<string, unknown> = { ...record };
    delete rest.firstUpAt;
    delete rest.firstUpFrom;
    return rest;
}

const sameRecord = (a: TeardownRecord, b: TeardownRecord): boolean =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Before `up`/`preview`: the stack config with the object ids of the guests this stack recorded
 * (its record, its current outputs and the invitations in its state; what the state adds is
 * recorded too, so teardown knows it even if no `up` follows). `firstUpAt` comes from the state's
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
): Promise<TeamStackConfig> {
    const stored = await store.read(team);
    const outputs = stack === undefined ? {} : recordFromOutputs(await stack.outputs());
    const state = stack === undefined ? undefined : await readState(stack);
    const current = mergeRecords(outputs, state === undefined ? {} : recordFromState(state));
    const kept = withoutEarlierStacksFirstUp(stored, state);
    const earlierStack = kept !== stored;
    let record = mergeRecords(kept, current);
    // This up's start is a lower bound only for a stack with no guest yet: a stack that already
    // has guests (its record, outputs or state name them) existed before this up, and taking its
    // time would make those guests look older than the stack and keep them forever. After an
    // earlier stack's time was dropped, the record's older guests are that stack's: only what the
    // stack shows now (outputs, state) counts.
    if (firstUpAt !== undefined && recordedGuests(earlierStack ? current : record).length === 0)
        record = mergeRecords(record, { firstUpAt: firstUpAt.toISOString() });
    if (!sameRecord(stored, record)) await store.write(team, record);
    const ids = [...new Set(recordedGuests(record).map((g) => g.objectId))].sort();
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
