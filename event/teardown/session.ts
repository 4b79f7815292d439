/**
 * Teardown of the teams of one event run: what happens around each team's `pulumi destroy`
 * (record names, purge the workspace, destroy, purge the rest, verify) and the standalone
 * verification. The driver calls `before`/`after` around its engine run; verify-teardown calls
 * `verify`. The session keeps each team's report for the closing report.
 */
import type { OutputValue } from "../engine";
import { errorText } from "../retry";
import type { Roster } from "../roster";
import type { TeardownCloud } from "./cloud";
import {
    mergeRecords,
    recordFromOutputs,
    everyRecordedGuest,
    teardownNames,
    type RecordStore,
    type TeardownNames,
    type TeardownRecord,
} from "./names";
import { byOwnership } from "./ownership";
import {
    finishRepository,
    purgeTeam,
    purgeWorkspacesFirst,
    removeRecordedGuests,
    type StepResult,
} from "./purge";
import type { TeamReport } from "./report";
import type { GuestState } from "./stateGuests";
import { recordFromState } from "./upRecord";
import { verdictOf, verifyTeam } from "./verify";

export interface TeardownTeam {
    readonly team: string;
    /** The stack's outputs, while it has them (undefined for verify-teardown). */
    readonly outputs?: () => Promise<Record<string, OutputValue>>;
    /**
     * The guests in the stack's state and when its Stack resource was created (undefined for
     * verify-teardown). Read before the destroy, which drops the invitations from the state
     * (retainOnDelete); a state that cannot be read fails the team with nothing destroyed.
     */
    readonly state?: () => Promise<GuestState>;
    /** The team's log file. */
    readonly log: (text: string) => void;
}

export interface TeardownOptions {
    /** `--delete-repos`: delete the repositories instead of archiving them. */
    readonly deleteRepos: boolean;
    /**
     * The subscription of teams whose roster entry names none, when no record of them exists (the
     * program then used the provider's default subscription). The CLI passes AZURE_SUBSCRIPTION_ID
     * or ARM_SUBSCRIPTION_ID.
     */
    readonly defaultSubscriptionId?: string;
    /**
     * Leave the repository to `finishRepository` (event/requests/): the request is answered on it
     * before it is archived, since an archived repository takes no comment and no close.
     */
    readonly holdRepository?: boolean;
}

/**
 * What `before` rejects with when a guest of this stack could not be removed. The guests go
 * BEFORE `pulumi destroy`, and a failure stops the team before the workspace purge and the
 * destroy (other guests of the same team may already be removed: the message names them),
 * because the destroy is what makes them unknown: the invitations are `retainOnDelete`
 * (components/guestInvitations.ts), so Pulumi drops them from the state without calling the
 * provider's delete (ResourceV3 RetainOnDelete: "the providers Delete method will not be called
 * for this resource. Pulumi simply stops tracking the deleted resource", pulumi/pulumi
 * sdk/go/common/apitype/core.go), and on a workflow runner the local record goes with the runner.
 * A guest removal that failed AFTER the destroy left nobody who knew whom to remove; failing
 * before it keeps the state, and so the list, intact for the re-run. The other designs: keeping
 * the invitations in the state until the guests are gone would need a partial destroy (`--target`
 * / `--exclude`) and a stack that is not empty at the end; keeping the record outside the runner
 * (an artifact, a blob) is one more store with its own access and lifetime to get right.
 *
 * Nothing in the stack's own delete path needs the user to exist any more: its role assignments
 * are deleted by their ARM id (azure-native's RoleAssignment overrides only Read,
 * pulumi/pulumi-azure-native provider/pkg/resources/customresources/custom_roleassignment.go; a
 * role assignment of a deleted principal "isn't removed automatically" and is listed as "Identity
 * not found" until it is deleted: learn.microsoft.com/azure/role-based-access-control/
 * role-assignments, "Role assignments with identity not found"), the compute
 * instance assigned to the user goes with the workspace purged next (and Pulumi's deletes of the
 * workspace's children then answer 404), and the stack has no azuread membership of the user
 * (its azuread resources: the application, its principal, password, federated credentials and
 * the invitations). A re-run after the guests were removed and the destroy failed finds them
 * gone: Graph answers 404 and the step is `absent`, i.e. done. The driver shows it as it is.
 */
export class GuestsNotRemovedError extends Error {}

/** How the second line of that rejection (the team's log) begins. */
const GUESTS_NOT_REMOVED = "cannot remove the stack's invited guests";

/** A step's guest as its login (the step name is `login (objectId)`). */
const loginOf = (s: StepResult): string => s.name.replace(/ \(.*\)$/, "");

/** The summary's width (summary.ts firstErrorLine): the first line of the reason must fit it whole. */
const SUMMARY_LINE = 160;

/**
 * As many logins as fit in `width`, then `+N more`; with not even one, `N guests`. A GitHub login
 * has up to 39 characters and a team up to 8 members (stacks/schema.ts), so the whole list can be
 * over 300 characters: the full list goes to the second line (the team's log).
 */
