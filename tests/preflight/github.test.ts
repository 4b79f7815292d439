/** GitHub checks through the real Octokit (throttling + retry), answered by nock with GitHub's examples. */
import nock from "nock";
import { githubClient } from "../../event/cloud/clients";
import { githubChecks, rosterPlanOf } from "../../event/preflight/github";
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";
import { body, expired, fixture, GITHUB, patient, useNock } from "./helpers";

useNock();

function roster(plan: EventConfig["github"]["plan"]): { event: EventConfig; team: TeamConfig } {
    return validateTeamStack(
        sampleEvent({
            github: {
                owner: "contoso-hack",
                visibility: "private",
                template: "",
                reviewers: ["kenji-coach"],
                extras: { oidcSecrets: false, variables: false, environment: true },
                plan,
            },
        }),
        sampleTeam(1),
        { now: NOW },
    );
}

const notices: string[] = [];
const octokit = () =>
    githubClient({ token: "fake-github-token", onNotice: (t) => notices.push(t) });
const gh = () => nock(GITHUB);

function token(scopes: string | undefined, status = 200) {
    const f = fixture("github-authenticated-user");
    return gh()
        .get("/user")
        .reply(
            status,
            status === 200 ? (f.body as object) : body("github-not-found"),
            scopes === undefined ? {} : { "X-OAuth-Scopes": scopes },
        );
}
const org = (name: string, seats: number, filled: number) =>
    gh()
        .get("/orgs/contoso-hack")
        .reply(
            200,
            body<{ login: string; plan: Record<string, unknown> }>("github-org", (o) => {
                o.login = "contoso-hack";
                o.plan.name = name;
                o.plan.seats = seats;
                o.plan.filled_seats = filled;
            }),
        );
const user = (login: string) =>
    gh()
        .get(`/users/${login}`)
        .reply(
            200,
            body<Record<string, unknown>>("github-user", (u) => {
                u.login = login;
            }),
        );
const membership = (login: string, member: boolean) =>
    gh()
        .get(`/orgs/contoso-hack/members/${login}`)
        .reply(member ? 204 : 404, member ? undefined : body("github-not-found"));
const repo = (description: string | undefined) =>
    gh()
        .get("/repos/contoso-hack/oh4mltest-team01")
        .reply(
            description === undefined ? 404 : 200,
            description === undefined
                ? body("github-not-found")
                : body<Record<string, unknown>>("github-repo", (r) => {
                      r.name = "oh4mltest-team01";
                      r.full_name = "contoso-hack/oh4mltest-team01";
                      r.private = true;
                      r.description = description;
                  }),
        );

test.each([
    ["free", "free"],
    ["pro", "pro"],
    ["team", "team"],
    ["business", "team"],
    ["enterprise", "enterprise"],
    ["Medium", undefined],
])("GitHub's plan %s is the roster's %s", (name, plan) => {
    expect(rosterPlanOf(name)).toBe(plan);
});

test("ready: scopes, plan, seats for the one outside reviewer, logins, free repository name", async () => {
    const { event, team } = roster("enterprise");
    token("repo, user, admin:org");
    org("enterprise", 5, 4);
    membership("member0", true);
    membership("kenji-coach", false);
    user("member0");
    user("kenji-coach");
    repo(undefined);
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.map((c) => [c.id, c.status, c.value])).toEqual([
        ["github.token", "pass", "scopes: repo, user, admin:org"],
        ["github.issues", "pass", "scope repo (issues included)"],
        ["github.plan", "pass", "enterprise (roster: enterprise)"],
        ["github.login", "pass", "User 1"],
        ["github.login", "pass", "User 1"],
        ["github.repository", "pass", "name is free"],
        [
            "github.seats",
            "pass",
            "1 free (4 of 5 filled); the event adds 1 outside collaborator(s) to private repositories",
        ],
    ]);
});

test("not ready: missing scope, plan below the roster's, name taken, no seat left", async () => {
    const { event, team } = roster("enterprise");
    token("read:org");
    org("team", 5, 5);
    membership("member0", false);
    membership("kenji-coach", false);
    user("member0");
    user("kenji-coach");
    repo("Someone else's project");
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
        ["github.token", "fail"],
        ["github.issues", "fail"],
        ["github.plan", "fail"],
        ["github.login", "pass"],
        ["github.login", "pass"],
        ["github.repository", "fail"],
        ["github.seats", "fail"],
    ]);
    expect(checks[0].value).toBe("scopes: read:org; missing repo");
    // requests reads, comments on and closes issues: a classic token answers with certainty.
    expect(checks[1].value).toBe(
        "scopes: read:org; no repo, the scope that covers issues: requests reads the teams' teardown requests, comments on them and closes them",
    );
    expect(checks[6].value).toBe(
        "0 free (5 of 5 filled); the event adds 2 outside collaborator(s) to private repositories",
    );
    expect(checks[6].remedy).toContain("buy 2 seat(s)");
});

