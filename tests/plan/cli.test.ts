import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main, parseArgs, UsageError } from "../../offline/plan/cli";
import { OFFLINE_NOTICE } from "../../offline/plan/model";
import type { PlanReport } from "../../offline/plan/plan";

const ROOT = path.join(__dirname, "..", "..");
const ROSTER = path.join("tests", "fixtures", "plan", "roster.yaml");

interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** The CLI in this process (`--workers 0`: jest cannot fork .ts workers), with a clock that fails the test if read. */
async function plan(...argv: string[]): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await main([...argv, "--workers", "0"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        clock: () => {
            throw new Error("the test passes --now; the clock must not be read");
        },
        cwd: ROOT,
    });
    return { code, stdout, stderr };
}

const json = (run: Run): PlanReport => JSON.parse(run.stdout) as PlanReport;

/** The parts of the fixture roster the tests edit. */
interface RosterFile {
    event: { compute: Record<string, unknown>; budget: Record<string, unknown> };
    teams: { name: string; members: Record<string, unknown>[] }[];
}

/** The fixture roster with `edit` applied, written to a temporary file. */
function rosterWith(edit: (roster: RosterFile) => void): string {
    const roster = parse(readFileSync(path.join(ROOT, ROSTER), "utf8")) as RosterFile;
    edit(roster);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-cli-")), "roster.yaml");
    writeFileSync(file, stringify(roster));
    return file;
}

