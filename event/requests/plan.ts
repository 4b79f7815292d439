/**
 * What a requests run reads before it decides: who the automation is, the issues of every team
 * repository (and of orphans'), each open request with its decision, the expiry step. Reads only; no driver import, so
 * `status` can show it (event/status/command.ts) without an import cycle.
 */
import type { GitHubClient } from "../cloud/clients";
import { errorText } from "../retry";
import { teamStackName, type Roster } from "../roster";
import { firstErrorLine } from "../summary";
import { decide, type Decision } from "./authorize";
import { expiryOf, expiryStep, postedWarning, type ExpiryStep } from "./expiry";
import {
    automationLogin,
    isArchived,
    repositoryIssues,
    requestsAmong,
    type OpenIssue,
    type RepositoryRef,
} from "./github";

export type TeamAction =
    | "teardown"
    | "nothing-left"
    | "warn"
    | "none"
    | "unreachable"
    /** The repository is archived: nothing can be written there, so nothing is tried. */
    | "archived";

export interface PlannedRequest {
    readonly issue: OpenIssue;
    readonly decision: Decision;
}

export interface TeamPlan {
    readonly team: string;
    readonly repository: RepositoryRef;
    readonly inRoster: boolean;
    readonly stackExists: boolean;
    readonly requests: readonly PlannedRequest[];
    readonly expiry: ExpiryStep;
    /** The expiry warning issue this automation posted (open or closed), if any. */
    readonly warning?: OpenIssue;
    readonly action: TeamAction;
    /** Why the repository could not be read (rate limit, 5xx, no access): left for the next run. */
    readonly error?: string;
    /** What --apply did, one line each. */
    readonly done: string[];
    /** Whether --apply finished everything this team needed. */
    ok: boolean;
}

/** Everything the run reads before it decides: issues of every team repository (and orphans'). */
export async function planRequests(
    roster: Roster,
    github: GitHubClient,
    existingStacks: ReadonlySet<string>,
    orphans: readonly string[],
    now: Date,
    /**
     * Every stack of the event, empty ones included. An empty stack is not proof that nothing is
     * left: `pulumi destroy` may have succeeded where the purge or the verification did not. So a
     * request on a team that still has a stack, even an empty one, runs the whole teardown again
     * (destroy is then a no-op; the purge and the verification prove what is gone), and only a
     * team without any stack gets "nothing left" as it is.
     */
    allStacks: ReadonlySet<string> = existingStacks,
): Promise<TeamPlan[]> {
    const event = roster.event;
    const expiry = expiryOf(event);
    const teams = [
        ...roster.teams.map((t) => ({ team: t.name, inRoster: true })),
        ...orphans.map((team) => ({ team, inRoster: false })),
    ];
    // Once per run, and only with expiry on: a warning counts only if this automation posted it.
    let login: string | undefined;
    let loginError: string | undefined;
    if (expiry !== undefined)
        try {
            login = await automationLogin(github);
        } catch (error) {
            loginError = `cannot tell who this token is (GET /user): ${firstErrorLine(errorText(error))}`;
        }
    const plans: TeamPlan[] = [];
    // One team at a time: one or two list calls each, far inside GitHub's read budget.
    for (const { team, inRoster } of teams) {
        const repository = { owner: event.github.owner, repo: `${event.name}-${team}` };
        const stackExists = existingStacks.has(teamStackName(event.name, team));
        const anyStack = stackExists || allStacks.has(teamStackName(event.name, team));
        const base = { team, repository, inRoster, stackExists, done: [], ok: true };
        // Without the login no warning can be trusted: the team is left for the next run.
        if (loginError !== undefined) {
            plans.push({
                ...base,
                requests: [],
                expiry: "none",
                action: "unreachable",
                error: loginError,
                ok: false,
            });
            continue;
        }
        let issues: OpenIssue[];
        try {
            issues = await repositoryIssues(github, repository);
        } catch (error) {
            const status = (error as { status?: number }).status;
            // No repository: nobody can have asked there (a team never deployed, or deleted repositories).
            if (status === 404) {
                plans.push({ ...base, requests: [], expiry: "none", action: "none" });
                continue;
            }
            plans.push({
                ...base,
                requests: [],
                expiry: "none",
                action: "unreachable",
                error: firstErrorLine(errorText(error)),
                ok: false,
            });
            continue;
        }
        const requests = requestsAmong(issues).map((issue) => ({
            issue,
            decision: decide(event, roster.teams, team, issue),
        }));
        const warning = login === undefined ? undefined : postedWarning(issues, login);
        const step = inRoster && stackExists ? expiryStep(expiry, warning?.createdAt, now) : "none";
        const honoured = requests.some((r) => r.decision.kind === "honour");
        const action: TeamAction =
            honoured || step === "teardown"
                ? anyStack
                    ? "teardown"
                    : "nothing-left"
                : step === "warn"
                  ? "warn"
                  : "none";
        if (requests.length === 0 && action === "none") {
            plans.push({ ...base, requests, expiry: step, warning, action });
            continue;
        }
        // Something would be written: an archived repository takes no comment and no close, so
        // every run would fail on it again. Asked only here, when a write is due.
        let archived: boolean;
        try {
            archived = await isArchived(github, repository);
        } catch (error) {
            plans.push({
                ...base,
                requests,
                expiry: step,
                warning,
                action: "unreachable",
                error: firstErrorLine(errorText(error)),
                ok: false,
            });
            continue;
        }
        if (!archived) {
            plans.push({ ...base, requests, expiry: step, warning, action });
            continue;
        }
        // Archived with nothing left (e.g. `destroy --team` ran while a request was open): done,
        // said here and never retried. Archived with a stack left: only an organizer can act.
        plans.push({
            ...base,
            requests,
            expiry: step,
            warning,
            action: "archived",
            ...(stackExists && action !== "none"
                ? {
                      error: `its stack still has resources: organizers run destroy --team ${team} (a request there can be neither answered nor closed)`,
                      ok: false,
                  }
                : {}),
        });
    }
    return plans;
}
