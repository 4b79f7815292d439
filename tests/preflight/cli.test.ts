/**
 * `npm run event -- preflight` end to end: the real plan of Pulumi.dev.yaml, the real SDK clients
 * with a fake credential and token, nock answering with the published example bodies.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { preflightMain } from "../../event/commands/preflight";
import type { PreflightReport } from "../../event/preflight/model";
import { answerDevStack, DEV_NAMESPACES, runDevPreflight, runDevPreflightIn } from "./devStack";
import { SUB, VirtualClock, useNock } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");

useNock();

describe("preflight Pulumi.dev.yaml", () => {
    test("one line per check, the failing member named with its remedy, exit 1", async () => {
        answerDevStack();
        const { code, out, err } = await runDevPreflight();
        expect(err).toBe("");
        expect(code).toBe(1);
        const lines = out.split("\n");
        expect(lines[0]).toBe("Preflight of Pulumi.dev.yaml (event oh4mldev)");
        expect(lines).toContain(
            "  FAIL    entra.member  team team01 / hubot (bob@contoso.onmicrosoft.com): no such user in the tenant",
        );
        expect(lines).toContain(
            `  PASS    azure.role-assignment-write  subscription ${SUB}: Microsoft.Authorization/roleAssignments/write allowed`,
        );
        expect(lines).toContain(
            "  PASS    github.plan  owner contoso-hack (Organization): free (roster: free)",
        );
        expect(lines).toContain(
            "  PASS    github.repository  repository contoso-hack/oh4mldev-team01 (team team01): name is free",
        );
        // Challenge 6's namespaces are checked beside the program's own.
        for (const ns of DEV_NAMESPACES)
            expect(out).toContain(
                `  PASS    azure.provider  subscription ${SUB} / ${ns}: Registered`,
            );
        expect(out).toContain("GitHub write budget: ");
        // The Actions policy, minutes and connector lines (event/preflight/actions.ts).
        expect(lines).toContain(
            "  FAIL    github.actions.allowed  owner contoso-hack allowed actions: allowed_actions selected refuses azure/login@v1 (used by Solutions/06_deploy.yml): on the free plan, allowed patterns apply only to public repositories, and the event's are private",
        );
        expect(out).toContain(
            "= 270 Actions minutes (per team per day: 6 deploy runs x 10 min for challenge 6 + 10 training runs x 3 min for challenge 8)",
        );
        expect(out).toContain("the event starts in 2030-06, not this month (2026-11)");
        expect(out).toMatch(/ {2}WARN {4}github\.oauthApps .*\(manual check\)/);
        expect(out).toMatch(
            // 5: bob, the regional quota, and Standard_D2_v2 for instances and cluster (the published
            // virtualMachineSizes example, tests/fixtures/preflight/ml-vm-sizes.json, lists no Dv2 size),
            // and the Actions policy (patterns do not apply to private repositories on Free);
            // 1 warning: the Logic Apps connector's OAuth app, a manual check.
            /\n\d+ pass, 1 warn, 5 fail, 0 unknown: NOT READY: fix every FAIL above \(exit 1\)\n$/,
        );
    });

    test("--json prints the same report as JSON", async () => {
        answerDevStack();
        const { code, out } = await runDevPreflight("--json");
        const report = JSON.parse(out) as PreflightReport;
        expect(code).toBe(1);
        expect(report.summary.exitCode).toBe(1);
        expect(report).toMatchObject({ file: "Pulumi.dev.yaml", event: "oh4mldev", fixed: false });
        expect(report.summary.fail).toBe(report.checks.filter((c) => c.status === "fail").length);
        expect(report.checks.find((c) => c.service === "entra" && c.status === "fail")).toEqual({
            service: "entra",
            id: "entra.member",
            subject: "team team01 / hubot (bob@contoso.onmicrosoft.com)",
            status: "fail",
            value: "no such user in the tenant",
            remedy: expect.stringContaining("Invite external user"),
        });
        expect(report.githubBudget).toMatchObject({ teams: 1, minimumMs: 0 });
    });

    test("within up: the same report without an exit code, which is up's to decide", async () => {
        answerDevStack();
        const alone = await runDevPreflight();
        answerDevStack();
        const withinUp = await runDevPreflightIn(true);
        expect(withinUp.code).toBe(alone.code);
        expect(alone.out).toMatch(/: NOT READY: fix every FAIL above \(exit 1\)\n$/);
        expect(withinUp.out).toBe(alone.out.replace(" (exit 1)\n", "\n"));
        expect(withinUp.out).not.toContain("(exit");
    });

    test("bad arguments and a file with errors exit 2 before any call", async () => {
        let err = "";
        const io = {
            out: () => undefined,
            err: (t: string) => (err += t),
            env: {},
            cwd: ROOT,
            clock: new VirtualClock(),
            now: () => new Date("2026-11-27T00:00:00Z"),
            deadline: () => new AbortController().signal,
            services: () => Promise.reject(new Error("must not be called")),
        };
        expect(await preflightMain(["--frobnicate", "Pulumi.dev.yaml"], io)).toBe(2);
        expect(err).toContain(
            "error: unknown option '--frobnicate'\nRun \"npm run event -- preflight --help\"",
        );
        expect(await preflightMain(["tests/fixtures/preflight/github-org.json"], io)).toBe(2);
        expect(err).toContain("has errors, so what the event needs is not known");
    });
});

test("docs/preflight.md's sample report is the command's real output over the test fixtures (WRITE_PREFLIGHT_SAMPLE=1 rewrites it)", async () => {
    answerDevStack();
    const { out } = await runDevPreflight();
    const block = `$ npm run event -- preflight Pulumi.dev.yaml\n${out}\`\`\``;
    const readmePath = path.join(ROOT, "docs", "preflight.md");
    if (process.env.WRITE_PREFLIGHT_SAMPLE === "1")
        writeFileSync(path.join(ROOT, "preflight-sample.txt"), block);
    expect(readFileSync(readmePath, "utf8")).toContain(block);
});
