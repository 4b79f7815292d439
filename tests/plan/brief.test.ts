/**
 * `npm run plan -- <roster> --brief` fits one screen for an organizer: at most 40 lines of at most
 * 100 columns for the example roster and not many more for 40 teams, readable resource kinds
 * instead of provider type tokens, a path said once for teams that are alike, and the
 * `--parallel N xM` notation explained on the line that uses it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../../offline/plan/cli";
import { renderBrief } from "../../offline/plan/brief";
import { kindOf } from "../../offline/plan/kinds";
import type { PlanReport, TeamReport } from "../../offline/plan/plan";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = path.join("stacks", "example.yaml");

async function plan(file: string, flag: string): Promise<{ code: number; stdout: string }> {
    let stdout = "";
    const code = await main([file, flag, "--now", "2026-11-27", "--workers", "0"], {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        clock: () => {
            throw new Error("the test passes --now; the clock must not be read");
        },
        cwd: ROOT,
    });
    return { code, stdout };
}

async function brief(file: string): Promise<{ code: number; lines: string[] }> {
    const { code, stdout } = await plan(file, "--brief");
    return { code, lines: stdout.trimEnd().split("\n") };
}

const planJson = async (file: string): Promise<PlanReport> =>
    JSON.parse((await plan(file, "--json")).stdout) as PlanReport;

interface RosterFile {
    event: Record<string, unknown>;
    teams: { name: string; members: Record<string, unknown>[] }[];
}

/** The example roster's event with `count` teams of 3 to 5 members, edited, in a temporary file. */
function rosterOf(count: number, edit: (roster: RosterFile) => void = () => undefined): string {
    const roster = parse(readFileSync(path.join(ROOT, EXAMPLE), "utf8")) as RosterFile;
    roster.teams = Array.from({ length: count }, (_, t) => {
        const id = String(t + 1).padStart(2, "0");
        return {
            name: `team${id}`,
            members: Array.from({ length: 3 + (t % 3) }, (_, m) => ({
                github: `t${id}-member${m}`,
                userPrincipalName: `t${id}.m${m}@contoso.onmicrosoft.com`,
            })),
        };
    });
    edit(roster);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-brief-")), "roster.yaml");
    writeFileSync(file, stringify(roster));
    return file;
}

const PROVIDER_TOKENS = /azure-native:|azuread:|github:|pulumi:|random:|openhack:/;

describe("the example roster's brief plan", () => {
    let lines: string[];
    beforeAll(async () => {
        const run = await brief(EXAMPLE);
        expect(run.code).toBe(0);
        lines = run.lines;
    }, 120_000);

    test("fits one screen: at most 40 lines of at most 100 columns", () => {
        expect(lines.length).toBeLessThanOrEqual(40);
        expect(lines.filter((l) => l.length > 100)).toEqual([]);
    });

    test("names resource kinds as an organizer does, never by provider type token", () => {
        expect(lines.filter((l) => PROVIDER_TOKENS.test(l))).toEqual([]);
        const text = lines.join("\n");
        for (const kind of ["ML workspace", "Key vault", "Compute cluster", "Repository"])
            expect(text).toContain(kind);
    });

    test("says the longest paths once for the three teams, which are alike", () => {
        expect(lines.filter((l) => l.includes("longest path"))).toHaveLength(2);
        expect(lines).toContain("-- 3 teams alike: aurora, borealis, cirrus");
        expect(lines.join("\n")).not.toMatch(/aurora-rg|borealis-ml|cirrus-compute/);
    });

    test("explains --parallel N xM on the line that uses it", () => {
        const used = lines.filter((l) => /\d+ x\d+ \d/.test(l));
        expect(used.length).toBeGreaterThan(0);
        expect(used[0]).toContain("--parallel N xM, N teams at once on each of M machines");
    });

    test("keeps what an organizer decides on: quota, cost, problems and the result", () => {
        const text = lines.join("\n");
        expect(text).toContain("provider default, japaneast: Standard DSv2 Family 12");
        expect(text).toMatch(/Cost: an ESTIMATE in USD/);
        expect(text).toContain("== Problems: none");
        expect(lines[lines.length - 1]).toMatch(/^Result: 0 errors, 0 warnings \(exit code 0\)/);
    });

    test("states the guarantee with its limit: serverless jobs are not capped", () => {
        const fair = lines.findIndex((l) => l.includes("Fair share: worst case any team can draw"));
        expect(fair).toBeGreaterThan(-1);
        expect(lines.slice(fair).join("\n")).toMatch(/Not capped: serverless jobs/);
    });
});

test("40 alike teams take hardly more lines than 3, none wider than 100 columns", async () => {
    // The example's three real team reports, copied to 40 teams (renamed), rendered: the layout is
    // what grows with teams (a real 40-team plan takes a minute of CPU here: measured by hand, 42
    // lines, in NOTES.md).
    const report = await planJson(EXAMPLE);
    const source = report.sources[0];
    const teams = Array.from({ length: 40 }, (_, t) => {
        const model = source.teams[t % source.teams.length];
        const name = `team${String(t + 1).padStart(2, "0")}`;
        return JSON.parse(JSON.stringify(model).split(model.name).join(name)) as TeamReport;
    });
    const lines = renderBrief({
        ...report,
        sources: [{ ...source, declaredTeams: 40, teams }],
        totals: { ...report.totals, teams: 40 },
    })
        .trimEnd()
        .split("\n");
    expect(lines.length).toBeLessThanOrEqual(45);
    expect(lines.filter((l) => l.length > 100)).toEqual([]);
    expect(lines.filter((l) => PROVIDER_TOKENS.test(l))).toEqual([]);
    const groups = lines.filter((l) => l.startsWith("-- "));
    expect(groups).toHaveLength(1);
    const header = lines.slice(lines.indexOf(groups[0]), lines.indexOf(groups[0]) + 2).join(" ");
    expect(header).toMatch(/^-- 40 teams alike: team01, team02, .* team20 and 20 more$/);
});

test("a team that gets other kinds of resources is a group of its own", async () => {
    // team02's first member is a guest: the team gets a guest invitation, the others do not.
    const file = rosterOf(4, (roster) => {
        roster.teams[1].members[0] = { github: "guest-gh", email: "guest@fabrikam.com" };
    });
    const { lines } = await brief(file);
    expect(lines.filter((l) => l.startsWith("-- "))).toEqual([
        "-- 3 teams alike: team01, team03, team04",
        expect.stringMatching(
            /^-- Team team02: \d+ resources, \d+ GitHub writes, 1 guest invitation$/,
        ),
    ]);
}, 120_000);

test("a resource type without a readable name still reads as words, not as its token", () => {
    expect(kindOf({ type: "azure-native:keyvault:Vault", name: "x-ml-vault" })).toBe("Key vault");
    expect(
        kindOf({ type: "azure-native:machinelearningservices:Compute", name: "t-compute-cluster" }),
    ).toBe("Compute cluster");
    expect(kindOf({ type: "azure-native:network:PrivateEndpointConnection", name: "x" })).toBe(
        "Private endpoint connection",
    );
});
