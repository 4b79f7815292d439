/**
 * `npm run event -- requests stacks/<event>.yaml [--apply] [--json]`: reads the teardown requests
 * on every team repository, decides each one (authorize.ts), and with --apply carries them out:
 * refusals are answered and closed, honoured requests run the same destroy -> purge -> verify as
 * `destroy --team` (the driver's pool, pacing, logs and records), the result is commented on the
 * request, the request is closed, and only then is the repository archived (an archived repository
 * takes no comment). Expiry (`event.teardown.afterDays`) warns, then tears down, the same way.
 *
 * Untrusted text: an issue body is only ever read by `confirmationOf`; it is never printed, logged,
 * passed to Pulumi or a shell, or repeated in a comment. Logins come from GitHub's record and are
 * printed only when they are valid GitHub logins.
 */
import { readFile } from "node:fs/promises";
import { GITHUB_LOGIN } from "../../stacks/schema";
import { ConfigError } from "../../stacks/validate";
import type { GitHubClient } from "../cloud/clients";
import { runFleet } from "../driver";
import type { DriverDeps } from "../options";
import type { StackSummary } from "../engine";
import type { TeamStatus } from "../progress";
import { errorText } from "../retry";
import { parseRoster, RosterFileError, stackPrefix, type Roster } from "../roster";
import { findOrphans } from "../select";
import { EXIT, firstErrorLine, formatTable } from "../summary";
import { formatReport, type TeamReport } from "../teardown/report";
import type { TeardownFactory, TeardownSession } from "../teardown/session";
import { planRequests, type TeamAction, type TeamPlan } from "./plan";

export { planRequests, type TeamPlan } from "./plan";
import { expiryOf, warningText, WARNING_TITLE, type Expiry } from "./expiry";
import { automationLogin, close, comment, openIssue, ownComments } from "./github";
import { sameFailure } from "./fingerprint";

export interface RequestsOptions {
    readonly rosterFile: string;
    /** Carry the plan out; without it nothing is written anywhere. */
    readonly apply: boolean;
    /** The plan and outcome as JSON on stdout. */
    readonly json: boolean;
    readonly parallel: number;
    readonly retries: number;
}

const safeLogin = (login: string): string => (GITHUB_LOGIN.test(login) ? `@${login}` : "(unknown)");
/** A fenced block that text from services cannot close. */
const fenced = (text: string): string => `\`\`\`text\n${text.replace(/```/g, "'''")}\n\`\`\``;

const ACTION_TEXT: Record<TeamAction, string> = {
    teardown: "tear down (destroy, purge, verify), answer, close, archive",
    "nothing-left": 'answer "nothing left", close, archive',
    warn: "post the expiry warning",
    none: "-",
    unreachable: "cannot read the repository: left for the next run",
    archived:
        "none: the repository is archived (read-only), nothing can be answered or closed there",
};

export function formatPlan(
    plans: readonly TeamPlan[],
    expiry: Expiry | undefined,
    apply: boolean,
): string {
    const rows = plans.flatMap((p) => {
        const teamRows = p.requests.map((r) => [
            p.team,
            `#${r.issue.number}`,
            safeLogin(r.issue.author),
            r.decision.kind === "honour"
                ? `honour (${r.decision.as})`
                : `refuse: ${r.decision.reason}`,
        ]);
        if (p.expiry === "teardown" || p.expiry === "warn" || p.expiry === "wait")
            teamRows.push([p.team, p.warning ? `#${p.warning.number}` : "-", "expiry", p.expiry]);
        const action = [
            p.team,
            "",
            "",
            `=> ${ACTION_TEXT[p.action]}${p.error ? ` (${p.error})` : ""}`,
        ];
        return p.action === "none" && teamRows.length === 0 ? [] : [...teamRows, action];
    });
    const lines = [
        apply
            ? "Teardown requests"
            : "Teardown requests (dry run: nothing is changed; add --apply to carry it out)",
        expiry
            ? `Expiry: environments left are warned on ${expiry.warnOn} and torn down from ${expiry.dueOn} (UTC)`
            : "Expiry: off (event.teardown.afterDays not set)",
        "",
        rows.length === 0
            ? "No open requests."
            : formatTable(["team", "issue", "by", "decision"], rows),
    ];
    return `${lines.join("\n")}\n`;
}

