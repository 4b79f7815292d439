/**
 * What teardown needs to know about one team, and where it comes from.
 *
 * Most names are pure functions of the event and team names (stacks/names.ts): the resource group,
 * the Entra application's display name, the repository. The workspace and key vault names carry the
 * team's random suffix, which lives only in the stack's state and is gone after `pulumi destroy`;
 * teardown does not need them (the soft-deleted workspace and vault are found by their resource
 * group), but they and the principal's object id are recorded in `stacks/<event>/teardown/<team>.json`
 * before the destroy, so the report can name them and a re-run after the stack is gone still knows
 * the principal whose role assignments it must check.
 */
import { readFile, readdir } from "node:fs/promises";
import { writePrivateFile } from "../privateFiles";
import * as path from "node:path";
import { teamNames } from "../../stacks/names";
import type { OutputValue } from "../engine";
import type { Roster } from "../roster";

/** Learnt from the stack before it is destroyed. Every field optional: a stack may be half-built. */
export interface TeardownRecord {
    readonly subscriptionId?: string;
    readonly location?: string;
    readonly workspace?: string;
    readonly keyVault?: string;
    /** The team principal's application (client) id. */
    readonly clientId?: string;
    readonly servicePrincipalObjectId?: string;
    /**
     * The guests this stack invited, `login=objectId` joined by commas (the stack's `invitedGuests`
     * output, recorded after every `up` and before the destroy): with `earlierStacks`, the only
     * users teardown may remove.
     * Merged by union (`mergeRecords`): a guest replaced by a later `up` stays recorded.
     */
    readonly invitedGuests?: string;
    /**
     * When the first `up` of this stack started (ISO 8601): a user created before it cannot have
     * been created by this stack's invitations. From the state's root Stack `created` when the state
     * has one (then `firstUpFrom` is `state`), else the earliest known (mergeRecords).
     */
    readonly firstUpAt?: string;
    /**
     * `state` when `firstUpAt` is the state's root Stack `created` (upRecord.ts recordFromState);
     * absent when it is the driver's own time of an `up`. Kept in the record so that a later merge
     * with an older, stale value (mergeRecords) still lets the state win. An `up` moves it, with
     * the guests it bounds, to `earlierStacks` when the stack's state no longer has that root
     * Stack (an earlier stack of the same name: upRecord.ts withoutEarlierStacksFirstUp).
     */
    readonly firstUpFrom?: "state";
    /**
     * The guests of earlier stacks of this team's name that are still to be removed or verified,
     * each with that stack's own first `up` (upRecord.ts withoutEarlierStacksFirstUp moves them
     * here when a new stack of the same name starts). Merged by union (mergeRecords).
     */
    readonly earlierStacks?: readonly EarlierStack[];
}

/**
 * An earlier stack's guests and the bound that proves them: the `created` of that stack's root
 * Stack resource. Each guest keeps the bound of the stack that invited it, never a later one (it
 * would call the guest "not created by this stack" and keep it forever) nor an earlier one (it
 * would take in users made by anyone before that stack).
 */
export interface EarlierStack {
    readonly firstUpAt: string;
    /** `login=objectId` joined by commas, as TeardownRecord.invitedGuests. */
    readonly invitedGuests: string;
}

export interface TeardownNames extends TeardownRecord {
    readonly event: string;
    readonly team: string;
    readonly resourceGroup: string;
    /** Display name of the team's Entra application (and its service principal). */
    readonly application: string;
    readonly repositoryOwner: string;
    readonly repository: string;
    /** Whether the repository should end deleted (`--delete-repos` or `archiveOnDestroy: false`) or archived. */
    readonly repositoryEnd: "archived" | "deleted";
    /**
     * The repository is ended later, by whoever holds it (a team's teardown request is answered
     * on the repository first, and an archived repository takes no comment): purge leaves it and
     * verification reports it as pending.
     */
    readonly repositoryHeld?: boolean;
    /**
     * Object id -> another team of the event that names the same user (its recorded guests and its
     * members listed by object id): such a user is never removed by this team's teardown.
     */
    readonly guestsOfOtherTeams?: Readonly<Record<string, string>>;
    /**
     * Lowercase userPrincipalName -> another team that lists that user by `userPrincipalName`
     * (an organizer may copy a guest's `..#EXT#@..` name into a second team): never removed either.
     */
    readonly upnsOfOtherTeams?: Readonly<Record<string, string>>;
}

/** A suffix only to reach the suffix-free names (stacks/names.ts validates it). */
const ANY_SUFFIX = "000000";