describe("npm run plan on a roster", () => {
    let text: Run;
    let report: PlanReport;
    beforeAll(async () => {
        text = await plan(ROSTER, "--now", "2026-11-27", "--days", "3");
        report = json(await plan(ROSTER, "--now", "2026-11-27", "--days", "3", "--json"));
    });

    test("the first line says it is offline, and so does the JSON", () => {
        expect(text.stdout.split("\n")[0]).toBe(OFFLINE_NOTICE);
        expect(OFFLINE_NOTICE).toMatch(
            /^OFFLINE PLAN .*nothing was sent to Azure, Entra ID or GitHub$/,
        );
        expect(report).toMatchObject({ offline: true, notice: OFFLINE_NOTICE, now: "2026-11-27" });
        expect(text.code).toBe(0);
    });

    test("the JSON lists every team's resources by component, with Azure names", () => {
        expect(report.sources).toHaveLength(1);
        const source = report.sources[0];
        expect(source).toMatchObject({
            kind: "roster",
            file: ROSTER,
            event: "oh4mlfix",
            location: "japaneast",
            endsOn: "2026-12-18",
            declaredTeams: 2,
        });
        expect(source.teams.map((t) => [t.name, t.stackName])).toEqual([
            ["team01", "oh4mlfix-team01"],
            ["team02", "oh4mlfix-team02"],
        ]);
        const team01 = source.teams[0];
        expect(team01.components[0]).toMatchObject({
            name: "team01",
            type: "openhack:stack:Team",
        });
        const ml = team01.components.find((c) => c.name === "team01-ml");
        expect(ml?.type).toBe("openhack:ml:Workspace");
        expect(ml?.resources.find((r) => r.name === "team01-ml-storage")).toEqual({
            type: "azure-native:storage:StorageAccount",
            name: "team01-ml-storage",
            azureName: expect.stringMatching(/^oh4mlfixteam01[a-z0-9]{6}$/),
        });
        const compute = team01.components.find((c) => c.name === "team01-compute");
        expect(compute?.resources.map((r) => r.azureName)).toEqual([
            "demo-cpucluster1",
            expect.stringMatching(/^ci-alice-gh-/),
            expect.stringMatching(/^ci-bob-gh-/),
            expect.stringMatching(/^ci-carol-gh-/),
        ]);
    });

    test("totals by type add up over the teams", () => {
        expect(report.totals.teams).toBe(2);
        expect(report.totals.resources).toBe(
            report.sources[0].teams.reduce((n, t) => n + t.resourceCount, 0),
        );
        expect(report.totals.byType.reduce((n, t) => n + t.count, 0)).toBe(report.totals.resources);
        // 3 + 2 instances and one cluster per team.
        expect(
            report.totals.byType.find(
                (t) => t.type === "azure-native:machinelearningservices:Compute",
            )?.count,
        ).toBe(7);
        expect(
            report.totals.byType.find((t) => t.type === "azure-native:storage:StorageAccount")
                ?.count,
        ).toBe(2);
    });

    test("quota per family with the coach minimums, and what it is compared with", () => {
        expect(report.quota.comparedWith).toContain("Cluster Dedicated vCPUs");
        expect(
            report.quota.rows.map((r) => [
                r.family,
                r.instances,
                r.clusters,
                r.endpoints,
                r.total,
                r.coachMinimum,
            ]),
        ).toEqual([
            ["Standard DSv2 Family", 0, 0, 8, 8, 2],
            ["Standard Dv2 Family", 10, 8, 0, 18, 4],
        ]);
        expect(text.stdout).toContain("Standard Dv2 Family Cluster Dedicated vCPUs");
    });

    test("the cost is an estimate for the days asked, with its assumptions and sources", () => {
        const cost = report.cost;
        expect(cost).toMatchObject({ estimate: true, currency: "USD" });
        expect(cost?.events[0].assumptions.days).toBe(3);
        expect(cost?.events[0].assumptionsText.join(" ")).toContain(
            "stopped by their schedule at 20:00",
        );
        expect(cost?.events[0].lines.every((l) => l.source.startsWith("https://"))).toBe(true);
        expect(text.stdout).toMatch(
            /Cost estimate, USD: an ESTIMATE \(prices as of \d{4}-\d{2}.*verify\)/,
        );
        expect(report.summary).toEqual({ errors: 0, warnings: 0, exitCode: 0 });
    });

    test("each price source says when it was read and from what, or that it was recalled", () => {
        const lines = report.cost?.events[0].lines ?? [];
        const vm = lines.find((l) => l.item === "compute instances");
        const storage = lines.find((l) => l.item.startsWith("storage"));
        expect(vm?.readFrom).toMatch(/^https:\/\//);
        expect(storage).toMatchObject({
            readFrom: null,
            note: expect.stringContaining("recalled"),
        });
        const sources = text.stdout.slice(text.stdout.indexOf("Price sources:")).split("\n");
        expect(sources).toContainEqual(
            expect.stringContaining(`${vm?.source} (as of ${vm?.asOf}; read from ${vm?.readFrom})`),
        );
        expect(sources).toContainEqual(
            expect.stringContaining(
                `${storage?.source} (as of ${storage?.asOf}; ${storage?.note})`,
            ),
        );
    });

    test("--prices replaces a price the estimate uses", async () => {
        const file = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-cli-")), "p.json");
        writeFileSync(
            file,
            JSON.stringify({
                currency: "USD",
                prices: [
                    {
                        sku: "Standard_D2_v2",
                        region: "japaneast",
                        unit: "hour",
                        price: 1,
                        asOf: "2026-11-20",
                        source: "https://prices.azure.com/api/retail/prices?x",
                    },
                ],
            }),
        );
        const priced = json(
            await plan(ROSTER, "--now", "2026-11-27", "--days", "3", "--json", "--prices", file),
        );
        const line = priced.cost?.events[0].lines.find((l) => l.item === "compute instances");
        // 5 instances x 11 h x 3 days at 1.00
        expect(line).toMatchObject({ unitPrice: 1, quantity: 165, cost: 165, asOf: "2026-11-20" });
    });
});

describe("errors", () => {
    test("an unknown VM size is an error naming the config field; exit code 1", async () => {
        const file = rosterWith((r) => (r.event.compute.clusterVmSize = "Standard_Z9_v9"));
        const run = await plan(file, "--now", "2026-11-27", "--json");
        expect(run.code).toBe(1);
        const report = json(run);
        expect(report.problems.filter((p) => p.code === "vm-size")).toEqual([
            expect.objectContaining({
                severity: "error",
                path: "event.compute.clusterVmSize",
                message: expect.stringContaining('event.compute.clusterVmSize: "Standard_Z9_v9"'),
            }),
        ]);
        expect(report.summary.exitCode).toBe(1);
        const text = await plan(file, "--now", "2026-11-27", "--brief");
        expect(text.stdout).toMatch(
            /ERROR {4}event\.compute\.clusterVmSize: "Standard_Z9_v9" is not in the plan's VM size table/,
        );
        expect(text.stdout.split("\n")[0]).toBe(OFFLINE_NOTICE);
    });

    test("an event that has ended fails the plan, which still shows teams, quota and cost", async () => {
        const run = await plan(ROSTER, "--now", "2027-01-10", "--json", "--days", "2");
        expect(run.code).toBe(1);
        const report = json(run);
        expect(report.problems).toEqual([
            expect.objectContaining({
                severity: "error",
                code: "event-ended",
                path: "event.endsOn",
            }),
        ]);
        expect(report.sources[0].teams).toHaveLength(2);
        expect(report.quota.rows.length).toBeGreaterThan(0);
        expect(report.cost?.total).toBeGreaterThan(0);
    });

    test("every config issue is printed; the valid team is still planned", async () => {
        const file = rosterWith((r) => {
            r.teams[1].name = "Team Two";
            r.event.budget.amount = 0;
        });
        const run = await plan(file, "--now", "2026-11-27", "--brief");
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("ERROR    teams[1].name: must be 2-12 characters");
        expect(run.stdout).toContain("ERROR    event.budget.amount: must be greater than 0");
        // The event is invalid, so nothing can be simulated, but the problems are all there.
        expect(run.stdout).toContain("0 of 2 teams planned");
    });

    test("a duplicated team is one error, not a collision on every name it derives", async () => {
        const file = rosterWith((r) => (r.teams[1].name = r.teams[0].name));
        const run = await plan(file, "--now", "2026-11-27", "--json");
        expect(run.code).toBe(1);
        expect(
            json(run)
                .problems.filter((p) => p.severity === "error")
                .map((p) => [p.code, p.message]),
        ).toEqual([["config", 'teams[1].name: duplicates teams[0].name (got "team01")']]);
    });

    test("two rosters of one event that would claim the same global names are an error", async () => {
        // One team each keeps the simulation short.
        const oneTeam = (r: RosterFile): void => void (r.teams = r.teams.slice(0, 1));
        const a = rosterWith(oneTeam);
        const b = rosterWith(oneTeam);
        const report = json(await plan(a, b, "--now", "2026-11-27", "--json"));
        const collisions = report.problems.filter((p) => p.code === "name-collision");
        expect(collisions.length).toBeGreaterThan(0);
        expect(collisions[0].message).toContain("oh4mlfix/team01, oh4mlfix/team01");
    });

    test("a person listed in two teams is a warning that keeps exit code 0", async () => {
        const file = rosterWith((r) => r.teams[1].members.push({ ...r.teams[0].members[0] }));
        const run = await plan(file, "--now", "2026-11-27", "--json");
        expect(run.code).toBe(0);
        const shared = json(run).problems.filter((p) => p.code === "shared-member");
        expect(shared.map((p) => [p.severity, p.path])).toEqual([["warning", "teams[].members[]"]]);
        expect(shared[0].message).toContain("is listed in 2 teams (team01, team02)");
    });

    test.each([
        [["--days", "0"], "--days: expected a whole number >= 1"],
        [["--now", "2026-02-30"], "--now: expected a date YYYY-MM-DD"],
        [["--frobnicate"], "plan: unknown option '--frobnicate'"],
        [["--prices"], "--prices: missing value"],
        [["--prices", "--json"], "--prices: missing value"],
        [["--bref"], "(Did you mean --brief?)"],
        [["--pool", "fibers"], "--pool: expected threads or processes"],
    ])("bad command line %j exits 2", async (argv, message) => {
        const run = await plan(...argv);
        expect(run.code).toBe(2);
        expect(run.stderr.split("\n")[0]).toBe(OFFLINE_NOTICE);
        expect(run.stderr).toContain(message);
    });

    test("parseArgs throws UsageError, never a generic error", async () => {
        await expect(parseArgs(["--workers", "-1"])).rejects.toThrow(UsageError);
        await expect(parseArgs(["--workers", "-1"])).rejects.toThrow(
            '--workers: expected a whole number >= 0, got "-1"',
        );
    });

    test("--help: the generated help, exit 0", async () => {
        expect(await parseArgs(["--help"])).toBe("help");
        const run = await plan("--help");
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("Usage: npm run plan -- [file...] [options]");
        for (const option of ["--brief", "--now <YYYY-MM-DD>", "--handouts <dir>", "--pool <mode>"])
            expect(run.stdout).toContain(option);
    });
});

describe("the default: the dev stack", () => {
    test("plans Pulumi.dev.yaml as stack dev", async () => {
        const report = json(await plan("--now", "2026-11-27", "--json"));
        expect(report.sources.map((s) => [s.kind, s.file, s.stackName])).toEqual([
            ["stack", "Pulumi.dev.yaml", "dev"],
        ]);
        expect(report.sources[0].teams.map((t) => t.stackName)).toEqual(["dev"]);
        expect(report.summary.errors).toBe(0);
    });
});
