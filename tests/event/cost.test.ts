/**
 * `cost` through the real Cost Management SDK client (@azure/arm-costmanagement, api-version
 * 2022-10-01) as the command builds it (costManagementClient: the SDK's retry off), answered by nock.
 * Fixtures, each from its source:
 * - 200 (tests/event/costQueryFixtures.ts): Azure/azure-rest-api-specs specification/cost-management/resource-manager/
 *   Microsoft.CostManagement/stable/2022-10-01/examples/SubscriptionQueryGrouping.json, the request
 *   shape the command sends (granularity None, PreTaxCost Sum, grouped by ResourceGroup) and its
 *   answer [PreTaxCost, ResourceGroup, Currency]. `subscriptionQueryGrouping` is its 200 body
 *   VERBATIM; `ourGroups` is the same body with the names of rows 1 and 3 changed to our groups
 *   (the amounts kept), and row 3's name upper-cased (Cost Management does not promise the case).
 * - 200 with a nextLink: BillingAccountQueryGrouping.json's 200 body VERBATIM (same folder).
 * - 204: both examples list `"204": {}` (the SDK's usageOperationSpec declares 204).
 * - 404: ARM's SubscriptionNotFound as a live answer quoted in microsoft/AzureStorageExplorer#4273
 *   ({"error":{"code":"SubscriptionNotFound","message":"The subscription '<id>' could not be
 *   found."}}), the id substituted.
 * - 429: the live body quoted at Microsoft Q&A, "CostManagement Query operation - too many request
 *   only after 4 request" (https://learn.microsoft.com/en-us/answers/questions/1488793/):
 *   {"error":{"code":"429","message":"Too many requests. Please retry."}}. Its headers are the
 *   documented QPU header (https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/cost-management-billing/costs/manage-automation.md,
 *   "Data latency and rate limits") and ARM's Retry-After.
 * - Sign-in failure: @azure/identity's own AuthenticationError in the shape it gives MSAL's
 *   network_error (status 400; seen under `unshare -n`, see tests/preflight/wrongCredentials.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import type { TokenCredential } from "@azure/identity";
import { parseRoster } from "../../event/roster";
import {
    costManagementClient,
    eventPeriod,
    type TeamCost,
    FRESHNESS_NOTE,
    spendSoFar,
    type CostDeps,
} from "../../event/cost/command";
import { planEstimate } from "../../event/cost/main";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { OfflineCredential } from "../helpers/offlineCredential";
import {
    billingAccountQueryGrouping,
    subscriptionQueryGrouping,
    subscriptionQueryPath,
    throttledBody,
    withRows,
} from "./costQueryFixtures";

useNock({ failOnPending: true });

const SUB = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";
const SUB2 = "00000000-0000-0000-0000-000000000000";
const ARM = "https://management.azure.com";
const Q = { "api-version": "2022-10-01" };
const queryPath = subscriptionQueryPath;

const rosterText = (betaSub: string) => `event:
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
    subscriptionId: ${betaSub}
    members: [{ github: bob, objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7b }]
`;
const roster = parseRoster(rosterText(SUB), "stacks/oh2026.yaml");
const twoSubscriptions = parseRoster(rosterText(SUB2), "stacks/oh2026.yaml");

/** The same body, rows 1 and 3 renamed to our groups (row 3 upper-cased). */
const ourGroups = withRows([
    [0.009865586851323632, "Ict_StratAndPlan_GoldSprova_Prod_0", "USD"],
    [218.68795741935486, "rg-oh2026-alpha", "USD"],
    [2.10333307059661, "RG-OH2026-BETA", "USD"],
    [0.14384913581657052, "Ssbciotelement01", "USD"],
]);

interface JsonReport {
    budgetPerTeam: number;
    estimatePerTeam: unknown;
    estimateProblem?: string;
    freshness: string;
    timeZone: string;
    teams: TeamCost[];
}

const NOW = new Date("2026-12-04T15:30:00Z");

function deps(
    out: string[],
    sleeps: number[] = [],
    credential: TokenCredential = new FakeCredential(),
): CostDeps {
    return {
        costManagement: costManagementClient(credential),
        estimatePerTeam: { amount: 42.5, currency: "USD" },
        sleep: (ms) => {
            sleeps.push(ms);
            return Promise.resolve();
        },
        out: (text) => void out.push(text),
    };
}

/** The request body the command must send: ActualCost over the event's days, grouped by group. */
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
            JSON.stringify({ totalCost: { name: "PreTaxCost", function: "Sum" } }) &&
        JSON.stringify(dataset.grouping) ===
            JSON.stringify([{ type: "Dimension", name: "ResourceGroup" }])
    );
}

const json = (out: string[]) => JSON.parse(out.join("")) as JsonReport;