export function teardownNames(
    roster: Roster,
    team: string,
    record: TeardownRecord,
    options: {
        readonly deleteRepos: boolean;
        /** For teams without one in the roster or the record (the CLI: AZURE_SUBSCRIPTION_ID). */
        readonly defaultSubscriptionId?: string;
        readonly holdRepository?: boolean;
    },
): TeardownNames {
    const names = teamNames(roster.event.name, team, ANY_SUFFIX);
    const rosterTeam = roster.teams.find((t) => t.name === team);
    const subscriptionId =
        record.subscriptionId ??
        (rosterTeam?.subscriptionId || undefined) ??
        options.defaultSubscriptionId;
    return {
        ...record,
        subscriptionId,
        location: record.location ?? roster.location,
        event: roster.event.name,
        team,
        resourceGroup: names.resourceGroup,
        application: names.application,
        repositoryOwner: roster.event.github.owner,
        repository: names.repository,
        repositoryEnd:
            options.deleteRepos || !roster.event.github.archiveOnDestroy ? "deleted" : "archived",
        ...(options.holdRepository ? { repositoryHeld: true } : {}),
    };
}

/** A plain string output; a secret one is never copied into a record file. */
const text = (outputs: Record<string, OutputValue>, key: string): string | undefined => {
    const output = outputs[key];
    return output && !output.secret && typeof output.value === "string" && output.value !== ""
        ? output.value
        : undefined;
};

/**
 * Every guest the record names, this stack's and earlier stacks' (each pair once): the users
 * teardown removes and verifies, and the ids the program's guard accepts.
 */
