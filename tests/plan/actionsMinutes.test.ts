/** The Actions minutes estimate (offline/plan/actionsMinutes.ts) and the plan's warnings about challenge 3 and 6/8. */
import {
    DEFAULT_MINUTES_ASSUMPTIONS,
    estimateActionsMinutes,
    INCLUDED_ACTIONS_MINUTES,
} from "../../offline/plan/actionsMinutes";
import { actionsMinutesProblems, materialsProblems } from "../../offline/plan/warnings";
import type { EventConfig } from "../../stacks/schema";
import { event } from "./helpers";

const github = (over: Partial<EventConfig["github"]>) =>
    event({
        github: {
            owner: "contoso-hack",
            visibility: "private",
            template: "",
            reviewers: [],
            ...over,
        },
    });

test("the arithmetic: per team per day = deploy runs x minutes + training runs x minutes, times teams and days", () => {
    const e = estimateActionsMinutes(github({ plan: "free" }), 40, 2);
    // 6 x 10 + 10 x 3 = 90 per team per day; 40 teams x 2 days.
    expect(e.perTeamPerDay).toBe(90);
    expect(e.total).toBe(7_200);
    expect(e.included).toBe(2_000);
    expect(e.counted).toBe(true);
    // Challenge 5's schedule every 5 minutes: 12 deploy runs an hour of 10 minutes each.
    expect(e.schedulePerTeamPerHour).toBe(120);
    const custom = estimateActionsMinutes(github({ plan: "team" }), 3, 1, {
        ...DEFAULT_MINUTES_ASSUMPTIONS,
        deployRunsPerTeamPerDay: 1,
        minutesPerDeployRun: 7,
        trainingRunsPerTeamPerDay: 2,
        minutesPerTrainingRun: 4,
    });
    expect(custom.total).toBe(3 * (7 + 8));
    expect(custom.included).toBe(3_000);
});

test("GitHub's included minutes per plan (billing docs)", () => {
    expect(INCLUDED_ACTIONS_MINUTES).toEqual({
        free: 2_000,
        pro: 3_000,
        team: 3_000,
        enterprise: 50_000,
    });
});

test("a private event above the included minutes is a warning with the numbers and the choices; public repositories none", () => {
    const ev = github({ plan: "free" });
    const problems = actionsMinutesProblems(ev, "event", estimateActionsMinutes(ev, 40, 2));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
        severity: "warning",
        code: "actions-minutes",
        path: "event.github.plan",
    });
    expect(problems[0].message).toContain("40 team(s) x 2 day(s) x 90 min = 7200 Actions minutes");
    expect(problems[0].message).toContain("includes 2000 per month");
    expect(problems[0].message).toContain("make the event's repositories public");
    expect(problems[0].message).toContain("spending limit");
    // 22 teams x 1 day x 90 = 1,980: within the 2,000.
    expect(actionsMinutesProblems(ev, "event", estimateActionsMinutes(ev, 22, 1))).toEqual([]);
    const pub = github({ plan: "free", visibility: "public" });
    expect(actionsMinutesProblems(pub, "event", estimateActionsMinutes(pub, 40, 2))).toEqual([]);
});

test.each(["token", "aadToken"] as const)(
    "endpoint.authMode %s warns: challenge 3's notebook tests the endpoint with its key",
    (authMode) => {
        const problems = materialsProblems(
            event({ endpoint: { authMode, instanceType: "Standard_DS2_v2" } }),
            "event",
        );
        expect(problems).toEqual([
            expect.objectContaining({
                severity: "warning",
                code: "materials",
                path: "event.endpoint.authMode",
            }),
        ]);
        expect(problems[0].message).toContain(`event.endpoint.authMode is ${authMode}`);
        expect(problems[0].message).toContain("Notebooks/exercise03_publish_model.ipynb");
    },
);

test("endpoint.authMode key gives no warning", () => {
    expect(
        materialsProblems(
            event({ endpoint: { authMode: "key", instanceType: "Standard_DS2_v2" } }),
            "event",
        ),
    ).toEqual([]);
});
