import { sharedMembers, sharedMemberWarnings } from "../stacks/sharedMembers";
import type { TeamConfig } from "../stacks/schema";

const person = (github: string, upn = `${github}@contoso.onmicrosoft.com`) => ({
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

    test("reports a login listed in two teams, case-insensitively, with both team names", () => {
        const teams = [
            team("alpha", [person("ann"), person("Coach-Kim", "kim@contoso.com")]),
            team("beta", [person("bob")]),
            team("gamma", [person("coach-kim", "kim.other@contoso.com")]),
        ];
        expect(sharedMembers(teams)).toEqual([
            { field: "github", value: "Coach-Kim", teams: ["alpha", "gamma"] },
        ]);
    });

    test("reports the same Entra user under two different logins", () => {
        const teams = [
            team("alpha", [person("ann", "Ann@contoso.com")]),
            team("beta", [person("ann-alt", "ann@contoso.com")]),
        ];
        expect(sharedMembers(teams)).toEqual([
            { field: "userPrincipalName", value: "Ann@contoso.com", teams: ["alpha", "beta"] },
        ]);
    });

    test("reports a shared object id, and a person in three teams once", () => {
        const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        const teams = ["a1", "b2", "c3"].map((name, i) =>
            team(name, [{ github: `p${i}`, objectId: id }]),
        );
        expect(sharedMembers(teams)).toEqual([
            { field: "objectId", value: id, teams: ["a1", "b2", "c3"] },
        ]);
    });
});

describe("sharedMemberWarnings", () => {
    test("start with the field's path and name the value, the teams and what a listing costs", () => {
        const teams = [
            team("alpha", [person("kim")]),
            team("beta", [person("kim", "kim2@contoso.com")]),
        ];
        const [warning, ...rest] = sharedMemberWarnings(teams);
        expect(rest).toEqual([]);
        expect(warning.path).toBe("teams[].members[].github");
        expect(warning.message.startsWith("teams[].members[].github: ")).toBe(true);
        expect(warning.message).toContain('"kim" is listed in 2 teams (alpha, beta)');
        expect(warning.message).toContain("compute instance");
    });

    test("use the root they are given (a stack's team config)", () => {
        const teams = [team("alpha", [person("kim")]), team("beta", [person("kim")])];
        expect(sharedMemberWarnings(teams, "openhack-mlops:team").map((w) => w.path)).toEqual([
            "openhack-mlops:team[].members[].github",
            "openhack-mlops:team[].members[].userPrincipalName",
        ]);
    });
});
