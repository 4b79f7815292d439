/**
 * The Actions policy, minutes and connector checks through the real Octokit (throttling + retry),
 * answered by nock with GitHub's published examples (tests/fixtures/preflight/github-*.json name
 * their source in github/rest-api-description).
 */
import nock from "nock";
import { githubClient } from "../../event/cloud/clients";
import {
    actionsChecks,
    actionsMinutesUsed,
    firstEventMonth,
    judgeSelection,
    patternAdmits,
    refusedActions,
} from "../../event/preflight/actions";
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";
import { body, GITHUB, patient, useNock } from "./helpers";

useNock();

/** 2026-12-16: three event days left to 2026-12-18 (sampleEvent's endsOn). */
const TODAY = new Date("2026-12-16T09:00:00Z");

function roster(
    github: Partial<EventConfig["github"]> = {},
    dates: { startsOn?: string; endsOn?: string } = {},
): {
    event: EventConfig;
    team: TeamConfig;
} {
    return validateTeamStack(
        sampleEvent({
            ...dates,
            github: {
                owner: "contoso-hack",
                visibility: "private",
                template: "",
                reviewers: [],
                plan: "free",
                ...github,
            },
        }),
        sampleTeam(1),
        { now: NOW },
    );
}

const octokit = () => githubClient({ token: "fake-github-token" });
const gh = () => nock(GITHUB);
const permissions = (edit: (p: Record<string, unknown>) => void) =>
    gh()
        .get("/orgs/contoso-hack/actions/permissions")
        .reply(200, body<Record<string, unknown>>("github-actions-permissions", edit));
const selected = () =>
    gh()
        .get("/orgs/contoso-hack/actions/permissions/selected-actions")
        .reply(200, body("github-selected-actions"));
const usage = (minutes: number) =>
    gh()
        .get("/organizations/contoso-hack/settings/billing/usage")
        .query({ year: "2026", month: "12" })
        .reply(
            200,
            body<{ usageItems: { quantity: number }[] }>("github-billing-usage-report", (r) => {
                r.usageItems[0].quantity = minutes;
            }),
        );

async function run(
    fix: boolean,
    github: Partial<EventConfig["github"]> = {},
    teamCount = 1,
    dates: { startsOn?: string; endsOn?: string } = {},
    now = TODAY,
) {
    const { event, team } = roster(github, dates);
    const teams = Array.from({ length: teamCount }, (_, i) => ({ ...team, name: `team0${i + 1}` }));
    return actionsChecks(event, teams, { octokit: octokit(), ask: patient, fix, now });
}

/** Patterns apply to these repositories (Enterprise plan), so --fix can widen the selection. */
const ENTERPRISE = { plan: "enterprise" } as const;

const row = (c: { id: string; status: string }) => [c.id, c.status];

test("patterns: GitHub's glob over the whole owner/repo@ref (* stops at /, ** does not); owner and repository case-insensitive", () => {
    // github/docs https://github.com/github/docs/blob/main/data/reusables/actions/allow-specific-actions-intro.md: `space-org*/*`, `*/octocat*@*`.
    for (const p of [
        "azure/*",
        "Azure/login@*",
        "azure/login@v1",
        "azure*/*",
        "*/login@*",
        "azure/login@v*",
        "azure/log*",
        "**",
        "*/*",
    ])
        expect([p, patternAdmits(p, "azure/login@v1")]).toEqual([p, true]);
    for (const p of [
        "azure/login@v2",
        "docker/*",
        "azure/login", // no @: nothing in it matches "@v1" (the strict reading, see patternAdmits)
        "*",
        "azure/login@V1", // refs as written
        "azure/*/x",
    ])
        expect([p, patternAdmits(p, "azure/login@v1")]).toEqual([p, false]);
    expect(patternAdmits("*/octocat*@*", "monalisa/octocat-action@v2")).toBe(true);
    expect(patternAdmits("space-org*/*", "space-org-eu/deploy@main")).toBe(true);
    expect(patternAdmits("space-org*/*", "other/deploy@main")).toBe(false);
    // GitHub's example selection admits checkout (GitHub-owned) but not azure/login.
    expect(refusedActions(body("github-selected-actions"))).toEqual(["azure/login@v1"]);
    expect(refusedActions({ patterns_allowed: ["azure/login@*"] })).toEqual([
        "actions/checkout@v3",
    ]);
});

