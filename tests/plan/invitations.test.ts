/**
 * The offline plan counts guest invitations (members given by e-mail) per team and warns once per
 * event about what inviting means, through the plan's own command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../../offline/plan/cli";
import type { PlanReport } from "../../offline/plan/plan";

const ROOT = path.join(__dirname, "..", "..");

interface RosterFile {
    event: Record<string, unknown>;
    teams: { name: string; members: Record<string, unknown>[] }[];
}

/** The plan fixture roster with team01's alice and team02's erin given by e-mail. */
function rosterWithGuests(invitation: Record<string, unknown>): string {
    const roster = parse(
        readFileSync(path.join(ROOT, "tests", "fixtures", "plan", "roster.yaml"), "utf8"),
    ) as RosterFile;
    roster.event.invitation = invitation;
    roster.teams[0].members[0] = { github: "alice-gh", email: "alice@fabrikam.com" };
    roster.teams[1].members[1] = { github: "erin-gh", email: "erin@tailspin.example" };
    roster.teams[1].members.push({ github: "finn-gh", email: "finn@tailspin.example" });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-guests-")), "roster.yaml");
    writeFileSync(file, stringify(roster));
    return file;
}

async function plan(...argv: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = "";
    const code = await main([...argv, "--now", "2026-11-27", "--workers", "0"], {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        clock: () => {
            throw new Error("the test passes --now");
        },
        cwd: ROOT,
    });
    return { code, stdout };
}

test("each team line counts its invitations, the totals count them, one warning says what they need", async () => {
    const file = rosterWithGuests({ sendMessage: true, language: "ja-JP" });
    const text = await plan(file);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/-- Team team01: .*, \d+ resources, 1 guest invitation\n/);
    expect(text.stdout).toMatch(/-- Team team02: .*, \d+ resources, 2 guest invitations\n/);
    // The brief view groups the two alike teams and gives their counts as a range.
    const brief = await plan(file, "--brief");
    expect(brief.stdout).toContain("-- 2 teams alike: team01, team02\n");
    expect(brief.stdout).toMatch(/ each: .*, 1 to 2 guest invitations\n/);
    const report = JSON.parse((await plan(file, "--json")).stdout) as PlanReport;
    expect(
        report.totals.byType.find((t) => t.type === "azuread:index/invitation:Invitation")?.count,
    ).toBe(3);
    const warnings = report.problems.filter((p) => p.path === "event.invitation");
    expect(warnings.map((w) => w.message)).toEqual([
        "event.invitation: 3 members will be invited as B2B guests by e-mail (team01 1, team02 2); " +
            "Entra e-mails each one an invitation in ja-JP. The deployer needs the Guest Inviter role " +
            "(or User.Invite.All), and the tenant's External collaboration settings must allow it to " +
            "invite guests. Teardown deletes these guests, which needs User Administrator (or " +
            "User.ReadWrite.All) as well: Guest Inviter can invite but not delete",
    ]);
});

test("with the message off, the warning says no e-mail is sent", async () => {
    const file = rosterWithGuests({ sendMessage: false });
    const report = JSON.parse((await plan(file, "--json")).stdout) as PlanReport;
    const warning = report.problems.find((p) => p.path === "event.invitation");
    expect(warning?.message).toContain(
        "Entra sends no e-mail (invitation.sendMessage is false): hand out the redeem links",
    );
});

test("a roster without e-mail members has no invitation warning or count", async () => {
    const text = await plan(path.join("tests", "fixtures", "plan", "roster.yaml"), "--brief");
    expect(text.stdout).not.toContain("guest invitation");
    expect(text.stdout).not.toContain("event.invitation");
});
