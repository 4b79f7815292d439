/**
 * An ESTIMATE of the GitHub Actions minutes an event's teams use, against what the owner's plan
 * includes each month for private repositories. Every figure is a named assumption printed with the
 * result (docs/github-for-challenges.md, "Actions minutes").
 *
 * Where the runs come from (the student materials, docs/hack-contract.md):
 * - challenge 6: Solutions/06_deploy.yml runs on `repository_dispatch`, which the team's Logic App
 *   sends on every Event Grid `ModelRegistered` event, so once the Logic App exists EVERY model
 *   registration starts a run (challenges 6 and 7 register models; so does challenge 5's pipeline
 *   if its schedule is still enabled);
 * - challenge 8: a workflow the team writes, started by commits (Challenge-08.md), that submits the
 *   training pipeline;
 * - challenge 5's schedule is an Azure ML schedule (`5 分間隔`, every 5 minutes), not a workflow: it
 *   uses no Actions minutes by itself, but left enabled after challenge 6 it registers a model, and
 *   so starts a deploy run, every 5 minutes.
 */
import type { EventConfig } from "../../stacks/schema";

/**
 * Included minutes per month for private repositories on GitHub-hosted standard runners, by plan
 * (GitHub Docs, "About billing for GitHub Actions", included storage and minutes:
 * https://docs.github.com/billing/managing-billing-for-your-products/managing-billing-for-github-actions/about-billing-for-github-actions).
 * Public repositories use standard GitHub-hosted runners free of charge. The workflows run on
 * `ubuntu-latest` (Linux, minute multiplier 1).
 */
export const INCLUDED_ACTIONS_MINUTES: Readonly<Record<EventConfig["github"]["plan"], number>> = {
    free: 2_000,
    pro: 3_000,
    team: 3_000,
    enterprise: 50_000,
};

export interface MinutesAssumptions {
    /** Deploy runs (challenge 6) per team per event day: the trigger tested a few times, challenge 7's registrations. */
    readonly deployRunsPerTeamPerDay: number;
    /**
     * Billed minutes of one deploy run: checkout, azure/login, `az extension add --name ml`, then
     * the `az ml` command on the online deployment, which waits for the deployment to finish
     * (several minutes). GitHub rounds each job up to the whole minute.
     */
    readonly minutesPerDeployRun: number;
    /** Commit-triggered training runs (challenge 8) per team per event day. */
    readonly trainingRunsPerTeamPerDay: number;
    /** Billed minutes of one training run: `az ml job create` returns once the job is submitted. */
    readonly minutesPerTrainingRun: number;
}

export const DEFAULT_MINUTES_ASSUMPTIONS: MinutesAssumptions = {
    deployRunsPerTeamPerDay: 6,
    minutesPerDeployRun: 10,
    trainingRunsPerTeamPerDay: 10,
    minutesPerTrainingRun: 3,
};

/** Challenge 5 schedules the pipeline every 5 minutes: 12 registrations, so 12 deploy runs, an hour. */
export const SCHEDULE_RUNS_PER_HOUR = 60 / 5;

export interface MinutesEstimate {
    readonly teams: number;
    readonly days: number;
    readonly perTeamPerDay: number;
    readonly total: number;
    /** What one team's challenge 5 schedule, left enabled with the Logic App, adds per hour. */
    readonly schedulePerTeamPerHour: number;
    /** Minutes the plan includes per month; 0 counted for public repositories, which use none. */
    readonly included: number;
    /** Whether the minutes count at all: only private and internal repositories use included minutes. */
    readonly counted: boolean;
    readonly assumptions: MinutesAssumptions;
}

export function estimateActionsMinutes(
    event: EventConfig,
    teams: number,
    days: number,
    assumptions: MinutesAssumptions = DEFAULT_MINUTES_ASSUMPTIONS,
): MinutesEstimate {
    const perTeamPerDay =
        assumptions.deployRunsPerTeamPerDay * assumptions.minutesPerDeployRun +
        assumptions.trainingRunsPerTeamPerDay * assumptions.minutesPerTrainingRun;
    return {
        teams,
        days,
        perTeamPerDay,
        total: perTeamPerDay * teams * days,
        schedulePerTeamPerHour: SCHEDULE_RUNS_PER_HOUR * assumptions.minutesPerDeployRun,
        included: INCLUDED_ACTIONS_MINUTES[event.github.plan],
        counted: event.github.visibility !== "public",
        assumptions,
    };
}

/** The assumptions and the sum, one line, as the plan and preflight print them. */
export function describeMinutes(e: MinutesEstimate): string {
    const a = e.assumptions;
    return `${e.teams} team(s) x ${e.days} day(s) x ${e.perTeamPerDay} min = ${e.total} Actions minutes (per team per day: ${a.deployRunsPerTeamPerDay} deploy runs x ${a.minutesPerDeployRun} min for challenge 6 + ${a.trainingRunsPerTeamPerDay} training runs x ${a.minutesPerTrainingRun} min for challenge 8); a challenge 5 schedule left enabled adds ${e.schedulePerTeamPerHour} min per team per hour`;
}

/** The choices when the minutes may run out, as the plan and preflight print them. */
export function minutesChoices(owner: string): string {
    return `make the event's repositories public (event.github.visibility: public: standard runners are free there), move ${owner} to a plan with more minutes, or set an Actions spending limit/budget above 0 (https://github.com/organizations/${owner}/settings/billing); tell teams to disable challenge 5's schedule`;
}