test("blocks: a ! entry is evaluated after the allows and overrides them", () => {
    // GitHub changelog 2025-08-15 ("Prefix an entry with ! to block ... evaluated last").
    expect(
        judgeSelection({
            github_owned_allowed: true,
            patterns_allowed: ["azure/*", "!azure/login@v1"],
        }),
    ).toEqual({ refused: [], blocked: ["azure/login@v1"], patternOnly: [] });
    expect(
        judgeSelection({ github_owned_allowed: true, patterns_allowed: ["!actions/checkout@*"] }),
    ).toEqual({
        refused: ["azure/login@v1"],
        blocked: ["actions/checkout@v3"],
        patternOnly: [],
    });
    // A block of another version blocks nothing the materials use.
    expect(
        judgeSelection({
            github_owned_allowed: true,
            patterns_allowed: ["azure/login@*", "!azure/login@v0"],
        }),
    ).toEqual({ refused: [], blocked: [], patternOnly: [] });
});

test("patterns do not count for private repositories below Enterprise", () => {
    const selection = { github_owned_allowed: true, patterns_allowed: ["azure/login@*"] };
    expect(judgeSelection(selection, false)).toEqual({
        refused: ["azure/login@v1"],
        blocked: [],
        patternOnly: ["azure/login@v1"],
    });
    expect(judgeSelection(selection, true).refused).toEqual([]);
});

test("GitHub's example policy on a Free plan with private repositories: SHA pinning fails the materials' tags; azure/login refused, its pattern would not apply; no --fix, no write", async () => {
    permissions(() => undefined);
    selected();
    usage(100);
    const checks = await run(false);
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.map(row)).toEqual([
        ["github.actions", "fail"],
        ["github.actions.allowed", "fail"],
        ["github.actions.minutes", "pass"],
        ["github.oauthApps", "warn"],
    ]);
    expect(checks[0].value).toContain("pinned to a full commit SHA");
    expect(checks[0].value).toContain("actions/checkout@v3 (Solutions/06_deploy.yml)");
    // Free plan, private repositories: the example's patterns do not apply (patternsApply).
    expect(checks[1].value).toBe(
        "allowed_actions selected refuses azure/login@v1 (used by Solutions/06_deploy.yml): on the free plan, allowed patterns apply only to public repositories, and the event's are private",
    );
    expect(checks[1].remedy).toContain('"Allow all actions" (allowed_actions: all)');
    expect(checks[1].remedy).toContain("event.github.visibility: public");
    expect(checks[1].remedy).toContain("Enterprise");
    expect(checks[2].value).toContain("1 team(s) x 3 day(s) x 90 min = 270 Actions minutes");
    expect(checks[2].value).toContain("2000 per month, 100 used in 2026-12");
    expect(checks[2].value).toContain("1900 left");
    expect(checks[3].value).toContain("(manual check)");
});

test("--fix on a selected policy, three teams: ONE write at the owner's level, keeping what it allowed", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
    });
    selected();
    let sent: unknown;
    gh()
        .put("/orgs/contoso-hack/actions/permissions/selected-actions", (b) => {
            sent = b;
            return true;
        })
        .reply(204);
    usage(100);
    const checks = await run(true, ENTERPRISE, 3);
    expect(nock.pendingMocks()).toEqual([]);
    expect(sent).toEqual({
        github_owned_allowed: true,
        verified_allowed: false,
        patterns_allowed: ["monalisa/octocat@*", "docker/*", "azure/login@*"],
    });
    const allowed = checks.find((c) => c.id === "github.actions.allowed");
    expect(allowed?.status).toBe("pass");
    expect(allowed?.value).toContain("fixed with 1 write(s)");
    expect(allowed?.value).toContain("azure/login@*");
    // The minutes estimate counts the three teams.
    expect(checks.find((c) => c.id === "github.actions.minutes")?.value).toContain(
        "3 team(s) x 3 day(s) x 90 min = 810",
    );
});