function loginsWithin(logins: readonly string[], width: number): string {
    for (let shown = logins.length; shown > 0; shown--) {
        const more = logins.length - shown;
        const text = `${logins.slice(0, shown).join(", ")}${more > 0 ? ` +${more} more` : ""}`;
        if (text.length <= width) return text;
    }
    return `${logins.length} guest${logins.length === 1 ? "" : "s"}`;
}

/**
 * The reason a guest removal stopped the team, in two lines. The first is the summary's line
 * (summary.ts firstErrorLine, also the line a team-teardown request is answered with:
 * event/requests/command.ts) and fits its 160 characters for every valid roster, whole: the action
 * first, then "pulumi destroy did not run", then the logins not removed (cut with `+N more`), then
 * how many are already gone (a count: their names are in the log). Nothing essential comes last,
 * where a cut would fall. The second line has the full lists, the ids and Graph's reasons; the
 * team's log keeps both lines. "Nothing was destroyed" would not be true: another guest of the
 * same loop may have been deleted already. Graph's own `error:` labels are dropped, or the
 * summary's line would be taken from them (firstErrorLine prefers a line's text after `error:`).
 */
export function guestsNotRemoved(steps: readonly StepResult[]): GuestsNotRemovedError {
    const failed = steps.filter((s) => s.result === "failed");
    const gone = steps.filter((s) => s.result === "done" || s.result === "absent");
    const head =
        "run destroy again once Graph allows it; pulumi destroy did not run; not removed: ";
    const tail = `; already removed: ${gone.length}`;
    const summary = `${head}${loginsWithin(failed.map(loginOf), SUMMARY_LINE - head.length - tail.length)}${tail}`;
    const list = (of: readonly StepResult[]): string =>
        of.length > 0 ? of.map(loginOf).join(", ") : "none";
    const reasons = failed
        .map((s) => `${s.name}: ${(s.detail ?? "failed").replace(/(^|\s)error:\s*/gi, "$1")}`)
        .join("; ");
    return new GuestsNotRemovedError(
        `${summary}\n` +
            `${GUESTS_NOT_REMOVED} (${reasons}); ` +
            `the ML workspace was not purged and the stack's state still names every guest, so the re-run finds them; ` +
            `verify-teardown prints the \`az ad user delete\` command of each guest left over; ` +
            `or destroy --no-purge: it removes no guest and records them for verify-teardown; ` +
            `already removed: ${list(gone)}`,
    );
}

export interface TeardownSession {
    /**
     * Before `pulumi destroy`: records the names teardown needs, removes the stack's invited guests
     * (a failure rejects with GuestsNotRemovedError: no purge, no destroy), purges the ML workspace.
     */
    before(team: TeardownTeam): Promise<void>;
    /** After a successful `pulumi destroy`: purges what soft delete keeps, then verifies. */
    after(team: TeardownTeam): Promise<TeamReport>;
    /** Verification only (verify-teardown). */
    verify(team: TeardownTeam): Promise<TeamReport>;
    /** Every report of this session, in the order the teams finished. */
    reports(): readonly TeamReport[];
    /** Archives or deletes the team's repository (after a held teardown); logged like a purge step. */
    finishRepository(team: TeardownTeam): Promise<StepResult>;
}

/** Builds a session for one run; the CLI gives it the SDK cloud, tests an in-memory one. */
export type TeardownFactory = (roster: Roster, options: TeardownOptions) => TeardownSession;

const logSteps = (log: (t: string) => void, steps: readonly StepResult[]): void => {
    for (const s of steps)
        log(`=== teardown: ${s.step} ${s.name}: ${s.result}${s.detail ? ` (${s.detail})` : ""}\n`);
};

