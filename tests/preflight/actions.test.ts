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

function roster(github: Partial<EventConfig["github"]> = {}): {
    event: EventConfig;
    team: TeamConfig;
} {
    return validateTeamStack(
        sampleEvent({
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

async function run(fix: boolean, github: Partial<EventConfig["github"]> = {}, teamCount = 1) {
    const { event, team } = roster(github);
    const teams = Array.from({ length: teamCount }, (_, i) => ({ ...team, name: `team0${i + 1}` }));
    return actionsChecks(event, teams, { octokit: octokit(), ask: patient, fix, now: TODAY });
}

const row = (c: { id: string; status: string }) => [c.id, c.status];

test("patterns: owner/*, owner/repo@*, an exact tag; owner and repository case-insensitive", () => {
    expect(patternAdmits("azure/*", "azure/login@v1")).toBe(true);
    expect(patternAdmits("Azure/login@*", "azure/login@v1")).toBe(true);
    expect(patternAdmits("azure/login@v1", "azure/login@v1")).toBe(true);
    expect(patternAdmits("azure/login@v2", "azure/login@v1")).toBe(false);
    expect(patternAdmits("azure/log*", "azure/login@v1")).toBe(false);
    expect(patternAdmits("docker/*", "azure/login@v1")).toBe(false);
    // GitHub's example selection admits checkout (GitHub-owned) but not azure/login.
    expect(refusedActions(body("github-selected-actions"))).toEqual(["azure/login@v1"]);
    expect(refusedActions({ patterns_allowed: ["azure/login@*"] })).toEqual([
        "actions/checkout@v3",
    ]);
});

test("GitHub's example policy: SHA pinning fails the materials' tags; selected actions refuse azure/login; no --fix, no write", async () => {
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
    expect(checks[1].value).toBe(
        "allowed_actions selected refuses azure/login@v1 (used by Solutions/06_deploy.yml)",
    );
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
    const checks = await run(true, {}, 3);
    expect(nock.pendingMocks()).toEqual([]);
    expect(sent).toEqual({
        github_owned_allowed: true,
        verified_allowed: false,
        patterns_allowed: ["monalisa/octocat@*", "docker/*", "azure/login@*"],
    });
    const allowed = checks.find((c) => c.id === "github.actions.allowed");
    expect(allowed?.status).toBe("pass");
    expect(allowed?.value).toContain("fixed with 1 write(s)");
    // The minutes estimate counts the three teams.
    expect(checks.find((c) => c.id === "github.actions.minutes")?.value).toContain(
        "3 team(s) x 3 day(s) x 90 min = 810",
    );
});

test("--fix on local_only: allowed_actions to selected, then the two actions: two writes", async () => {
    permissions((p) => {
        p.sha_pinning_required = false;
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
    const checks = await run(true);
    expect(nock.pendingMocks()).toEqual([]);
    expect(bodies).toEqual([
        { enabled_repositories: "all", allowed_actions: "selected" },
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
