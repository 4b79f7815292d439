import {
    adviceProblems,
    budgetProblems,
    collisionProblems,
    materialsProblems,
    nameRuleProblems,
    sharedMemberProblems,
} from "../../offline/plan/warnings";
import type { TeamConfig } from "../../stacks/schema";
import { event, footprint } from "./helpers";

describe("names that break a rule", () => {
    test("valid names give no problem", () => {
        expect(
            nameRuleProblems(
                footprint("team01", {
                    computeInstanceNames: ["ci-alice-abc123"],
                    clusterNames: ["demo-cpucluster1"],
                }),
            ),
        ).toEqual([]);
    });

    test.each([
        ["storageAccount", { storageAccount: "Oh4mlTest_team01" }],
        ["keyVault", { keyVault: "1vault" }],
        ["endpoint", { endpoint: "x".repeat(33) }],
        ["workspace", { workspace: "-bad" }],
    ])("a registered %s that breaks its rule is an error", (kind, names) => {
        const f = footprint("team01");
        const problems = nameRuleProblems({ ...f, names: { ...f.names, ...names } });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ severity: "error", code: "name-rule", team: "team01" });
        expect(problems[0].message).toMatch(new RegExp(`^team team01: ${kind}: `));
    });

    test("compute instance and cluster names are checked too", () => {
        const problems = nameRuleProblems(
            footprint("team01", {
                computeInstanceNames: ["ci-" + "a".repeat(30)],
                clusterNames: ["1cluster"],
            }),
        );
        expect(problems.map((p) => p.message.split(": ")[1])).toEqual([
            "computeInstance",
            "cluster",
        ]);
    });

    test("a name the program did not register is reported, not skipped", () => {
        const f = footprint("team01");
        const problems = nameRuleProblems({ ...f, names: { ...f.names, keyVault: undefined } });
        expect(problems).toEqual([
            expect.objectContaining({
                severity: "error",
                message: expect.stringContaining("registered no keyVault"),
            }),
        ]);
    });
});

describe("names two teams would both claim", () => {
    const label = (f: ReturnType<typeof footprint>, owner = "contoso-hack") => ({
        footprint: f,
        githubOwner: owner,
        label: `ev/${f.team}`,
    });

    test("distinct teams collide nowhere", () => {
        expect(collisionProblems([label(footprint("team01")), label(footprint("team02"))])).toEqual(
            [],
        );
    });

    test("a global name (storage account) collides across events and regions", () => {
        const a = footprint("team01");
        const b = {
            ...footprint("team02", { location: "eastus" }),
            names: { ...footprint("team02").names, storageAccount: a.names.storageAccount },
        };
        const problems = collisionProblems([label(a), label(b)]);
        expect(problems).toEqual([
            expect.objectContaining({
                severity: "error",
                code: "name-collision",
                message: expect.stringContaining("storageAccount name"),
            }),
        ]);
        expect(problems[0].message).toContain("ev/team01, ev/team02");
        expect(problems[0].message).toContain("unique globally");
    });

    test("a regional name (endpoint, compute instance) collides only in the same region", () => {
        const a = footprint("team01", { computeInstanceNames: ["ci-alice-abc123"] });
        const sameRegion = {
            ...footprint("team02", { computeInstanceNames: ["CI-alice-abc123"] }),
            names: { ...footprint("team02").names, endpoint: a.names.endpoint },
        };
        const otherRegion = { ...sameRegion, location: "eastus" };
        expect(collisionProblems([label(a), label(otherRegion)])).toEqual([]);
        const problems = collisionProblems([label(a), label(sameRegion)]);
        expect(problems.map((p) => p.message.split(" ")[0])).toEqual([
            "endpoint",
            "computeInstance",
        ]);
        expect(problems[0].message).toContain("in region japaneast");
    });

    test("a repository collides only under the same GitHub owner, a resource group only in the same subscription", () => {
        const a = footprint("team01");
        const b = {
            ...footprint("team02", { subscription: "11111111-2222-4333-8444-555555555555" }),
            names: {
                ...footprint("team02").names,
                repository: a.names.repository,
                resourceGroup: a.names.resourceGroup,
            },
        };
        expect(collisionProblems([label(a), label(b, "other-org")])).toEqual([]);
        expect(collisionProblems([label(a), label(b)]).map((p) => p.message.split(" ")[0])).toEqual(
            ["repository"],
        );
        expect(
            collisionProblems([label(a), label({ ...b, subscription: "" }, "other-org")]).map(
                (p) => p.message.split(" ")[0],
            ),
        ).toEqual(["resourceGroup"]);
    });
});