test("this event's own repository and a plan above the roster's are warnings; an unknown plan name is unknown", async () => {
    const { event, team } = roster("free");
    token("repo");
    org("team", 5, 1);
    membership("member0", true);
    user("member0");
    user("kenji-coach");
    repo("OpenHack for MLOps oh4mltest: team team01");
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(checks.find((c) => c.id === "github.plan")).toMatchObject({ status: "warn" });
    expect(checks.find((c) => c.id === "github.repository")).toMatchObject({ status: "warn" });

    token("repo");
    org("Medium", 5, 1);
    membership("member0", true);
    user("member0");
    user("kenji-coach");
    repo(undefined);
    const medium = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(medium.find((c) => c.id === "github.plan")).toMatchObject({ status: "unknown" });
});

test("a fine-grained token (no scopes header) is unknown, its Issues permission a manual check; a refused token fails", async () => {
    const { event, team } = roster("free");
    token(undefined);
    gh().get("/orgs/contoso-hack").reply(404, body("github-not-found"));
    gh().get("/users/contoso-hack").reply(404, body("github-not-found"));
    user("member0");
    user("kenji-coach");
    repo(undefined);
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(checks[0]).toMatchObject({ id: "github.token", status: "unknown" });
    // Nothing lists a fine-grained token's permissions, and nothing is written to find out:
    // a WARN naming the exact setting, never a PASS.
    expect(checks[1]).toMatchObject({ id: "github.issues", status: "warn" });
    expect(checks[1].value).toMatch(/^manual check: /);
    expect(checks[1].remedy).toContain(
        "Repository permissions -> Issues: Read and write, on all repositories of contoso-hack",
    );
    expect(checks[2]).toMatchObject({
        id: "github.owner",
        status: "fail",
        value: "no such user or organization",
    });

    token("repo", 401);
    gh().get("/orgs/contoso-hack").reply(401, body("github-not-found"));
    gh().get("/users/member0").reply(401, body("github-not-found"));
    gh().get("/users/kenji-coach").reply(401, body("github-not-found"));
    gh().get("/repos/contoso-hack/oh4mltest-team01").reply(401, body("github-not-found"));
    const refused = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(refused[0]).toMatchObject({ id: "github.token", status: "fail" });
    // The token line says it; no Issues line can be judged without a token.
    expect(refused.some((c) => c.id === "github.issues")).toBe(false);
    expect(refused[0].value).toMatch(/^the credential was refused \(401: /);
});

test("a login that does not exist fails; a secondary rate limit is waited out as GitHub asks", async () => {
    const { event, team } = roster("free");
    token("repo");
    org("free", 0, 0);
    const limited = fixture("github-secondary-rate-limit");
    gh().get("/users/member0").reply(403, limited.body, limited.headers);
    user("member0");
    gh().get("/users/kenji-coach").reply(404, body("github-not-found"));
    repo(undefined);
    notices.length = 0;
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    expect(notices).toEqual([
        "GitHub secondary rate limit on GET /users/{username}: waiting 1s (retry 1 of 2)",
    ]);
    expect(checks.filter((c) => c.id === "github.login").map((c) => [c.subject, c.status])).toEqual(
        [
            ["login member0 (team team01)", "pass"],
            ["login kenji-coach (reviewer)", "fail"],
        ],
    );
});

test("no answer in time: unknown with the reason", async () => {
    const { event, team } = roster("free");
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: expired });
    expect(checks[0]).toMatchObject({ status: "unknown", value: "no answer within 30s" });
    expect(new Set(checks.map((c) => c.status))).toEqual(new Set(["unknown"]));
});

test("a user owner's plan is read from the owner's own token (GitHub shows it to that user only)", async () => {
    const valid = roster("pro");
    const event: EventConfig = {
        ...valid.event,
        github: { ...valid.event.github, owner: "octocat", reviewers: [] },
    };
    const f = fixture("github-authenticated-user");
    gh()
        .get("/user")
        .reply(
            200,
            body<{ plan: { name: string } }>("github-authenticated-user", (u) => {
                u.plan.name = "pro";
            }),
            f.headers,
        );
    gh().get("/orgs/octocat").reply(404, body("github-not-found"));
    user("octocat");
    user("member0");
    gh().get("/repos/octocat/oh4mltest-team01").reply(404, body("github-not-found"));
    const checks = await githubChecks(event, [valid.team], { octokit: octokit(), ask: patient });
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.find((c) => c.id === "github.plan")).toMatchObject({
        status: "pass",
        subject: "owner octocat (User)",
        value: "pro (roster: pro)",
    });
    expect(checks.map((c) => c.id)).not.toContain("github.owner");
});

test("an organization owner's classic token without admin:org warns: the Actions policy and billing lines need it", async () => {
    // @octokit/openapi-types, GET /orgs/{org}/actions/permissions: classic tokens "need the `admin:org` scope".
    const { event, team } = roster("free");
    token("repo, user");
    org("free", 5, 1);
    membership("member0", true);
    user("member0");
    user("kenji-coach");
    repo(undefined);
    const checks = await githubChecks(event, [team], { octokit: octokit(), ask: patient });
    const t = checks.find((c) => c.id === "github.token");
    expect(t?.status).toBe("warn");
    expect(t?.value).toBe(
        "scopes: repo, user; missing admin:org: preflight cannot read (or --fix) the organization's Actions policy nor read its billing usage",
    );
});
