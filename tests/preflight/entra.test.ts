/** Entra ID checks through the real Graph client, answered by nock with Graph reference examples. */
import nock from "nock";
import { graphClient } from "../../event/cloud/clients";
import { entraChecks, memberPath, type EntraCheckOptions } from "../../event/preflight/entra";
import type { EventConfig, MemberConfig, TeamConfig } from "../../stacks/schema";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";
import { body, expired, FakeCredential, GRAPH, patient, useNock } from "./helpers";

useNock();

const valid = validateTeamStack(sampleEvent(), sampleTeam(1), { now: NOW });
const event: EventConfig = {
    ...valid.event,
    coachesGroupObjectId: "02bd9fd6-8f93-4758-87c3-1fb73740a315",
};
const guest: MemberConfig = {
    github: "guest-ghost",
    userPrincipalName: "ana_fabrikam.com#EXT#@contoso.onmicrosoft.com",
};
const team: TeamConfig = { ...valid.team, name: "aurora", members: [guest] };

const options = (ask = patient): EntraCheckOptions => ({
    graph: graphClient(new FakeCredential()),
    ask,
});

const graph = () => nock(GRAPH);
const me = () => graph().get("/v1.0/me").query(true).reply(200, body("graph-user"));
const policy = (allowed: boolean) =>
    graph()
        .get("/v1.0/policies/authorizationPolicy")
        .reply(
            200,
            body<{ defaultUserRolePermissions: { allowedToCreateApps: boolean } }>(
                "graph-authorization-policy",
                (p) => {
                    p.defaultUserRolePermissions.allowedToCreateApps = allowed;
                },
            ),
        );
const owned = (count: number) =>
    graph()
        .get("/v1.0/me/ownedObjects/$count")
        .reply(200, String(count), { "Content-Type": "text/plain" });
const group = (status: number) =>
    graph()
        .get("/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315")
        .query(true)
        .reply(status, status === 200 ? body("graph-group") : body("graph-error-404"));
const guestUser = (status: number) =>
    graph()
        // `#` must be sent as %23 (else it starts a URL fragment and Graph sees a different UPN), `@` as %40.
        .get("/v1.0/users/ana_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com")
        .query({ $select: "id,userPrincipalName,userType" })
        .reply(
            status,
            status === 200
                ? body<Record<string, unknown>>("graph-user", (u) => {
                      u.userPrincipalName = guest.userPrincipalName;
                      u.userType = "Guest";
                  })
                : body("graph-error-404"),
        );

test("a guest UPN is URL-encoded in the path", () => {
    expect(memberPath(guest)).toBe(
        "/users/ana_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com?$select=id,userPrincipalName,userType",
    );
});

test("tenant lets users create apps, room for the objects, guest resolves, group exists", async () => {
    me();
    policy(true);
    owned(12);
    group(200);
    guestUser(200);
    const checks = await entraChecks(event, [team], options());
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks.map((c) => [c.id, c.status, c.value])).toEqual([
        [
            "entra.create-apps",
            "pass",
            "the tenant lets every user register applications (authorizationPolicy allowedToCreateApps: true)",
        ],
        [
            "entra.owned-objects",
            "pass",
            "owns 12 of 250, room for 238; the event creates 2 (2 per team: application + service principal)",
        ],
        ["entra.coaches-group", "pass", 'group "HR Taskforce"'],
        ["entra.member", "pass", "user 87d349ed-44d7-43e1-9a83-5f2406dee5bd (Guest)"],
    ]);
});

test("users may not create apps, but a directory role may", async () => {
    me();
    policy(false);
    graph()
        .get("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole")
        .query(true)
        .reply(200, body("graph-directory-roles"));
    owned(0);
    guestUser(200);
    const checks = await entraChecks({ ...event, coachesGroupObjectId: "" }, [team], options());
    expect(checks[0]).toMatchObject({
        status: "pass",
        value: "directory role Application Administrator",
    });
    expect(checks.map((c) => c.id)).not.toContain("entra.coaches-group");
});

test("no right to create apps, too many owned objects, unknown guest, missing group: fail with remedies", async () => {
    me();
    policy(false);
    graph()
        .get("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole")
        .query(true)
        .reply(
            200,
            body<{ value: unknown[] }>("graph-directory-roles", (r) => (r.value = [])),
        );
    owned(249);
    group(404);
    guestUser(404);
    const checks = await entraChecks(event, [team], options());
    expect(checks.map((c) => [c.id, c.status])).toEqual([
        ["entra.create-apps", "fail"],
        ["entra.owned-objects", "fail"],
        ["entra.coaches-group", "fail"],
        ["entra.member", "fail"],
    ]);
    expect(checks[1].value).toBe(
        "owns 249 of 250, room for 1; the event creates 2 (2 per team: application + service principal)",
    );
    for (const c of checks) expect(c.remedy).not.toBe("");
});

test("403 on the policy and the roles: unknown, never a pass", async () => {
    me();
    const forbidden = {
        error: {
            code: "Authorization_RequestDenied",
            message: "Insufficient privileges to complete the operation.",
        },
    };
    graph().get("/v1.0/policies/authorizationPolicy").reply(403, forbidden);
    graph()
        .get("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole")
        .query(true)
        .reply(403, forbidden);
    owned(3);
    guestUser(200);
    const checks = await entraChecks({ ...event, coachesGroupObjectId: "" }, [team], options());
    expect(checks[0].status).toBe("unknown");
    expect(checks[0].value).toMatch(
        /^permission too narrow to read this \(403: Insufficient privileges/,
    );
});

test("no answer in time: every check unknown", async () => {
    const checks = await entraChecks(event, [team], options(expired));
    expect(checks.map((c) => c.status)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(checks[0].value).toBe("cannot read the signed-in user: no answer within 30s");
});
