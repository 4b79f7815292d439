/**
 * The organizers' workflows run their actions on Node 24 (GitHub retires the node20 runtime of
 * actions), and event.yml's `teams` input is split without glob expansion.
 *
 * The first release of each action whose action.yml says `runs.using: node24`, read from the
 * actions' own repositories (tags and action.yml at each tag, fetched on 2026-12-06):
 * - actions/checkout v5.0.0 (08c6903, "Prepare v5.0.0 release"; v4.x is node20)
 * - actions/setup-node v5.0.0 (a0853c2)
 * - pulumi/actions v7.0.0 (8e5e406; v6.6.1 is node20)
 * - Azure/login v3.0.0 (532459e; v2.3.1 is node20)
 * - actions/upload-artifact v6.0.0 (b7c566a; v5.0.0 is still node20)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const FIRST_NODE24_MAJOR: Record<string, number> = {
    "actions/checkout": 5,
    "actions/setup-node": 5,
    "pulumi/actions": 7,
    "azure/login": 3,
    "actions/upload-artifact": 6,
};

const workflowsDir = path.join(__dirname, "..", "..", ".github", "workflows");
const WORKFLOWS = ["event.yml", "teardown-requests.yml"];

interface Step {
    readonly name?: string;
    readonly run?: string;
    readonly uses?: string;
}

describe.each(WORKFLOWS)("%s: actions on their node24 releases", (file) => {
    const text = readFileSync(path.join(workflowsDir, file), "utf8");
    const pins = [
        ...text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/gm),
    ];

    test("every pinned action is one whose node24 release is known, at that release or later", () => {
        expect(pins.length).toBeGreaterThanOrEqual(5);
        for (const [, action, , major] of pins) {
            const first = FIRST_NODE24_MAJOR[action.toLowerCase()];
            expect({ action, known: first !== undefined }).toEqual({ action, known: true });
            expect({ action, major: Number(major) >= first }).toEqual({ action, major: true });
        }
    });
});

describe("event.yml: the teams input", () => {
    const workflow = parse(readFileSync(path.join(workflowsDir, "event.yml"), "utf8")) as {
        jobs: { run: { steps: Step[] } };
    };
    const script = workflow.jobs.run.steps.find((s) => s.name === "npm run event")?.run;

    /** Runs the step's script with `npm` standing in as a function that prints its arguments. */
    function argumentsFor(teams: string): string[] {
        if (script === undefined) throw new Error("no `npm run event` step in event.yml");
        const dir = mkdtempSync(path.join(tmpdir(), "teams-"));
        try {
            // A file a glob would match: an unquoted $TEAMS would turn `team-*` into its name.
            writeFileSync(path.join(dir, "team-glob-victim"), "");
            const stub = `npm() { shift 3; printf '%s\\n' "$@"; }\n${script}`;
            const out = execFileSync("bash", ["-e", "-o", "pipefail", "-c", stub], {
                cwd: dir,
                env: {
                    PATH: process.env.PATH,
                    COMMAND: "up",
                    ROSTER: "stacks/e.yaml",
                    SHARD: "1/1",
                    TEAMS: teams,
                },
                encoding: "utf8",
            });
            return out.split("\n").filter((l) => l !== "");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }

    test("team names are split on blanks and never glob-expanded", () => {
        expect(argumentsFor("  alpha   team-* ")).toEqual([
            "up",
            "stacks/e.yaml",
            "--shard",
            "1/1",
            "--team",
            "alpha",
            "--team",
            "team-*",
        ]);
    });

    test.each([
        ["a list starting with a newline", "\nalpha"],
        ["one team per line", "alpha\nbeta"],
        ["Windows line ends", "alpha\r\nbeta\r\n"],
    ])("%s: every team is passed (a dropped line would widen a destroy)", (_, teams) => {
        const expected = teams.includes("beta") ? ["alpha", "beta"] : ["alpha"];
        expect(argumentsFor(teams).slice(4)).toEqual(expected.flatMap((t) => ["--team", t]));
    });

    test("no teams means no --team", () => {
        expect(argumentsFor("")).toEqual(["up", "stacks/e.yaml", "--shard", "1/1"]);
    });
});
