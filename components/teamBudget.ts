import * as pulumi from "@pulumi/pulumi";
import * as consumption from "@pulumi/azure-native/consumption";
import { pathsOf } from "../policy/typedProps";
import { argError } from "./argChecks";

export const BUDGET_THRESHOLDS = [50, 80, 100] as const;

export interface TeamBudgetArgs {
    /** ARM id of the team resource group: the budget's scope. */
    readonly resourceGroupId: pulumi.Input<string>;
    /** Budget name, unique in the scope. */
    readonly budgetName: pulumi.Input<string>;
    /** Monthly amount in the subscription's billing currency, greater than 0. */
    readonly amount: number;
    /** Alert recipients at 50, 80 and 100 %; empty: the group's Owners and Contributors instead. */
    readonly contactEmails: readonly string[];
    /** Today, from the caller: the budget starts on the first of this month (Azure's rule). */
    readonly now: Date;
    /** Last day of the event (YYYY-MM-DD). */
    readonly endsOn: string;
}

/** First day of the month of `date`, as Azure budgets require for their start date. */
export function firstOfMonth(date: Date): string {
    return `${date.toISOString().slice(0, 7)}-01T00:00:00Z`;
}

/** First day of the month after the one holding `isoDate`: a budget outlives the event by a month at most. */
export function firstOfNextMonth(isoDate: string): string {
    const [year, month] = isoDate.split("-").map(Number);
    const next = new Date(Date.UTC(year, month, 1));
    return firstOfMonth(next);
}

/** Alerts at 50/80/100 % of a monthly budget on the team resource group. */
export class TeamBudget extends pulumi.ComponentResource {
    constructor(name: string, args: TeamBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:cost:TeamBudget", name, {}, opts);
        if (!(Number.isFinite(args.amount) && args.amount > 0))
            throw argError(this, "amount", "must be a number greater than 0", args.amount);
        // Without e-mail addresses the alerts go to the people who can act on the group.
        const contactRoles = args.contactEmails.length === 0 ? ["Owner", "Contributor"] : [];
        const notifications = Object.fromEntries(
            BUDGET_THRESHOLDS.map((threshold) => [
                `actual_${threshold}_percent`,
                {
                    enabled: true,
                    operator: "GreaterThanOrEqualTo",
                    threshold,
                    thresholdType: "Actual",
                    contactEmails: [...args.contactEmails],
                    contactRoles,
                },
            ]),
        );
        new consumption.Budget(
            `${name}-budget`,
            {
                scope: args.resourceGroupId,
                budgetName: args.budgetName,
                amount: args.amount,
                category: "Cost",
                timeGrain: "Monthly",
                timePeriod: {
                    startDate: firstOfMonth(args.now),
                    endDate: firstOfNextMonth(args.endsOn),
                },
                notifications,
            },
            // Azure refuses to change a budget's start date; a later `up` must not try.
            {
                parent: this,
                ignoreChanges: pathsOf<consumption.BudgetArgs>("timePeriod.startDate"),
            },
        );
        this.registerOutputs({});
    }
}
