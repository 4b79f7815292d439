/**
 * `cost` through the real Cost Management SDK client (@azure/arm-costmanagement, api-version
 * 2022-10-01), answered by nock. The 200 body is the published example ResourceGroupQuery.json of
 * Azure/azure-rest-api-specs (tests/event/costFixtures.ts). The 404 body is ARM's ResourceGroupNotFound as quoted in Azure/azure-powershell#12841
 * (see tests/event/teardownFixtures.ts). The 429 carries only Cost Management's own wait header
 * (x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after, the one Microsoft Learn documents:
 * "Manage costs with automation", "Data latency and rate limits", https://learn.microsoft.com/azure/cost-management-billing/costs/manage-automation); its body uses ARM's common error
 * shape with a made-up message.
 */
import nock from "nock";
import { CostManagementClient } from "@azure/arm-costmanagement";
import { parseRoster } from "../../event/roster";
import {
    eventPeriod,
    type TeamCost,
    FRESHNESS_NOTE,
    spendSoFar,
    waitOf,
    type CostDeps,
} from "../../event/cost/command";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { EXAMPLE_SUM, resourceGroupQueryBody } from "./costFixtures";

useNock({ failOnPending: true });

const SUB = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";
const ARM = "https://management.azure.com";
const Q = { "api-version": "2022-10-01" };
const queryPath = (team: string) =>
    `/subscriptions/${SUB}/resourceGroups/rg-oh2026-${team}/providers/Microsoft.CostManagement/query`;

const roster = parseRoster(
    `event:
  name: oh2026
  startsOn: "2026-12-03"
  endsOn: "2026-12-05"
  github: { owner: contoso-hack }
  budget: { amount: 100 }
teams:
  - name: alpha
    subscriptionId: ${SUB}
    members: [{ github: alice, objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a }]
  - name: beta
    subscriptionId: ${SUB}
    members: [{ github: bob, objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7b }]
`,
    "stacks/oh2026.yaml",
);

const exampleBody = (team: string) => resourceGroupQueryBody(SUB, `rg-oh2026-${team}`);
const SUM = EXAMPLE_SUM;

/** ARM's ResourceGroupNotFound (Azure/azure-powershell#12841), group substituted. */
const notFound = (team: string) => ({
    error: {
        code: "ResourceGroupNotFound",
        message: `Resource group 'rg-oh2026-${team}' could not be found.`,
    },
});

interface JsonReport {
    budgetPerTeam: number;
    estimatePerTeam: unknown;
    freshness: string;
    teams: TeamCost[];
}

const NOW = new Date("2026-12-04T15:30:00Z");

function deps(out: string[], sleeps: number[] = []): CostDeps {
    return {
        costManagement: new CostManagementClient(new FakeCredential()),
        estimatePerTeam: { amount: 42.5, currency: "USD" },
        sleep: (ms) => {
            sleeps.push(ms);
            return Promise.resolve();
        },
        out: (text) => void out.push(text),
    };
}

/** The request body the command must send: ActualCost over the event's days clipped to now. */
function expectedBody(body: Record<string, unknown>): boolean {
    const period = (body.timePeriod ?? {}) as { from?: string; to?: string };
    const dataset = (body.dataset ?? {}) as Record<string, unknown>;
    return (
        body.type === "ActualCost" &&
        body.timeframe === "Custom" &&
        period.from === "2026-12-03T00:00:00.000Z" &&
        period.to === NOW.toISOString() &&
        dataset.granularity === "None" &&
        JSON.stringify(dataset.aggregation) ===
            JSON.stringify({ totalCost: { name: "PreTaxCost", function: "Sum" } })
    );
}