/** Team alpha's --json line and the exit code when the subscription's query gets this answer. */
async function alphaAnswered(
    status: number,
    body?: object,
): Promise<{ code: number; line: TeamCost }> {
    nock(ARM).post(queryPath(SUB), expectedBody).query(Q).reply(status, body);
    const out: string[] = [];
    const code = await spendSoFar(roster, { teams: ["alpha"], json: true, now: NOW }, deps(out));
    return { code, line: json(out).teams[0] };
}

describe("cost: spend so far per team", () => {
    it("one query for the subscription, each team read from its group's row, beside estimate and budget", async () => {
        nock(ARM).post(queryPath(SUB), expectedBody).query(Q).reply(200, ourGroups);
        const out: string[] = [];
        const code = await spendSoFar(roster, { teams: [], json: false, now: NOW }, deps(out));
        const text = out.join("");
        expect(code).toBe(0);
        expect(text).toContain("2026-12-03T00:00:00.000Z to 2026-12-04T15:30:00.000Z");
        expect(text).toMatch(
            /alpha\s+rg-oh2026-alpha\s+218\.69 USD\s+42\.50 USD\s+100\.00\s+OVER BUDGET/,
        );
        expect(text).toMatch(/beta\s+rg-oh2026-beta\s+2\.10 USD\s+42\.50 USD\s+100\.00/);
        expect(text).toContain(FRESHNESS_NOTE);
        expect(text).toContain("Days are UTC days");
        expect(text).toContain("(Tokyo Standard Time)");
    });

    it("a group without a row (the published answer, verbatim) has no cost recorded: 0, not a failure", async () => {
        const { code, line } = await alphaAnswered(200, subscriptionQueryGrouping);
        expect(code).toBe(0);
        expect([line]).toEqual([
            {
                team: "alpha",
                resourceGroup: "rg-oh2026-alpha",
                outcome: "ok",
                actual: 0,
                currency: null,
                detail: "no cost recorded in the period",
            },
        ]);
    });

    it("--json gives the same numbers as data, with the freshness and time-zone notes", async () => {
        nock(ARM).post(queryPath(SUB)).query(Q).reply(200, ourGroups);
        const out: string[] = [];
        expect(
            await spendSoFar(roster, { teams: ["alpha"], json: true, now: NOW }, deps(out)),
        ).toBe(0);
        const report = json(out);
        expect(report.budgetPerTeam).toBe(100);
        expect(report.estimatePerTeam).toEqual({ amount: 42.5, currency: "USD" });
        expect(report.freshness).toBe(FRESHNESS_NOTE);
        expect(report.timeZone).toContain("Tokyo Standard Time");
        expect(report.teams).toHaveLength(1);
        expect(report.teams[0]).toMatchObject({ team: "alpha", outcome: "ok", currency: "USD" });
        expect(report.teams[0].actual).toBeCloseTo(218.68795741935486, 10);
    });

    it("an unknown team is a usage error before any call", async () => {
        const bad: string[] = [];
        expect(
            await spendSoFar(roster, { teams: ["gamma"], json: false, now: NOW }, deps(bad)),
        ).toBe(2);
        expect(bad.join("")).toContain("gamma");
    });

    it("a 404 (mistyped subscription) is a failure with Azure's message, not 'no data'", async () => {
        nock(ARM)
            .post(queryPath(SUB))
            .query(Q)
            .reply(404, {
                error: {
                    code: "SubscriptionNotFound",
                    message: `The subscription '${SUB}' could not be found.`,
                },
            });
        const out: string[] = [];
        const code = await spendSoFar(roster, { teams: [], json: true, now: NOW }, deps(out));
        expect(code).toBe(1);
        for (const line of json(out).teams)
            expect(line).toMatchObject({
                outcome: "failed",
                actual: null,
                detail: `404: The subscription '${SUB}' could not be found.`,
            });
    });

    it("204 No Content is said as no cost data for the subscription (exit 0, no figure)", async () => {
        const { code, line } = await alphaAnswered(204);
        expect(code).toBe(0);
        expect(line).toMatchObject({
            outcome: "no-data",
            actual: null,
            detail: "no cost data for the subscription (Cost Management answered 204 No Content)",
        });
    });

    it("a group with rows in two currencies is refused, not added under one label", async () => {
        const { code, line } = await alphaAnswered(
            200,
            withRows([
                [218.68795741935486, "rg-oh2026-alpha", "USD"],
                [2.10333307059661, "rg-oh2026-alpha", "EUR"],
            ]),
        );
        expect(code).toBe(1);
        expect(line).toMatchObject({
            outcome: "failed",
            actual: null,
            detail: "rows in several currencies (EUR, USD): not added",
        });
    });

    it("a paged answer (nextLink) is a failure, not a silent partial sum", async () => {
        const { code, line } = await alphaAnswered(200, billingAccountQueryGrouping);
        expect(code).toBe(1);
        expect(line).toMatchObject({ outcome: "failed", actual: null });
        expect(line.detail).toContain("nextLink");
    });

    it("a 429 with Retry-After 0 and a longer QPU wait: one wait of the longer, two requests in all", async () => {
        let requests = 0;
        nock(ARM)
            .post(queryPath(SUB))
            .query(Q)
            .times(4)
            .reply(() => {
                requests++;
                return requests === 1
                    ? [
                          429,
                          throttledBody,
                          {
                              "Retry-After": "0",
                              "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "30",
                          },
                      ]
                    : [200, ourGroups];
            });
        const out: string[] = [];
        const sleeps: number[] = [];
        const code = await spendSoFar(
            roster,
            { teams: ["alpha"], json: false, now: NOW },
            deps(out, sleeps),
        );
        nock.cleanAll(); // the spare replies were for a client that retries by itself
        expect(code).toBe(0);
        expect(requests).toBe(2);
        expect(sleeps).toEqual([30_000]);
        expect(out.join("")).toContain("waiting 30s");
        expect(out.join("")).toContain("218.69 USD");
    });

    it("gives up after the retries when still throttled (exit 1, said per team)", async () => {
        nock(ARM).post(queryPath(SUB)).query(Q).twice().reply(429, throttledBody, {
            "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": "3",
        });
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

    it("a sign-in that cannot reach Entra ID is said as such, once, and stops further queries", async () => {
        const offline = new OfflineCredential();
        const out: string[] = [];
        const code = await spendSoFar(
            twoSubscriptions,
            { teams: [], json: true, now: NOW },
            deps(out, [], offline),
        );
        expect(code).toBe(1);
        expect(offline.asked).toBe(1);
        const [alpha, beta] = json(out).teams;
        expect(alpha.detail).toMatch(/^could not reach Entra ID to sign in \(/);
        expect(alpha.detail).not.toContain("400");
        expect(beta.detail).toBe(`not queried: ${alpha.detail}`);
    });

    it("a plan with errors shows no estimate but the plan's error", async () => {
        nock(ARM).post(queryPath(SUB)).query(Q).reply(200, ourGroups);
        const out: string[] = [];
        const { estimatePerTeam: _dropped, ...rest } = deps(out);
        const code = await spendSoFar(
            roster,
            { teams: ["alpha"], json: false, now: NOW },
            {
                ...rest,
                estimateProblem: "the plan has 1 error(s): event.compute.clusterVmSize: no price",
            },
        );
        expect(code).toBe(0);
        const text = out.join("");
        expect(text).toMatch(/alpha\s+rg-oh2026-alpha\s+218\.69 USD\s+-\s+100\.00/);
        expect(text).toContain(
            "plan estimate: - (the plan has 1 error(s): event.compute.clusterVmSize: no price)",
        );
    });

    it("the plan's estimate is refused when the plan has an error (a cluster size it cannot price)", async () => {
        const dir = mkdtempSync(join(tmpdir(), "cost-plan-"));
        try {
            const example = readFileSync("stacks/example.yaml", "utf8");
            const bad = join(dir, "bad.yaml");
            writeFileSync(
                bad,
                example.replace(
                    "    clusterMaxNodes: 2\n",
                    "    clusterMaxNodes: 2\n    clusterVmSize: Standard_D2_v9\n",
                ),
            );
            const event = { startsOn: "2030-12-16", endsOn: "2030-12-18" };
            expect(await planEstimate("stacks/example.yaml", event, NOW)).toEqual({
                estimate: { amount: expect.any(Number) as unknown, currency: "USD" },
            });
            const refused = await planEstimate(bad, event, NOW);
            expect(refused.estimate).toBeUndefined();
            expect(refused.problem).toMatch(
                /^the plan has 1 problem\(s\) that leave its estimate partial or wrong: event\.compute\.clusterVmSize: "Standard_D2_v9"/,
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("clips the period to the event's days and queries nothing before the event", () => {
        const ev = { startsOn: "2026-12-03", endsOn: "2026-12-05" };
        expect(eventPeriod(ev, new Date("2026-12-20T00:00:00Z"))?.to.toISOString()).toBe(
            "2026-12-05T23:59:59.000Z",
        );
        expect(eventPeriod(ev, new Date("2026-12-01T00:00:00Z"))).toBeUndefined();
    });
});

test("the freshness note says what Microsoft documents: 8-24 hours, up to 72 for pay-as-you-go", () => {
    expect(FRESHNESS_NOTE).toContain("8-24 hours for EA and MCA");
    expect(FRESHNESS_NOTE).toContain("up to 72 hours for pay-as-you-go");
});