describe("advice on a valid config", () => {
    const github = {
        owner: "contoso-hack",
        visibility: "private" as const,
        template: "",
        reviewers: [] as string[],
    };

    test("reviewers on private repositories without Enterprise, and no budget contacts", () => {
        const ev = event({
            github: {
                ...github,
                reviewers: ["coach1"],
                plan: "team",
                extras: { environment: true },
            },
            budget: { amount: 100, contactEmails: [] },
        });
        const problems = adviceProblems(ev, "event");
        expect(problems.map((p) => [p.severity, p.code, p.path])).toEqual([
            ["warning", "config-advice", "event.github.reviewers"],
            ["warning", "config-advice", "event.budget.contactEmails"],
        ]);
    });

    test("a GitHub plan without environments on private repositories", () => {
        const problems = adviceProblems(
            event({ github: { ...github, plan: "free", extras: { environment: true } } }),
            "openhack-mlops:event",
        );
        expect(problems.map((p) => p.path)).toEqual(["openhack-mlops:event.github.plan"]);
        // Without the environment extra nothing is withheld, so nothing is said.
        expect(
            adviceProblems(event({ github: { ...github, plan: "free" } }), "openhack-mlops:event"),
        ).toEqual([]);
    });

    test("none for a private repository on a Team plan with budget contacts", () => {
        expect(adviceProblems(event({ github: { ...github, plan: "team" } }), "event")).toEqual([]);
        expect(materialsProblems(event(), "event")).toEqual([]);
    });

    /** A cluster size other than the materials' and no instances per member. */
    const departingCompute = {
        clusterName: "demo-cpucluster1",
        clusterVmSize: "Standard_DS3_v2",
        clusterMaxNodes: 2,
        instanceVmSize: "Standard_D2_v2",
        instancePerMember: false,
        idleShutdownMinutes: 60,
    };

    test("sizes other than the materials' and no per-member instances are flagged", () => {
        const ev = event({
            compute: departingCompute,
            endpoint: { authMode: "key", instanceType: "Standard_F4s_v2" },
        });
        expect(materialsProblems(ev, "openhack-mlops:event").map((p) => p.path)).toEqual([
            "openhack-mlops:event.compute.clusterVmSize",
            "openhack-mlops:event.compute.instancePerMember",
            "openhack-mlops:event.endpoint.instanceType",
        ]);
    });

    test("with deny, a step of the materials the fair-share policy refuses says so; with audit it does not", () => {
        const departing = {
            compute: departingCompute,
            endpoint: {
                authMode: "key" as const,
                instanceType: "Standard_F4s_v2",
                deploymentNames: ["green"],
            },
        };
        const denied = materialsProblems(event(departing), "event");
        expect(denied.map((p) => p.path)).toEqual([
            "event.compute.clusterVmSize",
            "event.compute.instancePerMember",
            "event.endpoint.instanceType",
            "event.endpoint.deploymentNames",
        ]);
        for (const p of denied)
            expect(p.message).toContain("the fair-share policy REFUSES that step");
        const audited = materialsProblems(
            event({ ...departing, guard: { effect: "audit" } }),
            "event",
        );
        expect(audited).toHaveLength(4);
        for (const p of audited) expect(p.message).not.toContain("REFUSES");
    });

    test("an estimate above the team budget is a warning naming the field", () => {
        expect(budgetProblems(event(), "event", 149.99, "USD")).toEqual([]);
        expect(budgetProblems(event(), "event", 150.01, "USD")).toEqual([
            expect.objectContaining({
                severity: "warning",
                code: "budget",
                path: "event.budget.amount",
            }),
        ]);
    });
});

describe("a person listed in two teams", () => {
    const kim = { github: "kim", userPrincipalName: "kim@contoso.com" };
    const team = (name: string, members: TeamConfig["members"]): TeamConfig => ({
        name,
        subscriptionId: "",
        members,
    });

    const STACK = "openhack-mlops:team.members[]";

    test("is found across the stack files of one event, as one warning for the person", () => {
        const ev = event({ name: "oh4mlex" });
        const problems = sharedMemberProblems([
            { event: ev, membersPath: STACK, teams: [team("alpha", [kim])] },
            { event: ev, membersPath: STACK, teams: [team("beta", [kim])] },
        ]);
        expect(problems.map((p) => [p.severity, p.code, p.path])).toEqual([
            ["warning", "shared-member", STACK],
        ]);
        expect(problems[0].message).toContain(
            'github "kim" and userPrincipalName "kim@contoso.com") is listed in 2 teams (alpha, beta)',
        );
    });

    test("is not a warning across two different events", () => {
        expect(
            sharedMemberProblems([
                {
                    event: event({ name: "oh4mlex" }),
                    membersPath: STACK,
                    teams: [team("alpha", [kim])],
                },
                {
                    event: event({ name: "oh4mlfix" }),
                    membersPath: STACK,
                    teams: [team("alpha", [kim])],
                },
            ]),
        ).toEqual([]);
    });
});