const refusalText = (reason: string): string =>
    `This request was not carried out and nothing was changed: ${reason}.\n\nこの依頼は実行されませんでした(何も変更していません)。`;

const startText = (team: string): string =>
    `Tearing down the environment of team ${team} now: destroy, purge, verify. The result follows here; this repository is archived after that and stays readable by the team.\n\nチーム ${team} の環境を削除しています。結果をここに書き、その後リポジトリをアーカイブします。`;

/** The first line of a failure comment: how a later run finds the automation's failure comments. */
const failureLine = (team: string, failure: string): string =>
    `The teardown of team ${team} failed: ${failure.split("\n")[0]}`;

/**
 * What the failure comment says after "The teardown of team <team> failed: ", or undefined when the
 * team succeeded. With a report, `pulumi destroy` went through and the purge or the verification
 * did not prove the rest gone: say that, and not the destroy's change count, which differs on every
 * retry ("-8", then "no changes") and would make the same failure look new. A failed team's detail
 * follows alone (its phase again would read "failed: failed: ..."); another phase (not run,
 * waiting) is named, as it is why the team has no result.
 */
function failureOf(
    status: TeamStatus | undefined,
    report: TeamReport | undefined,
): string | undefined {
    if (status?.phase === "succeeded") return undefined;
    if (report !== undefined)
        return `the environment is not proven gone (verification: ${report.verdict})`;
    if (status?.phase === "failed" && status.detail) return status.detail;
    return `${status?.phase ?? "not run"}${status?.detail ? `: ${status.detail}` : ""}`;
}

function resultText(
    team: string,
    report: TeamReport | undefined,
    failure: string | undefined,
): string {
    const verification = report ? `\n\n${fenced(formatReport([report]))}` : "";
    if (failure !== undefined)
        return `${failureLine(team, failure)}\n\nThis request stays open and the next run tries again.${verification}\n\n削除に失敗しました。この依頼は開いたままにし、次回の実行で再試行します。`;
    return `The environment of team ${team} is torn down.${verification}\n\nThis repository is archived now: it is read-only and every member can still read it.\n\n環境を削除しました。リポジトリはアーカイブされ、メンバーは引き続き読めます。`;
}

const nothingLeftText = (team: string): string =>
    `Nothing left: team ${team} has no stack any more, its environment is already torn down. This repository is archived now and stays readable by the team.\n\n削除済みです(残っているものはありません)。`;

export interface RequestsDeps extends DriverDeps {
    readonly now?: () => Date;
}

/** Runs the command; resolves to the exit code (0 all handled, 1 something left open, 2 usage). */
export async function runRequests(options: RequestsOptions, deps: RequestsDeps): Promise<number> {
    const now = deps.now?.() ?? new Date(deps.clock.now());
    let roster: Roster;
    try {
        const text = await (deps.readText ?? ((f: string) => readFile(f, "utf8")))(
            options.rosterFile,
        ).catch((e: unknown) => {
            throw new RosterFileError(
                `${options.rosterFile}: cannot read the roster (${errorText(e)})`,
            );
        });
        roster = parseRoster(text, options.rosterFile);
    } catch (error) {
        if (error instanceof ConfigError || error instanceof RosterFileError) {
            deps.err.write(
                `${error instanceof ConfigError ? `${options.rosterFile}: ` : ""}${error.message}\n`,
            );
            return EXIT.usage;
        }
        throw error;
    }
    const github = await deps.github?.();
    if (github === undefined) {
        deps.err.write(
            "requests: set GITHUB_TOKEN (the organizer token that ran up) to read the team repositories\n",
        );
        return EXIT.usage;
    }
    // A roster team's stack stays after destroy, empty: "nothing left" is an empty or missing stack.
    let stacks: StackSummary[];
    try {
        const engine = await deps.createEngine(roster);
        stacks = await engine.listStacks(stackPrefix(roster.event.name));
    } catch (error) {
        deps.err.write(
            `cannot reach Pulumi (CLI on PATH? logged in to the state backend?): ${firstErrorLine(errorText(error))}\n`,
        );
        return EXIT.usage;
    }
    const existing = new Set(stacks.filter((s) => s.resourceCount !== 0).map((s) => s.name));
    const orphans = findOrphans(
        roster.event.name,
        roster.teams,
        stacks.map((s) => s.name),
    );
    const plans = await planRequests(
        roster,
        github,
        existing,
        orphans,
        now,
        new Set(stacks.map((s) => s.name)),
    );
    const expiry = expiryOf(roster.event);
    if (options.apply) await carryOut(plans, roster, options, deps, github);
    if (options.json)
        deps.out.write(`${JSON.stringify(planJson(plans, expiry, options.apply, now), null, 2)}\n`);
    else {
        deps.out.write(formatPlan(plans, expiry, options.apply));
        const done = plans.flatMap((p) => p.done.map((d) => `  ${p.team}: ${d}`));
        if (done.length > 0) deps.out.write(`\nDone:\n${done.join("\n")}\n`);
    }
    return plans.every((p) => p.ok) ? EXIT.ok : EXIT.teamFailed;
}