export function teardownSession(
    roster: Roster,
    options: TeardownOptions,
    cloud: TeardownCloud,
    store: RecordStore,
): TeardownSession {
    const reports: TeamReport[] = [];
    const beforeSteps = new Map<string, StepResult[]>();

    /** The service principal's object id: recorded, else read from the directory (active, then deleted items). */
    async function withPrincipal(
        names: TeardownNames,
        log: (t: string) => void,
    ): Promise<TeardownNames> {
        if (names.servicePrincipalObjectId !== undefined) return names;
        try {
            if (names.clientId !== undefined) {
                const found = await cloud.servicePrincipalByAppId(names.clientId);
                return found ? { ...names, servicePrincipalObjectId: found.id } : names;
            }
            // No recorded id: only a principal carrying this stack's tag, and only if it is the one.
            const candidates = [
                ...byOwnership(
                    await cloud.directoryObjects("servicePrincipal", names.application),
                    names,
                ).ours,
                ...byOwnership(
                    await cloud.deletedDirectoryObjects("servicePrincipal", names.application),
                    names,
                ).ours,
            ];
            if (candidates.length > 1) {
                log(
                    `=== teardown: ${candidates.length} service principals named ${names.application} carry this stack's tag (${candidates.map((c) => c.id).join(", ")}): none is taken\n`,
                );
                return names;
            }
            return candidates[0] ? { ...names, servicePrincipalObjectId: candidates[0].id } : names;
        } catch (error) {
            log(
                `=== teardown: cannot read the service principal: ${errorText(error).split("\n")[0]}\n`,
            );
            return names;
        }
    }

    async function namesOf(team: string, extra: TeardownRecord = {}): Promise<TeardownNames> {
        const record = mergeRecords(await store.read(team), extra);
        return {
            ...teardownNames(roster, team, record, options),
            ...(await usersOfOtherTeams(roster, team, store)),
        };
    }

    const finish = (
        team: string,
        steps: StepResult[],
        checks: TeamReport["checks"],
    ): TeamReport => {
        const report: TeamReport = { team, verdict: verdictOf(checks), steps, checks };
        reports.push(report);
        return report;
    };

    return {
        async before(t) {
            let fromOutputs: TeardownRecord = {};
            if (t.outputs) {
                try {
                    fromOutputs = recordFromOutputs(await t.outputs());
                } catch (error) {
                    t.log(
                        `=== teardown: cannot read the stack outputs: ${errorText(error).split("\n")[0]}\n`,
                    );
                }
            }
            // The guests only the state knows (an up that failed after inviting and whose record
            // was lost) and the stack's creation time. No state, no destroy: without them
            // teardown would forget a guest it created, or keep its own guests forever.
            const fromState = t.state
                ? recordFromState(
                      await t.state().catch((error: unknown) => {
                          // The CLI's "error: " labels are dropped so the summary's one line
                          // (firstErrorLine) keeps what failed, not only the CLI's reason.
                          const reason = errorText(error)
                              .split("\n")[0]
                              .replace(/(^|\s)error:\s*/g, "$1");
                          throw new Error(
                              `cannot read the stack's state for the guests it invited (${reason})`,
                          );
                      }),
                  )
                : {};
            const names = await withPrincipal(
                await namesOf(t.team, mergeRecords(fromOutputs, fromState)),
                t.log,
            );
            const record: TeardownRecord = {
                subscriptionId: names.subscriptionId,
                location: names.location,
                workspace: names.workspace,
                keyVault: names.keyVault,
                clientId: names.clientId,
                servicePrincipalObjectId: names.servicePrincipalObjectId,
                invitedGuests: names.invitedGuests,
                firstUpAt: names.firstUpAt,
                // With its source: the store then holds the state's value as the state's, and the
                // re-reads of `after` and `verify` keep it against any older local value.
                firstUpFrom: names.firstUpFrom,
            };
            await store.write(t.team, mergeRecords(await store.read(t.team), record));
            const guestSteps = await removeRecordedGuests(names, cloud);
            logSteps(t.log, guestSteps);
            if (guestSteps.some((s) => s.result === "failed")) throw guestsNotRemoved(guestSteps);
            const steps = [...guestSteps, ...(await purgeWorkspacesFirst(names, cloud))];
            logSteps(t.log, steps.slice(guestSteps.length));
            beforeSteps.set(t.team, steps);
        },

        async after(t) {
            const names = await withPrincipal(await namesOf(t.team), t.log);
            if (names.servicePrincipalObjectId !== undefined)
                await store.write(
                    t.team,
                    mergeRecords(await store.read(t.team), {
                        servicePrincipalObjectId: names.servicePrincipalObjectId,
                    }),
                );
            const steps = [...(beforeSteps.get(t.team) ?? []), ...(await purgeTeam(names, cloud))];
            logSteps(t.log, steps);
            const checks = await verifyTeam(names, cloud);
            return finish(t.team, steps, checks);
        },

        async verify(t) {
            const names = await withPrincipal(await namesOf(t.team), t.log);
            return finish(t.team, [], await verifyTeam(names, cloud));
        },

        reports: () => reports,

        async finishRepository(t) {
            const names = teardownNames(roster, t.team, await store.read(t.team), {
                ...options,
                holdRepository: false,
            });
            const result = await finishRepository(names, cloud);
            logSteps(t.log, [result]);
            return result;
        },
    };
}

/**
 * For every user another team of the event names, that team: by object id (its recorded guests,
 * roster teams and any other record, e.g. of a team removed from the roster, and its members listed
 * by object id) and by userPrincipalName (its members listed so; matched with the user Graph
 * returns). This team's teardown never removes those users. Members listed by `email` need no
 * entry: a second team inviting the same address gets the same user and records it.
 */
async function usersOfOtherTeams(
    roster: Roster,
    team: string,
    store: RecordStore,
): Promise<Pick<TeardownNames, "guestsOfOtherTeams" | "upnsOfOtherTeams">> {
    const others = new Set([...roster.teams.map((t) => t.name), ...((await store.list?.()) ?? [])]);
    others.delete(team);
    const byId: Record<string, string> = {};
    const byUpn: Record<string, string> = {};
    for (const other of [...others].sort()) {
        for (const guest of everyRecordedGuest(await store.read(other)))
            byId[guest.objectId] ??= other;
        for (const member of roster.teams.find((t) => t.name === other)?.members ?? []) {
            if (member.objectId !== undefined) byId[member.objectId] ??= other;
            if (member.userPrincipalName !== undefined)
                byUpn[member.userPrincipalName.toLowerCase()] ??= other;
        }
    }
    return { guestsOfOtherTeams: byId, upnsOfOtherTeams: byUpn };
}
