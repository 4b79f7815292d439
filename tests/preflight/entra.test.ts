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
/**
 * Active owned objects, and deleted owned applications (with their service principals). With
 * `endless`, every page of deleted service principals names a next page (a tenant with very many).
 */
const owned = (count: number, deletedApps = 0, endless = false) => {
    graph()
        .get("/v1.0/me/ownedObjects/$count")
        .reply(200, String(count), { "Content-Type": "text/plain" });
    const apps = Array.from({ length: deletedApps }, (_, i) => ({
        "@odata.type": "#microsoft.graph.application",
        id: `bfa7033a-7367-4644-85f5-95aaf385cb${String(i).padStart(2, "0")}`,
        appId: `00000000-0000-0000-0000-0000000000${String(i).padStart(2, "0")}`,
    }));
    graph()
        .post("/v1.0/directory/deletedItems/getUserOwnedObjects", {
            userId: "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            type: "Application",
        })
        .reply(
            200,
            body<{ value: unknown[] }>("graph-deleted-owned-applications", (b) => (b.value = apps)),
        );
    if (deletedApps > 0)
        graph()
            .get("/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal")
            .query(true)
            .times(endless ? 20 : 1)
            .reply(
                200,
                body<{ value: { appId: string }[] }>("graph-deleted-service-principals", (b) => {
                    // Each deleted application's service principal, and one of someone else's.
                    b.value = [
                        ...apps.map((a, i) => ({ ...b.value[0], id: `sp-${i}`, appId: a.appId })),
                        b.value[1],
                    ];
                    if (endless)
                        Object.assign(b, {
                            "@odata.nextLink":
                                "https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal?$select=id,appId&$top=999&$skiptoken=next",
                        });
                }),
            );
};
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
            "owns 12 + 0 deleted application(s) + 0 deleted service principal(s) = 12 of 250, room for 238; the event creates 2 (2 per team: application + service principal)",
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
        "owns 249 + 0 deleted application(s) + 0 deleted service principal(s) = 249 of 250, room for 1; the event creates 2 (2 per team: application + service principal)",
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

test("deleted applications and service principals the deployer owns count toward the 250 (they stay 30 days)", async () => {
    me();
    policy(true);
    // 246 active + 2 deleted applications + their 2 deleted service principals = 250: no room.
    owned(246, 2);
    guestUser(200);
    const checks = await entraChecks({ ...event, coachesGroupObjectId: "" }, [team], options());
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks[1]).toMatchObject({
        id: "entra.owned-objects",
        status: "fail",
        value: "owns 246 + 2 deleted application(s) + 2 deleted service principal(s) = 250 of 250, room for 0; the event creates 2 (2 per team: application + service principal)",
        remedy: expect.stringContaining("Deleted applications"),
    });
});

test("deleted service principals beyond the pages read: UNKNOWN (incomplete), not a count from part of the list", async () => {
    me();
    policy(true);
    owned(3, 1, true);
    guestUser(200);
    const checks = await entraChecks({ ...event, coachesGroupObjectId: "" }, [team], options());
    expect(nock.pendingMocks()).toEqual([]);
    expect(checks[1]).toMatchObject({
        id: "entra.owned-objects",
        status: "unknown",
        value: "owns 3; the deleted applications and service principals you own (they count for 30 days) could not be read: the tenant's deleted service principals fill more than 20 pages of 999; the count would be incomplete",
    });
});

