import * as path from "node:path";
import { readFileSync } from "node:fs";
import { ConfigError } from "../../stacks/validate";
import {
    loadRoster,
    parseRoster,
    RosterFileError,
    teamOfStack,
    teamStackConfig,
    teamStackName,
} from "../../event/roster";
import { rosterYaml, teamInput } from "./fakes";

describe("stacks/example.yaml", () => {
    test("validates, with the date rule, as a roster of three teams of 3-5 members", async () => {
        const roster = await loadRoster("stacks/example.yaml", {
            now: new Date("2026-06-01T00:00:00Z"),
        });
        expect(roster.event.name).toBe("oh4mlex");
        expect(roster.event.endsOn).toBe("2030-12-18");
        expect(roster.event.github.owner).toBe("contoso-hack");
        expect(roster.event.budget.contactEmails.length).toBeGreaterThan(0);
        expect(roster.location).toBe("japaneast");
        expect(roster.teams).toHaveLength(3);
        for (const team of roster.teams) {
            expect(team.members.length).toBeGreaterThanOrEqual(3);
            expect(team.members.length).toBeLessThanOrEqual(5);
        }
        expect(roster.eventDirShown).toBe("stacks/oh4mlex");
        expect(roster.eventDir).toBe(path.join(process.cwd(), "stacks", "oh4mlex"));
    });

    test("uses only fictitious contoso identities", () => {
        const text = readFileSync("stacks/example.yaml", "utf8");
        const domains = [...text.matchAll(/@([A-Za-z0-9.-]+)/g)].map((m) => m[1]);
        expect(domains.length).toBeGreaterThan(0);
        for (const d of domains) expect(d).toMatch(/(^|\.)contoso\.(com|onmicrosoft\.com)$/);
    });
});

describe("parseRoster", () => {
    test("names the offending path, e.g. teams[3].members[0].github, and lists every problem", () => {
        const text = rosterYaml([
            teamInput("aurora"),
            teamInput("borealis"),
            teamInput("cirrus"),
            {
                name: "delta",
                members: [{ github: "bad login!", userPrincipalName: "x@contoso.com" }],
            },
            { name: "echo", members: [{ github: "ok-login" }] },
        ]);
        let error: unknown;
        try {
            parseRoster(text, "stacks/oh4mlex.yaml");
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const issues = error instanceof ConfigError ? error.issues : [];
        expect(issues.map((i) => i.path)).toEqual([
            "teams[3].members[0].github",
            "teams[4].members[0]",
        ]);
        expect(error instanceof Error ? error.message : "").toMatch(
            /2 problems[\s\S]*teams\[3\]\.members\[0\]\.github[\s\S]*teams\[4\]\.members\[0\]/,
        );
    });

    test("a YAML syntax error names the file and the line", () => {
        expect(() =>
            parseRoster("event:\n  name: oh4mlex\nteams: [\n", "stacks/broken.yaml"),
        ).toThrow(RosterFileError);
        expect(() => parseRoster("event:\n  name: a\n  name: b\n", "stacks/broken.yaml")).toThrow(
            /^stacks\/broken\.yaml: .*line 3, column 3/,
        );
    });

    test("an empty file is an error, not an empty event", () => {
        expect(() => parseRoster("# nothing yet\n", "stacks/empty.yaml")).toThrow(
            "stacks/empty.yaml: the file is empty",
        );
    });

    test("the date rule applies only when `now` is given", () => {
        const text = rosterYaml([teamInput("aurora")]);
        expect(() =>
            parseRoster(text, "r.yaml", { now: new Date("2027-01-01T00:00:00Z") }),
        ).toThrow("event.endsOn: must not be in the past");
        expect(parseRoster(text, "r.yaml").teams).toHaveLength(1);
    });

    test("settings and logs of the event live in a directory named after the event, beside the roster", () => {
        const roster = parseRoster(rosterYaml([teamInput("aurora")]), "some/dir/my-roster.yaml");
        expect(roster.eventDirShown).toBe("some/dir/oh4mlex");
        // Absolute: the Pulumi CLI runs in that directory and would read a relative path against it.
        expect(roster.eventDir).toBe(path.join(process.cwd(), "some", "dir", "oh4mlex"));
    });
});

describe("stack names and config", () => {
    test("stack names are <event>-<team> and map back", () => {
        expect(teamStackName("oh4mlex", "team-a")).toBe("oh4mlex-team-a");
        expect(teamOfStack("oh4mlex", "oh4mlex-team-a")).toBe("team-a");
        expect(teamOfStack("oh4mlex", "oh4-team-a")).toBeUndefined();
        expect(teamOfStack("oh4", "oh4mlex-team-a")).toBeUndefined();
        expect(teamOfStack("oh4mlex", "oh4mlex-")).toBeUndefined();
    });

    test("teamStackConfig carries exactly the three keys the program reads", () => {
        const roster = parseRoster(
            rosterYaml([teamInput("aurora")], { location: "westeurope" }),
            "r.yaml",
        );
        const config = teamStackConfig(roster, roster.teams[0]);
        expect(Object.keys(config).sort()).toEqual([
            "azure-native:location",
            "openhack-mlops:event",
            "openhack-mlops:team",
        ]);
        expect(config["azure-native:location"]).toBe("westeurope");
        expect(config["openhack-mlops:event"]).toBe(roster.event);
        expect(config["openhack-mlops:team"]).toBe(roster.teams[0]);
    });
});