function planJson(
    plans: readonly TeamPlan[],
    expiry: Expiry | undefined,
    apply: boolean,
    now: Date,
) {
    return {
        now: now.toISOString(),
        apply,
        expiry: expiry ?? null,
        teams: plans.map((p) => ({
            team: p.team,
            repository: `${p.repository.owner}/${p.repository.repo}`,
            inRoster: p.inRoster,
            stackExists: p.stackExists,
            action: p.action,
            expiry: p.expiry,
            ...(p.error ? { error: p.error } : {}),
            requests: p.requests.map((r) => ({
                issue: r.issue.number,
                url: r.issue.url,
                author: GITHUB_LOGIN.test(r.issue.author) ? r.issue.author : null,
                decision: r.decision.kind,
                ...(r.decision.kind === "refuse"
                    ? { reason: r.decision.reason }
                    : { as: r.decision.as }),
            })),
            ...(apply ? { done: p.done, ok: p.ok } : {}),
        })),
    };
}

/** Runs one GitHub write; a failure is noted on the team and leaves its request open. */
async function attempt(
    plan: TeamPlan,
    what: string,
    write: () => Promise<unknown>,
): Promise<boolean> {
    try {
        const result = await write();
        plan.done.push(result === "said before" ? `${what} (said before: not repeated)` : what);
        return true;
    } catch (error) {
        plan.ok = false;
        plan.done.push(
            `FAILED ${what}: ${firstErrorLine(errorText(error))} (left for the next run)`,
        );
        return false;
    }
}

