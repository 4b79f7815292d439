import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { loadSource, rosterSource, stackSource } from "../../offline/plan/sources";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";

const roster = (teams: unknown[], event: unknown = sampleEvent()) => ({
    location: "japaneast",
    event,
    teams,
});
const team = (name: string) => sampleTeam(2, { name });

describe("a roster", () => {
    test("a valid roster plans every team under its event-driver stack name", () => {
        const source = rosterSource(roster([team("team01"), team("team02")]), "r.yaml", NOW);
        expect(source.problems).toEqual([]);
        expect(source.teams.map((t) => t.stackName)).toEqual([
            "oh4mltest-team01",
            "oh4mltest-team02",
        ]);
        expect(source).toMatchObject({
            kind: "roster",
            eventRoot: "event",
            location: "japaneast",
            declaredTeams: 2,
        });
    });

    test("an event that has ended is an error, and its teams are still planned", () => {
        const source = rosterSource(
            roster([team("team01")]),
            "r.yaml",
            new Date("2027-01-10T00:00:00Z"),
        );
        expect(source.problems).toEqual([
            expect.objectContaining({
                severity: "error",
                code: "event-ended",
                path: "event.endsOn",
            }),
        ]);
        expect(source.problems[0].message).toContain("`pulumi up` rejects an event that has ended");
        expect(source.teams).toHaveLength(1);
    });

    test("a bad team is reported with its path and the other teams are still planned", () => {
        const source = rosterSource(
            roster([team("team01"), team("Team 2"), team("team03")]),
            "r.yaml",
            NOW,
        );
        expect(source.problems).toEqual([
            expect.objectContaining({ severity: "error", code: "config", path: "teams[1].name" }),
        ]);
        expect(source.teams.map((t) => t.config.name)).toEqual(["team01", "team03"]);
        expect(source.declaredTeams).toBe(3);
    });

    test("every issue is reported, not only the first", () => {
        const source = rosterSource(
            roster([team("team01"), team("team01")], { ...sampleEvent(), budget: { amount: -1 } }),
            "r.yaml",
            NOW,
        );
        expect(source.problems.map((p) => p.path).sort()).toEqual([
            "event.budget.amount",
            "teams[1].name",
        ]);
        expect(source.teams).toEqual([]); // no valid event: nothing to simulate
    });
});

describe("a stack file", () => {
    const config = {
        "azure-native:location": "japaneast",
        "openhack-mlops:event": sampleEvent(),
        "openhack-mlops:team": sampleTeam(3),
    };

    test("a valid stack is one team under the stack's name", () => {
        const source = stackSource(config, "Pulumi.dev.yaml", "dev", NOW);
        expect(source).toMatchObject({
            kind: "stack",
            stackName: "dev",
            eventRoot: "openhack-mlops:event",
            location: "japaneast",
            problems: [],
        });
        expect(source.teams.map((t) => [t.config.name, t.stackName])).toEqual([["team01", "dev"]]);
    });

    test("an event that has ended is an error, and the team is still planned", () => {
        const source = stackSource(
            config,
            "Pulumi.dev.yaml",
            "dev",
            new Date("2027-01-10T00:00:00Z"),
        );
        expect(source.problems).toEqual([
            expect.objectContaining({
                severity: "error",
                code: "event-ended",
                path: "openhack-mlops:event.endsOn",
            }),
        ]);
        expect(source.teams).toHaveLength(1);
    });

    test("a missing location is an error and nothing is simulated", () => {
        const source = stackSource(
            { ...config, "azure-native:location": undefined },
            "Pulumi.x.yaml",
            "x",
            NOW,
        );
        expect(source.problems).toEqual([
            expect.objectContaining({ severity: "error", path: "azure-native:location" }),
        ]);
        expect(source.teams).toEqual([]);
    });

    test("files are told apart by the stack file's config map; unreadable YAML is a file error", () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "plan-sources-"));
        writeFileSync(path.join(dir, "Pulumi.qa.yaml"), stringify({ config }));
        writeFileSync(path.join(dir, "event.yaml"), stringify(roster([team("team01")])));
        writeFileSync(path.join(dir, "broken.yaml"), "teams: [\n");
        expect(loadSource(path.join(dir, "Pulumi.qa.yaml"), NOW)).toMatchObject({
            kind: "stack",
            stackName: "qa",
        });
        expect(loadSource(path.join(dir, "event.yaml"), NOW, "event.yaml")).toMatchObject({
            kind: "roster",
            file: "event.yaml",
        });
        const broken = loadSource(path.join(dir, "broken.yaml"), NOW, "broken.yaml");
        expect(broken.problems).toEqual([
            expect.objectContaining({
                severity: "error",
                code: "file",
                message: expect.stringMatching(/^broken\.yaml: cannot be read as YAML/),
            }),
        ]);
        // A missing file is "not found", with the path as typed, never a YAML error.
        expect(
            loadSource(path.join(dir, "missing.yaml"), NOW, "stacks/missing.yaml").problems,
        ).toEqual([{ severity: "error", code: "file", message: "not found: stacks/missing.yaml" }]);
    });
});