describe("cost: spend so far per team", () => {
    it("prints actual cost beside the plan estimate and budget, with the freshness caveat", async () => {
        nock(ARM).post(queryPath("alpha"), expectedBody).query(Q).reply(200, exampleBody("alpha"));
        nock(ARM).post(queryPath("beta"), expectedBody).query(Q).reply(200, exampleBody("beta"));
        const out: string[] = [];
        const code = await spendSoFar(roster, { teams: [], json: false, now: NOW }, deps(out));
        const text = out.join("");
        expect(code).toBe(0);
        expect(text).toContain("2026-12-03T00:00:00.000Z to 2026-12-04T15:30:00.000Z");
        expect(text).toMatch(
            new RegExp(`alpha\\s+rg-oh2026-alpha\\s+${SUM} USD\\s+42\\.50 USD\\s+100\\.00`),
        );
        expect(text).toMatch(new RegExp(`beta\\s+rg-oh2026-beta\\s+${SUM} USD`));
        expect(text).toContain(FRESHNESS_NOTE);
        expect(text).toContain("hours");
    });

    it("--json gives the same numbers as data", async () => {
        nock(ARM).post(queryPath("alpha"), expectedBody).query(Q).reply(200, exampleBody("alpha"));
        const out: string[] = [];
        const code = await spendSoFar(
            roster,
            { teams: ["alpha"], json: true, now: NOW },
            deps(out),
        );
        expect(code).toBe(0);
        const report = JSON.parse(out.join("")) as JsonReport;
        expect(report.budgetPerTeam).toBe(100);
        expect(report.estimatePerTeam).toEqual({ amount: 42.5, currency: "USD" });
        expect(report.freshness).toBe(FRESHNESS_NOTE);
        expect(report.teams).toHaveLength(1);
        expect(report.teams[0]).toMatchObject({ team: "alpha", outcome: "ok", currency: "USD" });
        expect(report.teams[0].actual).toBeCloseTo(22.2066661411932, 10);
    });

    it("--team queries only the chosen team; an unknown team is a usage error before any call", async () => {
        nock(ARM).post(queryPath("beta")).query(Q).reply(200, exampleBody("beta"));
        const out: string[] = [];
        expect(
            await spendSoFar(roster, { teams: ["beta"], json: false, now: NOW }, deps(out)),
        ).toBe(0);
        expect(out.join("")).not.toContain("rg-oh2026-alpha");
        const bad: string[] = [];
        expect(
            await spendSoFar(roster, { teams: ["gamma"], json: false, now: NOW }, deps(bad)),
        ).toBe(2);
        expect(bad.join("")).toContain("gamma");
    });

    it("waits as Cost Management's 429 header asks, then reports", async () => {
        nock(ARM)
            .post(queryPath("alpha"))
            .query(Q)
            .reply(
                429,
                { error: { code: "429", message: "Too many requests. Please retry." } },
                { "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "7" },
            );
        nock(ARM).post(queryPath("alpha")).query(Q).reply(200, exampleBody("alpha"));
        const out: string[] = [];
        const sleeps: number[] = [];
        const code = await spendSoFar(
            roster,
            { teams: ["alpha"], json: false, now: NOW },
            deps(out, sleeps),
        );
        expect(code).toBe(0);
        expect(sleeps).toEqual([7000]);
        expect(out.join("")).toContain("waiting 7s");
        expect(out.join("")).toContain(`${SUM} USD`);
    });

    it("gives up after the retries when still throttled (exit 1, said per team)", async () => {
        const throttled = () =>
            nock(ARM)
                .post(queryPath("alpha"))
                .query(Q)
                .reply(
                    429,
                    { error: { code: "429", message: "Too many requests." } },
                    {
                        "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after": "3",
                    },
                );
        throttled();
        throttled();
        const out: string[] = [];
        const sleeps: number[] = [];
        const code = await spendSoFar(
            roster,
            { teams: ["alpha"], json: false, now: NOW },
            { ...deps(out, sleeps), retries: 1 },
        );
        expect(code).toBe(1);
        expect(sleeps).toEqual([3000]);
        expect(out.join("")).toContain("still throttled after 1 retries");
    });

    it("a group that is gone (404) is 'no data', not a failure", async () => {
        nock(ARM).post(queryPath("alpha")).query(Q).reply(404, notFound("alpha"));
        nock(ARM).post(queryPath("beta")).query(Q).reply(200, exampleBody("beta"));
        const out: string[] = [];
        const code = await spendSoFar(roster, { teams: [], json: true, now: NOW }, deps(out));
        expect(code).toBe(0);
        const report = JSON.parse(out.join("")) as JsonReport;
        expect(report.teams[0]).toMatchObject({ team: "alpha", outcome: "no-data", actual: null });
        expect(report.teams[1]).toMatchObject({ team: "beta", outcome: "ok" });
    });

    it("clips the period to the event's days and queries nothing before the event", () => {
        const ev = { startsOn: "2026-12-03", endsOn: "2026-12-05" };
        expect(eventPeriod(ev, new Date("2026-12-20T00:00:00Z"))?.to.toISOString()).toBe(
            "2026-12-05T23:59:59.000Z",
        );
        expect(eventPeriod(ev, new Date("2026-12-01T00:00:00Z"))).toBeUndefined();
    });
});

test("the wait is the longest any throttling header asks, 60 s when none does", () => {
    const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] });
    expect(
        waitOf(
            headers({
                "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "7",
                "retry-after": "20",
            }),
        ),
    ).toBe(20);
    expect(
        waitOf(headers({ "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "7" })),
    ).toBe(7);
    expect(waitOf(headers({}))).toBe(60);
});

test("the freshness note says what Microsoft documents: 8-24 hours, up to 72 for pay-as-you-go", () => {
    expect(FRESHNESS_NOTE).toContain("8-24 hours for EA and MCA");
    expect(FRESHNESS_NOTE).toContain("up to 72 hours for pay-as-you-go");
});