async function carryOut(
    plans: TeamPlan[],
    roster: Roster,
    options: RequestsOptions,
    deps: RequestsDeps,
    github: GitHubClient,
): Promise<void> {
    // Who this automation is, asked once and only when a comment must be compared with its own.
    let login: Promise<string> | undefined;
    const whoAmI = (): Promise<string> => (login ??= automationLogin(github));
    /**
     * Posts `text` on issue `n` unless the automation's own comments there already say it:
     * `said(own)` decides. A run repeated every hour then says a thing once, not every hour.
     */
    const say = async (
        plan: TeamPlan,
        n: number,
        text: string,
        said: (own: readonly { body: string }[]) => boolean,
    ): Promise<"posted" | "said before"> => {
        const own = await ownComments(github, plan.repository, n, await whoAmI());
        if (said(own)) return "said before";
        await comment(github, plan.repository, n, text);
        return "posted";
    };

    // Refusals first: they change nothing but the request itself. Nothing is tried on an
    // archived repository (read-only: every write is refused with 403).
    for (const plan of plans.filter((p) => p.action !== "archived"))
        for (const r of plan.requests)
            if (r.decision.kind === "refuse") {
                const reason = r.decision.reason;
                const answered = await attempt(plan, `answered #${r.issue.number} (refused)`, () =>
                    comment(github, plan.repository, r.issue.number, refusalText(reason)),
                );
                if (answered)
                    await attempt(plan, `closed #${r.issue.number}`, () =>
                        close(github, plan.repository, r.issue.number, "not_planned"),
                    );
            }
    const expiry = expiryOf(roster.event);
    for (const plan of plans.filter((p) => p.action === "warn" && expiry))
        await attempt(plan, "posted the expiry warning", () =>
            openIssue(
                github,
                plan.repository,
                WARNING_TITLE,
                warningText(plan.team, expiry as Expiry),
            ),
        );

    let session: TeardownSession | undefined;
    const factory: TeardownFactory | undefined = deps.teardown;
    const sessionFor = (): TeardownSession | undefined =>
        (session ??= factory?.(roster, { deleteRepos: false, holdRepository: true }));
    /** The issues a team's teardown answers: its honoured requests and the expiry warning. */
    const answered = (p: TeamPlan): number[] => [
        ...p.requests.filter((r) => r.decision.kind === "honour").map((r) => r.issue.number),
        ...(p.expiry === "teardown" && p.warning ? [p.warning.number] : []),
    ];
    const finish = async (plan: TeamPlan, text: string): Promise<void> => {
        let all = true;
        for (const n of answered(plan))
            all =
                (await attempt(plan, `answered #${n}`, () =>
                    comment(github, plan.repository, n, text),
                )) &&
                (await attempt(plan, `closed #${n}`, () =>
                    close(github, plan.repository, n, "completed"),
                )) &&
                all;
        // Archived last: only once every request is answered and closed.
        const s = sessionFor();
        if (!all || s === undefined) return;
        const step = await s.finishRepository({
            team: plan.team,
            log: (t) => deps.err.write(`${plan.team}: ${t}`),
        });
        if (step.result === "failed") {
            plan.ok = false;
            plan.done.push(`FAILED ${step.step}: ${step.detail ?? ""}`);
        } else plan.done.push(`${step.step}: ${step.result}`);
    };

    for (const plan of plans.filter((p) => p.action === "nothing-left"))
        await finish(plan, nothingLeftText(plan.team));

    // Said before anything is destroyed; a team whose requests cannot be told is not torn down.
    // Said once per request: a retry after a failure does not announce the start again.
    const starting: TeamPlan[] = [];
    for (const plan of plans.filter((p) => p.action === "teardown")) {
        let told = answered(plan).length > 0;
        const start = startText(plan.team);
        for (const n of answered(plan))
            told =
                (await attempt(plan, `told #${n} the teardown starts`, () =>
                    say(plan, n, start, (own) => own.some((c) => c.body === start)),
                )) && told;
        if (told) starting.push(plan);
    }
    if (starting.length === 0) return;

    const last = new Map<string, TeamStatus>();
    const reporter = deps.reporter;
    await runFleet(
        {
            command: "destroy",
            rosterFile: options.rosterFile,
            teams: starting.map((p) => p.team),
            parallel: options.parallel,
            orphans: false,
            retries: options.retries,
        },
        {
            ...deps,
            // The destroy's own summary and report go to stderr when stdout carries JSON.
            out: options.json ? deps.err : deps.out,
            reporter: {
                begin: (teams) => reporter.begin(teams),
                update: (team, status) => {
                    last.set(team, status);
                    reporter.update(team, status);
                },
                note: (message) => reporter.note(message),
                end: () => reporter.end(),
            },
            teardown: factory && ((r, o) => (session = factory(r, { ...o, holdRepository: true }))),
        },
    );
    const reports = session?.reports() ?? [];
    for (const plan of starting) {
        const status = last.get(plan.team);
        const report = reports.find((r) => r.team === plan.team);
        const failure = failureOf(status, report);
        if (failure === undefined) {
            await finish(plan, resultText(plan.team, report, undefined));
            continue;
        }
        plan.ok = false;
        // One comment per distinct error: said again only when the error changed since the last
        // failure this automation reported on the request (ids, times and waits set aside:
        // fingerprint.ts).
        const text = resultText(plan.team, report, failure);
        const prefix = failureLine(plan.team, "");
        for (const n of answered(plan))
            await attempt(plan, `told #${n} the teardown failed`, () =>
                say(plan, n, text, (own) => {
                    const failures = own.filter((c) => c.body.startsWith(prefix));
                    const previous = failures[failures.length - 1]?.body;
                    return previous !== undefined && sameFailure(previous, text);
                }),
            );
    }
}
