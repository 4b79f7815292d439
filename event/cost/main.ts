/**
 * The CLI wiring of `cost`: the roster, the plan's per-team estimate for the whole event (the
 * offline plan's simulation, run in this process), the Azure credential of event/cloud/clients.ts
 * and the Cost Management SDK client, handed to spendSoFar.
 */
import { loadRosterOrSay } from "../roster";
import type { Shard } from "../select";
import { EXIT } from "../summary";
import { spendSoFar } from "./command";
import { costManagementClient } from "./query";

const MS_PER_DAY = 86_400_000;

/**
 * The plan's estimate for one team over every day of the event (not only the days still to come),
 * or the plan's errors: a plan with errors prices only part of the roster, so its figure is not
 * shown as the estimate.
 */
export async function planEstimate(
    rosterFile: string,
    event: { startsOn?: string; endsOn: string },
    now: Date,
): Promise<{ estimate?: { amount: number; currency: string }; problem?: string }> {
    const { loadSource } = await import("../../offline/plan/sources");
    const { runPlan } = await import("../../offline/plan/plan");
    const { BUILT_IN_PRICES } = await import("../../offline/plan/prices");
    const days =
        Math.round(
            (Date.parse(event.endsOn) - Date.parse(event.startsOn ?? event.endsOn)) / MS_PER_DAY,
        ) + 1;
    const { report } = await runPlan([loadSource(rosterFile, now)], {
        now,
        prices: BUILT_IN_PRICES,
        days,
        run: { mode: "inline" },
    });
    // Errors, and prices left out of the estimate (a warning of the plan, but a partial figure).
    const errors = report.problems.filter(
        (p) => p.severity === "error" || p.code === "price-missing",
    );
    if (errors.length > 0)
        return {
            problem: `the plan has ${errors.length} problem(s) that leave its estimate partial or wrong: ${errors
                .map((p) =>
                    p.path && !p.message.startsWith(p.path) ? `${p.path}: ${p.message}` : p.message,
                )
                .join("; ")}`,
        };
    const cost = report.cost?.events[0];
    return cost
        ? { estimate: { amount: cost.perTeam, currency: cost.currency } }
        : { problem: "the plan computed no cost" };
}

export async function costMain(
    args: {
        rosterFile: string;
        teams: readonly string[];
        shard?: Shard;
        json: boolean;
        now: Date;
    },
    io: {
        out: { write(text: string): unknown };
        err: { write(text: string): unknown };
        /** How a 429's wait is slept (status passes the driver's clock); real time by default. */
        sleep?: (ms: number) => Promise<void>;
    },
): Promise<number> {
    const roster = await loadRosterOrSay(args.rosterFile, io.err);
    if (roster === undefined) return EXIT.usage;
    const plan = await planEstimate(args.rosterFile, roster.event, args.now);
    const { azureCredential } = await import("../cloud/clients");
    return spendSoFar(
        roster,
        { teams: args.teams, shard: args.shard, json: args.json, now: args.now },
        {
            costManagement: costManagementClient(azureCredential()),
            defaultSubscriptionId:
                process.env.AZURE_SUBSCRIPTION_ID || process.env.ARM_SUBSCRIPTION_ID || undefined,
            ...(plan.estimate ? { estimatePerTeam: plan.estimate } : {}),
            ...(plan.problem ? { estimateProblem: plan.problem } : {}),
            sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
            out: (text) => void io.out.write(text),
        },
    );
}
