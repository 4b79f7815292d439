/**
 * `status --cost` through the real command line (event/cli.ts `main`): the status table from the
 * fake engine, then the spend so far from the real Cost Management SDK client answered by nock
 * (body: SubscriptionQueryGrouping.json of Azure/azure-rest-api-specs with its rows replaced by this
 * test's groups, amounts kept; tests/event/costQueryFixtures.ts). The
 * Azure credential is the tests' static one (tests/helpers/credential.ts): DefaultAzureCredential
 * never runs here. The 403 uses ARM's common error shape ({ error: { code, message } }) with the
 * code ARM gives a caller without the action (AuthorizationFailed) and a shortened message.
 */
import nock from "nock";
import { main } from "../../event/cli";
import { EXIT } from "../../event/summary";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { subscriptionQueryPath, withRows } from "./costQueryFixtures";
import { harness } from "./fakes";

jest.mock("../../event/cloud/clients", () => ({
    ...jest.requireActual<typeof import("../../event/cloud/clients")>("../../event/cloud/clients"),
    azureCredential: () => new FakeCredential(),
}));

useNock({ failOnPending: true });

const SUB = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";
const ARM = "https://management.azure.com";
// stacks/example.yaml: event oh4mlex, 2030-12-16 to 2030-12-18; the second day at noon.
const DURING_EVENT = Date.parse("2030-12-17T12:00:00Z");

let saved: string | undefined;
beforeEach(() => {
    saved = process.env.AZURE_SUBSCRIPTION_ID;
    process.env.AZURE_SUBSCRIPTION_ID = SUB;
});
afterEach(() => {
    if (saved === undefined) delete process.env.AZURE_SUBSCRIPTION_ID;
    else process.env.AZURE_SUBSCRIPTION_ID = saved;
});

async function status(argv: readonly string[]) {
    const h = harness();
    const deps = {
        ...h.deps(""),
        readText: undefined,
        clock: { now: () => DURING_EVENT, sleep: () => Promise.resolve() },
    };
    const code = await main(["status", "stacks/example.yaml", ...argv], deps);
    return { code, out: h.out.text, err: h.err.text, engineCalls: h.engine.calls };
}

test("--cost: the status table, then each chosen team's spend so far beside the plan and the budget", async () => {
    const group = "rg-oh4mlex-aurora";
    // The example's rows, renamed to this roster's groups (amounts kept).
    const asked = nock(ARM)
        .post(subscriptionQueryPath(SUB))
        .query({ "api-version": "2022-10-01" })
        .reply(
            200,
            withRows([
                [218.68795741935486, group, "USD"],
                [2.10333307059661, "rg-oh4mlex-borealis", "USD"],
            ]),
        );
    const r = await status(["--team", "aurora", "--cost"]);
    expect(asked.isDone()).toBe(true);
    expect(r.code).toBe(EXIT.ok);
    const lines = r.out.split("\n");
    const statusRow = lines.findIndex(
        (l) => l.startsWith("aurora") && l.includes("oh4mlex-aurora"),
    );
    const header = lines.findIndex((l) => l.startsWith("Spend so far, 2030-12-16T00:00:00.000Z"));
    expect(statusRow).toBeGreaterThanOrEqual(0);
    expect(header).toBeGreaterThan(statusRow);
    const costRow = lines.slice(header).find((l) => l.startsWith("aurora"));
    // actual so far, the plan's estimate (a figure), the budget of stacks/example.yaml.
    expect(costRow).toMatch(
        new RegExp(`^aurora\\s+${group}\\s+218.69 USD\\s+\\d+\\.\\d{2} USD\\s+\\d+\\.\\d{2}`),
    );
    expect(r.out).toContain("Cost Management lags actual usage");
});

test("without --cost, status asks Cost Management nothing", async () => {
    const r = await status(["--team", "aurora"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).not.toContain("Spend so far");
});

test("--cost: a query that fails makes status exit 1, the status table still printed", async () => {
    nock(ARM)
        .post(subscriptionQueryPath(SUB))
        .query({ "api-version": "2022-10-01" })
        .reply(403, {
            error: {
                code: "AuthorizationFailed",
                message: "The client does not have authorization to perform action.",
            },
        });
    const r = await status(["--team", "aurora", "--cost"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^aurora\s+oh4mlex-aurora/m);
    expect(r.out).toMatch(/^aurora\s+rg-oh4mlex-aurora\s+-\s+.*does not have authorization/m);
});