test("--fix on local_only: allowed_actions to selected (SHA pinning sent back as it was), then the two actions: two writes", async () => {
    // The example's sha_pinning_required: true stays; the PUT must not drop it (or turn it off).
    permissions((p) => {
        p.allowed_actions = "local_only";
    });
    const bodies: unknown[] = [];
    gh()
        .put("/orgs/contoso-hack/actions/permissions", (b) => {
            bodies.push(b);
            return true;
        })
        .reply(204)
        .put("/orgs/contoso-hack/actions/permissions/selected-actions", (b) => {
            bodies.push(b);
            return true;
        })
        .reply(204);
    usage(0);
    const checks = await run(true, ENTERPRISE);
    expect(nock.pendingMocks()).toEqual([]);
    expect(bodies).toEqual([
        { enabled_repositories: "all", allowed_actions: "selected", sha_pinning_required: true },
        {
            github_owned_allowed: true,
            verified_allowed: false,
            patterns_allowed: ["azure/login@*"],
        },
    ]);
    expect(checks.find((c) => c.id === "github.actions.allowed")?.value).toContain(
        "fixed with 2 write(s)",
    );
});

test("Actions off for every repository fails and --fix leaves it to the owner; all actions allowed passes", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
        p.enabled_repositories = "none";
        p.allowed_actions = "all";
    });
    usage(0);
    const checks = await run(true);
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.map(row)).toEqual([
        ["github.actions", "fail"],
        ["github.actions.allowed", "pass"],
        ["github.actions.minutes", "pass"],
        ["github.oauthApps", "warn"],
    ]);
});

test("minutes: usage that leaves too few warns with the numbers and the choices; 403 on the policy is unknown", async () => {
    gh()
        .get("/orgs/contoso-hack/actions/permissions")
        .reply(403, { message: "Must have admin rights to Repository.", documentation_url: "" });
    usage(1_800);
    const checks = await run(false);
    expect(checks.map(row)).toEqual([
        ["github.actions", "unknown"],
        ["github.actions.minutes", "warn"],
        ["github.oauthApps", "warn"],
    ]);
    expect(checks[0].value).toContain("403");
    expect(checks[0].value).toContain("admin:org");
    expect(checks[1].value).toContain("1800 used in 2026-12");
    expect(checks[1].value).toContain("200 left");
    expect(checks[1].remedy).toContain("make the event's repositories public");
    expect(checks[1].remedy).toContain("spending limit");
});

test("public repositories: no minutes line; a personal account: manual policy line, connector passes", async () => {
    const checks = await run(false, { visibility: "public", ownerType: "user" });
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.map(row)).toEqual([
        ["github.actions", "warn"],
        ["github.oauthApps", "pass"],
    ]);
    expect(checks[0].value).toContain("manual check");
});

test("only Actions minutes count from the usage report", () => {
    expect(
        actionsMinutesUsed([
            { product: "Actions", unitType: "minutes", quantity: 100 },
            { product: "actions", unitType: "Minutes", quantity: 5 },
            { product: "Packages", unitType: "GigabyteHours", quantity: 50 },
            { product: "Actions", unitType: "GigabyteHours", quantity: 7 },
        ]),
    ).toBe(105);
});

test("--fix on a Free plan with private repositories writes nothing: patterns would not apply there", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
    });
    selected();
    const put = gh().put("/orgs/contoso-hack/actions/permissions/selected-actions").reply(204);
    usage(0);
    const checks = await run(true);
    expect(put.isDone()).toBe(false);
    const allowed = checks.find((c) => c.id === "github.actions.allowed");
    expect(allowed?.status).toBe("fail");
    expect(allowed?.value).toContain("--fix changes nothing here");
    expect(allowed?.value).not.toContain("fixed");
});

