import { sharedMembers, sharedMemberWarnings } from "../stacks/sharedMembers";
import type { TeamConfig } from "../stacks/schema";

const person = (github: string, upn = `${github}@contoso.com`) => ({
    github,
    userPrincipalName: upn,
});
const team = (name: string, members: TeamConfig["members"]): TeamConfig => ({
    name,
    subscriptionId: "",
    members,
});

describe("sharedMembers", () => {
    test("finds nobody when every person is in one team", () => {
        const teams = [
            team("alpha", [person("ann"), person("bob")]),
            team("beta", [person("cid"), person("dee")]),
        ];
        expect(sharedMembers(teams)).toEqual([]);
    });

    test("a copied member line is one person, matched by both identifiers, case-insensitively", () => {
        const teams = [
            team("alpha", [person("ann"), person("Coach-Kim", "Kim@contoso.com")]),
            team("beta", [person("bob")]),
            team("gamma", [person("coach-kim", "kim@contoso.com")]),
        ];
        expect(sharedMembers(teams)).toEqual([
            {
                identity: { github: "Coach-Kim", userPrincipalName: "Kim@contoso.com" },
                matchedBy: ["github", "userPrincipalName"],
                teams: ["alpha", "gamma"],
            },
        ]);
    });

    test("the same Entra user under two logins is one person, matched by the UPN only", () => {
        const teams = [
            team("alpha", [person("ann", "ann@contoso.com")]),
            team("beta", [person("ann-alt", "ann@contoso.com")]),
        ];
        expect(sharedMembers(teams).map((s) => [s.matchedBy, s.teams])).toEqual([
            [["userPrincipalName"], ["alpha", "beta"]],
        ]);
    });

    test("a shared object id across three teams is one person in three teams", () => {
        const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        const teams = ["a1", "b2", "c3"].map((name, i) =>
            team(name, [{ github: `p${i}`, objectId: id }]),
        );
        expect(sharedMembers(teams).map((s) => [s.matchedBy, s.teams])).toEqual([
            [["objectId"], ["a1", "b2", "c3"]],
        ]);
    });

    test("a listing that links two people seen so far merges them into one", () => {
        // alpha's kim and beta's k-upn are different people until gamma lists kim with k-upn's UPN.
        const teams = [
            team("alpha", [person("kim", "kim@contoso.com")]),
            team("beta", [person("k-two", "k2@contoso.com")]),
            team("gamma", [person("kim", "k2@contoso.com")]),
        ];
        expect(sharedMembers(teams).map((s) => [s.matchedBy, s.teams])).toEqual([
            [
                ["github", "userPrincipalName"],
                ["alpha", "beta", "gamma"],
            ],
        ]);
    });
});

describe("sharedMemberWarnings", () => {
    const teams = [
        team("alpha", [person("kim")]),
        team("beta", [person("kim", "kim2@contoso.com")]),
    ];

    test("one per person, starting with the path, naming the identifier, the teams and what a listing gets", () => {
        const [warning, ...rest] = sharedMemberWarnings(teams, { instancePerMember: true });
        expect(rest).toEqual([]);
        expect(warning.path).toBe("teams[].members[]");
        expect(warning.message.startsWith("teams[].members[]: ")).toBe(true);
        expect(warning.message).toContain(
            'the same person (github "kim") is listed in 2 teams (alpha, beta)',
        );
        expect(warning.message).toContain("a compute instance billed by the hour");
        expect(warning.message).toContain("event.coachesGroupObjectId");
    });

    test("say nothing of compute instances when members get none", () => {
        const [warning] = sharedMemberWarnings(teams, { instancePerMember: false });
        expect(warning.message).not.toContain("compute instance");
        expect(warning.message).toContain("push access");
    });

    test("use the path they are given (a stack's team config)", () => {
        expect(
            sharedMemberWarnings(teams, {
                path: "openhack-mlops:team.members[]",
                instancePerMember: true,
            }).map((w) => w.path),
        ).toEqual(["openhack-mlops:team.members[]"]);
    });
});