describe("members listed by e-mail (invited by up, deleted by teardown)", () => {
    const invitee: MemberConfig = { github: "ana-ext", email: "ana@fabrikam.com" };
    const colleague: MemberConfig = { github: "ken-int", email: "ken@contoso.com" };
    const teamOf = (...members: MemberConfig[]): TeamConfig => ({ ...team, members });
    const rights = (allowInvitesFrom: string, roles: unknown[]) => {
        graph()
            .get("/v1.0/policies/authorizationPolicy")
            .query({ $select: "allowInvitesFrom" })
            .reply(
                200,
                body<Record<string, unknown>>("graph-authorization-policy", (p) => {
                    p.allowInvitesFrom = allowInvitesFrom;
                }),
            );
        graph()
            .get("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole")
            .query(true)
            .reply(
                200,
                body<{ value: unknown[] }>("graph-directory-roles", (r) => (r.value = roles)),
            );
    };
    /** GET /domains: the reference example's shape, contoso.com verified. */
    const domains = () =>
        graph()
            .get("/v1.0/domains")
            .query(true)
            .reply(200, {
                value: [
                    { id: "contoso.com", isVerified: true, isDefault: true },
                    { id: "contoso.onmicrosoft.com", isVerified: true, isDefault: false },
                ],
            });
    const lookup = (email: string, users: unknown[]) =>
        graph()
            .get("/v1.0/users")
            .query({
                $filter: `mail eq '${email}' or userPrincipalName eq '${email}'`,
                $select: "id,userPrincipalName,userType,mail",
            })
            .reply(200, { value: users });
    const USER_ADMIN = {
        displayName: "User Administrator",
        roleTemplateId: "fb1c8493-542b-48eb-b624-b4c8fea62acd",
    };

    test("a new guest is 'invited by up', not UNKNOWN; a user administrator may invite and delete", async () => {
        me();
        policy(true);
        owned(3);
        rights("everyone", [USER_ADMIN]);
        domains();
        lookup("ana@fabrikam.com", []);
        const checks = await entraChecks(
            { ...event, coachesGroupObjectId: "" },
            [teamOf(invitee)],
            options(),
        );
        expect(nock.pendingMocks()).toEqual([]);
        expect(checks.slice(2).map((c) => [c.id, c.status, c.value])).toEqual([
            [
                "entra.guest-delete",
                "pass",
                "directory role User Administrator may delete the 1 invited guest(s) at teardown",
            ],
            [
                "entra.guest-invite",
                "pass",
                "the tenant's allowInvitesFrom is everyone; you hold User Administrator",
            ],
            ["entra.member", "pass", "invited by up (B2B guest invitation by e-mail)"],
        ]);
    });

    test("Privileged Authentication Administrator may delete users (Graph 'Delete a user'), not invite under adminsAndGuestInviters", async () => {
        me();
        policy(true);
        owned(3);
        rights("adminsAndGuestInviters", [
            {
                displayName: "Privileged Authentication Administrator",
                roleTemplateId: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
            },
        ]);
        domains();
        lookup("ana@fabrikam.com", []);
        const checks = await entraChecks(
            { ...event, coachesGroupObjectId: "" },
            [teamOf(invitee)],
            options(),
        );
        expect(checks.slice(2, 4).map((c) => [c.id, c.status, c.value])).toEqual([
            [
                "entra.guest-delete",
                "pass",
                "directory role Privileged Authentication Administrator may delete the 1 invited guest(s) at teardown",
            ],
            [
                "entra.guest-invite",
                "fail",
                "the tenant's allowInvitesFrom is adminsAndGuestInviters: you may not invite the 1 guest(s)",
            ],
        ]);
    });

    test("without a role that may delete users, and with invitations for admins and guest inviters only: FAIL with the fix", async () => {
        me();
        policy(true);
        owned(3);
        rights("adminsAndGuestInviters", []);
        domains();
        lookup("ana@fabrikam.com", []);
        const checks = await entraChecks(
            { ...event, coachesGroupObjectId: "" },
            [teamOf(invitee)],
            options(),
        );
        expect(checks.slice(2, 4)).toEqual([
            expect.objectContaining({
                id: "entra.guest-delete",
                status: "fail",
                remedy: expect.stringMatching(
                    /^if you are eligible for "User Administrator" in Privileged Identity Management, activate it/,
                ),
            }),
            expect.objectContaining({
                id: "entra.guest-invite",
                status: "fail",
                value: "the tenant's allowInvitesFrom is adminsAndGuestInviters: you may not invite the 1 guest(s)",
                remedy: expect.stringContaining('"Guest Inviter"'),
            }),
        ]);
    });

    test("a person already in the tenant, or of its verified domain, is a FAIL with the UPN to use instead", async () => {
        me();
        policy(true);
        owned(3);
        rights("everyone", [USER_ADMIN]);
        domains();
        lookup("ana@fabrikam.com", [
            {
                id: "1",
                userPrincipalName: "ana@fabrikam.onmicrosoft.com",
                userType: "Member",
                mail: "ana@fabrikam.com",
            },
        ]);
        lookup("ken@contoso.com", []);
        const checks = await entraChecks(
            { ...event, coachesGroupObjectId: "" },
            [teamOf(invitee, colleague)],
            options(),
        );
        const members = checks.filter((c) => c.id === "entra.member");
        expect(members.map((c) => [c.status, c.value, c.remedy])).toEqual([
            [
                "fail",
                "already in the tenant as ana@fabrikam.onmicrosoft.com (Member): listed by e-mail, up would invite (and teardown delete) that user",
                'in the roster, replace "email: ana@fabrikam.com" by "userPrincipalName: ana@fabrikam.onmicrosoft.com"',
            ],
            [
                "fail",
                "contoso.com is one of the tenant's verified domains: a person of the tenant is listed by userPrincipalName, not invited by e-mail",
                expect.stringContaining('replace "email: ken@contoso.com"'),
            ],
        ]);
    });
});