test("a ! block on azure/login fails with a manual remedy and --fix never removes it", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
    });
    // GitHub's example selection plus an allow and a block (changelog 2025-08-15 syntax).
    gh()
        .get("/orgs/contoso-hack/actions/permissions/selected-actions")
        .reply(
            200,
            body<{ patterns_allowed: string[] }>("github-selected-actions", (s) => {
                s.patterns_allowed.push("azure/*", "!azure/login@v1");
            }),
        );
    const put = gh().put("/orgs/contoso-hack/actions/permissions/selected-actions").reply(204);
    usage(0);
    const checks = await run(true, ENTERPRISE);
    expect(put.isDone()).toBe(false);
    const allowed = checks.find((c) => c.id === "github.actions.allowed");
    expect(allowed?.status).toBe("fail");
    expect(allowed?.value).toBe(
        'allowed_actions selected blocks azure/login@v1 with a "!" entry (used by Solutions/06_deploy.yml); --fix changes nothing here',
    );
    expect(allowed?.remedy).toContain("preflight never removes a block");
});

test("allowed_actions absent (Actions disabled) is not a pass", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
        p.enabled_repositories = "none";
        delete p.allowed_actions;
        delete p.selected_actions_url;
    });
    usage(0);
    const checks = await run(false);
    expect(nock.pendingMocks()).toEqual([]);
    const allowed = checks.find((c) => c.id === "github.actions.allowed");
    expect(allowed?.status).toBe("fail");
    expect(allowed?.value).toContain("GitHub returned no allowed_actions (Actions is disabled)");
});

test("minutes: an event in a later month is compared with the full included minutes, without reading this month's usage", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
        p.allowed_actions = "all";
    });
    const billing = usage(1_999);
    const dates = { startsOn: "2027-01-05", endsOn: "2027-01-07" };
    const checks = await run(false, {}, 1, dates);
    expect(billing.isDone()).toBe(false);
    const minutes = checks.find((c) => c.id === "github.actions.minutes");
    expect(minutes?.status).toBe("pass");
    expect(minutes?.value).toContain(
        "the event starts in 2027-01, not this month (2026-12), so this month's usage is not compared: the estimate is against the full 2000",
    );
    // Too many teams for a Free month still warns, with the choices.
    permissions((p) => {
        p.sha_pinning_required = false;
        p.allowed_actions = "all";
    });
    const many = await run(false, {}, 10, dates);
    const warn = many.find((c) => c.id === "github.actions.minutes");
    expect(warn?.status).toBe("warn");
    expect(warn?.value).toContain("= 2700 Actions minutes");
    expect(warn?.remedy).toContain("spending limit");
});

test("the event's first month: today once it has started, else startsOn's", () => {
    const { event } = roster({}, { startsOn: "2026-12-30", endsOn: "2027-01-02" });
    expect(firstEventMonth(event, new Date("2026-12-16T00:00:00Z"))).toBe("2026-12");
    expect(firstEventMonth(event, new Date("2026-12-31T23:59:00Z"))).toBe("2026-12");
    expect(firstEventMonth(event, new Date("2027-01-01T00:00:00Z"))).toBe("2027-01");
    expect(firstEventMonth(event, new Date("2026-11-30T23:59:00Z"))).toBe("2026-12");
    expect(firstEventMonth(roster().event, new Date("2026-11-30T23:59:00Z"))).toBe("2026-11");
});

test("billing 404: the hint names admin:org and the enhanced billing platform", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
        p.allowed_actions = "all";
    });
    gh()
        .get("/organizations/contoso-hack/settings/billing/usage")
        .query(true)
        .reply(404, body("github-not-found"));
    const checks = await run(false);
    const minutes = checks.find((c) => c.id === "github.actions.minutes");
    expect(minutes?.status).toBe("unknown");
    expect(minutes?.value).toContain("admin:org");
    expect(minutes?.value).toContain("enhanced billing platform");
});
