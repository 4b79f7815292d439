/**
 * The teardown record around `up` (issue 22): the guests a stack invited are recorded when they are
 * created, not only before a destroy, so a destroy that crashes (or a stack whose state is lost)
 * still leaves teardown the list of users this stack may remove; and the program is told which
 * users it invited itself, so its guard (stacks/guestGuard.ts) refuses only strangers.
 */
import type { OutputValue, TeamStackConfig } from "../engine";
import { mergeRecords, recordFromOutputs, recordedGuests, type RecordStore } from "./names";

type Outputs = () => Promise<Record<string, OutputValue>>;

/**
 * Before `up`/`preview`: the stack config with the object ids of the guests this stack recorded
 * (its record and its current outputs). `firstUpAt`, given by every `up`, is recorded before the
 * engine runs when the record has none (mergeRecords keeps the earliest), so even a crashed first
 * `up` leaves it.
 */
export async function configBeforeUp(
    store: RecordStore,
    team: string,
    config: TeamStackConfig,
    outputs: Outputs | undefined,
    firstUpAt: Date | undefined,
): Promise<TeamStackConfig> {
    let record = await store.read(team);
    if (outputs !== undefined) record = mergeRecords(record, recordFromOutputs(await outputs()));
    if (firstUpAt !== undefined) {
        record = mergeRecords(record, { firstUpAt: firstUpAt.toISOString() });
        await store.write(team, record);
    }
    const ids = [...new Set(recordedGuests(record).map((g) => g.objectId))].sort();
    return { ...config, "openhack-mlops:knownGuests": ids };
}

/** After every `up` attempt, failed ones too: the guests the stack now exports join the record. */
export async function recordAfterUp(
    store: RecordStore,
    team: string,
    outputs: Outputs,
): Promise<void> {
    const fromOutputs = recordFromOutputs(await outputs());
    await store.write(
        team,
        mergeRecords(await store.read(team), { invitedGuests: fromOutputs.invitedGuests }),
    );
}