export function everyRecordedGuest(record: TeardownRecord): { login: string; objectId: string }[] {
    const all = [record, ...(record.earlierStacks ?? [])].flatMap(recordedGuests);
    const seen = new Set<string>();
    return all.filter((g) => {
        const key = `${g.login}=${g.objectId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * The first `up` that bounds a recorded user's creation: the earliest first `up` among the stacks
 * that recorded it (this stack's `firstUpAt`, an earlier stack's own: EarlierStack). A user the
 * record does not name gets this stack's. The earliest is right because the user was answered to
 * that stack's invitation and created after it started: that stack created it.
 */
export function firstUpOfGuest(record: TeardownRecord, objectId: string): string | undefined {
    const names = (r: { invitedGuests?: string }): boolean =>
        recordedGuests(r).some((g) => g.objectId === objectId);
    const earlier = (record.earlierStacks ?? []).filter(names).map((s) => s.firstUpAt);
    const bounds = names(record) || earlier.length === 0 ? [record.firstUpAt, ...earlier] : earlier;
    return bounds.reduce<string | undefined>((a, b) => earlierTime(a, b), undefined);
}

/** `login=objectId,...` of a plain `invitedGuests` output (a map of strings); undefined otherwise. */
function guestsOf(outputs: Record<string, OutputValue>): string | undefined {
    const output = outputs.invitedGuests;
    if (!output || output.secret || output.value === null || typeof output.value !== "object")
        return undefined;
    const pairs = Object.entries(output.value as Record<string, unknown>)
        .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
        .map(([login, id]) => `${login}=${id}`);
    return pairs.length > 0 ? pairs.sort().join(",") : undefined;
}

/** The recorded guests as login and object id. */
export function recordedGuests(record: {
    readonly invitedGuests?: string;
}): { login: string; objectId: string }[] {
    return (record.invitedGuests ?? "")
        .split(",")
        .filter((pair) => pair.includes("="))
        .map((pair) => {
            const [login, objectId] = pair.split("=");
            return { login, objectId };
        });
}

/** The record fields a team stack's outputs carry (TeamStackOutputs); the vault shares the storage account's name. */
export function recordFromOutputs(outputs: Record<string, OutputValue>): TeardownRecord {
    return {
        subscriptionId: text(outputs, "subscriptionId"),
        workspace: text(outputs, "workspace"),
        keyVault: text(outputs, "storageAccount"),
        clientId: text(outputs, "servicePrincipalClientId"),
        invitedGuests: guestsOf(outputs),
    };
}

/** `login=objectId` pairs of both, each once, sorted. */
function unionOfGuests(a?: string, b?: string): string | undefined {
    const pairs = new Set(
        [a, b].flatMap((list) => (list ?? "").split(",").filter((p) => p.includes("="))),
    );
    return pairs.size > 0 ? [...pairs].sort().join(",") : undefined;
}

/** The earlier of two ISO times (either may be missing or unreadable). */
function earlierTime(a?: string, b?: string): string | undefined {
    const known = [a, b].filter((t): t is string => t !== undefined && !isNaN(Date.parse(t)));
    return known.sort((x, y) => Date.parse(x) - Date.parse(y))[0];
}

/** A `firstUpAt` read from the state's root Stack (`firstUpFrom: state`) and readable as a time. */
const stateFirstUp = (record: TeardownRecord): string | undefined =>
    record.firstUpFrom === "state" &&
    record.firstUpAt !== undefined &&
    !isNaN(Date.parse(record.firstUpAt))
        ? record.firstUpAt
        : undefined;

/**
 * The first `up`'s time of two records, and whether it is the state's. The state's root Stack
 * `created` is the stack's real creation, kept with the state in the backend; a local record can be
 * stale (left by an earlier stack of the same name that was removed and created again), and its
 * older time would widen "created by this stack" to users made by anyone between the two stacks.
 * So a value from the state wins over any other (the newer record's, when both are: it was read
 * later); only where no state gave one (a checkpoint from before early 2023 has no `created`)
 * does the earliest known win, so that no `up` this machine saw makes its guests look too old.
 */
function firstUpOf(
    older: TeardownRecord,
    newer: TeardownRecord,
): Pick<TeardownRecord, "firstUpAt" | "firstUpFrom"> {
    const fromState = stateFirstUp(newer) ?? stateFirstUp(older);
    if (fromState !== undefined) return { firstUpAt: fromState, firstUpFrom: "state" };
    const first = earlierTime(older.firstUpAt, newer.firstUpAt);
    return first === undefined ? {} : { firstUpAt: first };
}

/**
 * Later knowledge wins, but never erases a known value with an unknown one. Two exceptions keep
 * teardown from forgetting a user it created: invited guests are united (a guest replaced by a
 * later `up` got a new object id, and the old user is still in the tenant until teardown removes
 * it), and so are earlier stacks' guests, each with its own first `up`. And the first `up`'s time: the state's wins, else the earliest (firstUpOf); the source
 * travels with the value (`firstUpFrom`), so every later merge (the store re-read by `after`,
 * `verify`, the next `up`) keeps the state's value against an older local one.
 */
/** Earlier stacks of both, one entry per first `up` (their guests united), oldest first. */
function unionOfEarlierStacks(
    a: readonly EarlierStack[] = [],
    b: readonly EarlierStack[] = [],
): EarlierStack[] {
    const byFirstUp = new Map<string, string | undefined>();
    for (const stack of [...a, ...b])
        byFirstUp.set(
            stack.firstUpAt,
            unionOfGuests(byFirstUp.get(stack.firstUpAt), stack.invitedGuests),
        );
    return [...byFirstUp]
        .flatMap(([firstUpAt, invitedGuests]) =>
            invitedGuests === undefined ? [] : [{ firstUpAt, invitedGuests }],
        )
        .sort((x, y) => Date.parse(x.firstUpAt) - Date.parse(y.firstUpAt));
}

export function mergeRecords(older: TeardownRecord, newer: TeardownRecord): TeardownRecord {
    const merged: Record<string, unknown> = {};
    for (const source of [older, newer])
        for (const [key, value] of Object.entries(source))
            if (typeof value === "string" && value !== "") merged[key] = value;
    const guests = unionOfGuests(older.invitedGuests, newer.invitedGuests);
    if (guests !== undefined) merged.invitedGuests = guests;
    delete merged.firstUpAt;
    delete merged.firstUpFrom;
    const earlierStacks = unionOfEarlierStacks(older.earlierStacks, newer.earlierStacks);
    if (earlierStacks.length > 0) merged.earlierStacks = earlierStacks;
    return { ...merged, ...firstUpOf(older, newer) };
}

export interface RecordStore {
    read(team: string): Promise<TeardownRecord>;
    write(team: string, record: TeardownRecord): Promise<void>;
    /** The teams that have a record (optional: a store that cannot list is read by roster team). */
    list?(): Promise<string[]>;
}

/** `stacks/<event>/teardown/<team>.json`, beside the event's logs (gitignored with them). */
export function fileRecordStore(eventDir: string): RecordStore {
    const dir = path.join(eventDir, "teardown");
    const file = (team: string): string => path.join(dir, `${team}.json`);
    return {
        async read(team) {
            let raw: string;
            try {
                raw = await readFile(file(team), "utf8");
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
                throw error;
            }
            const parsed: unknown = JSON.parse(raw);
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
                throw new Error(`${file(team)}: expected a JSON object`);
            const earlier = (parsed as { earlierStacks?: unknown }).earlierStacks;
            if (earlier !== undefined && !isEarlierStacks(earlier))
                throw new Error(
                    `${file(team)}: earlierStacks must be a list of { firstUpAt: <ISO 8601 time>, invitedGuests: "login=objectId,..." }`,
                );
            return mergeRecords({}, parsed);
        },
        async list() {
            try {
                return (await readdir(dir))
                    .filter((f) => f.endsWith(".json"))
                    .map((f) => f.slice(0, -".json".length));
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
                throw error;
            }
        },
        async write(team, record) {
            // Owner-only: a record names the team's objects and, since issue 22, its invited guests.
            await writePrivateFile(file(team), `${JSON.stringify(record, null, 2)}\n`);
        },
    };
}

/** A record file's `earlierStacks` as written by this module: refused otherwise, never guessed at. */
function isEarlierStacks(value: unknown): value is EarlierStack[] {
    return (
        Array.isArray(value) &&
        value.every(
            (s: unknown) =>
                typeof s === "object" &&
                s !== null &&
                typeof (s as EarlierStack).firstUpAt === "string" &&
                !isNaN(Date.parse((s as EarlierStack).firstUpAt)) &&
                typeof (s as EarlierStack).invitedGuests === "string",
        )
    );
}
