/**
 * Guests invited by e-mail (issue 20, items 7 and 11): each team's page tells its guests to accept the
 * Entra invitation first, and with `invitation.sendMessage: false` (Entra sends no e-mail) it carries
 * each guest's own redeem link. A link is personal though not secret: only that team's pages show it,
 * never another team's page or the coaches' index.
 *
 * The redeem URL has the shape of Graph's `inviteRedeemUrl` in the "Create invitation" reference
 * (https://learn.microsoft.com/graph/api/invitation-post, response example; ids replaced), which the
 * azuread provider exports as the Invitation's `redeemUrl`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { handoutDocuments } from "../../event/handouts/documents";
import { buildTeamHandout, type TeamHandout } from "../../event/handouts/model";
import { validateRoster } from "../../stacks/validate";
import { GENERATED, recordedOutputs, ROOT, ROSTER_FILE } from "./helpers";

const REDEEM =
    "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d7b9f2c7e-0c6a-4b4e-9a43-3c1e0b8d2f11%26user%3d0d4c1a3e-6f0b-4c8e-8a6d-2b7e9f1c3a55%26ticket%3dabc%26ver%3d2.0";

function rosterWithGuest(sendMessage: boolean) {
    const raw = parse(readFileSync(path.join(ROOT, ROSTER_FILE), "utf8")) as {
        event: Record<string, unknown>;
        teams: { name: string; members: Record<string, unknown>[] }[];
    };
    raw.event.invitation = { sendMessage, language: "ja-JP" };
    const aurora = raw.teams.find((t) => t.name === "aurora");
    if (aurora === undefined) throw new Error("no aurora in the example roster");
    const github = String(aurora.members[0].github);
    aurora.members[0] = { github, email: "guest@fabrikam.example" };
    return { roster: validateRoster(raw), guest: github };
}

function handoutsOf(sendMessage: boolean, redeem?: Record<string, string>) {
    const { roster, guest } = rosterWithGuest(sendMessage);
    const outputs = recordedOutputs();
    const handouts: TeamHandout[] = roster.teams.map((team) => {
        const result = buildTeamHandout({
            event: roster.event,
            location: roster.location,
            team,
            stackName: `${roster.event.name}-${team.name}`,
            outputs: {
                ...outputs.get(team.name),
                ...(team.name === "aurora" && redeem !== undefined
                    ? { invitationRedeemUrls: { value: redeem, secret: false } }
                    : {}),
            },
        });
        if (!result.ok) throw new Error(result.problems.join("; "));
        return result.handout;
    });
    const files = handoutDocuments({
        event: roster.event.name,
        location: roster.location,
        handouts,
        missing: [],
        langs: ["ja", "en"],
        sample: false,
        generated: GENERATED,
    });
    return { files, guest };
}

test("without an e-mail from Entra, the guest's redeem link is on their team's pages only", () => {
    const { guest } = rosterWithGuest(false);
    const { files } = handoutsOf(false, { [guest]: REDEEM });
    const withLink = files
        .filter((f) => f.content.includes("invitations.microsoft.com"))
        .map((f) => f.path);
    expect(withLink.sort()).toEqual([
        "aurora.en.html",
        "aurora.en.md",
        "aurora.ja.html",
        "aurora.ja.md",
    ]);
    const page = files.find((f) => f.path === "aurora.en.md")?.content ?? "";
    expect(page).toContain("## First: accept your Microsoft Entra invitation");
    expect(page).toContain(`| \`${guest}\` | [Accept the invitation](<${REDEEM}>) |`);
    const ja = files.find((f) => f.path === "aurora.ja.md")?.content ?? "";
    expect(ja).toContain("## 最初に: Microsoft Entra の招待を承諾する");
});

test("with Entra's e-mail, the page names the guests and says to accept it first, with no link", () => {
    const { files, guest } = handoutsOf(true);
    const page = files.find((f) => f.path === "aurora.en.md")?.content ?? "";
    expect(page).toContain(
        `\`${guest}\`: you are invited as a guest of the hack's Microsoft Entra tenant`,
    );
    expect(page).not.toContain("login.microsoftonline.com/redeem");
    // Teams without guests say nothing about it.
    const other = files.find((f) => f.path === "borealis.en.md")?.content ?? "";
    expect(other).not.toContain("Microsoft Entra invitation");
});

test("a guest without a redeem link in the outputs is a problem of that team (no page without it)", () => {
    const { roster } = rosterWithGuest(false);
    const team = roster.teams.find((t) => t.name === "aurora");
    if (team === undefined) throw new Error("no aurora");
    const result = buildTeamHandout({
        event: roster.event,
        location: roster.location,
        team,
        stackName: "s",
        outputs: {
            ...recordedOutputs().get("aurora"),
            invitationRedeemUrls: { value: {}, secret: false },
        },
    });
    expect(result.ok ? [] : result.problems).toEqual([
        `output invitationRedeemUrls: has no https:// redeem link for member ${team.members[0].github}`,
    ]);
});
