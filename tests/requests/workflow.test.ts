/**
 * .github/workflows/teardown-requests.yml, read by GitHub's own workflow parser
 * (@actions/workflow-parser, run by tests/helpers/workflowParser.mjs) and checked for the
 * hardening docs/team-teardown.md promises: one fixed command, no inputs, pinned actions, secrets
 * only where needed, OIDC only on the job, its own environment.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const FILE = path.join(ROOT, ".github", "workflows", "teardown-requests.yml");
const TEXT = readFileSync(FILE, "utf8");

interface Step {
    readonly name?: string;
    readonly run?: string;
    readonly uses?: string;
    readonly env?: Record<string, string>;
}
interface Job {
    readonly environment?: string;
    readonly permissions?: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly steps: Step[];
}
const workflow = parse(TEXT) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
};

interface Parsed {
    errors: string[];
    events: string[];
    jobs: { id: string }[];
    /** The workflow-level `concurrency` as the parser read it. */
    concurrency: unknown;
}

function githubParser(file: string): Parsed {
    const r = spawnSync(
        process.execPath,
        [
            path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
            path.join(ROOT, "tests", "helpers", "workflowParser.mjs"),
            file,
        ],
        { cwd: ROOT, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`workflow parser failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Parsed;
}

/** A `${{ ... }}` group evaluated by GitHub's expression engine (tests/helpers/workflowExpression.mjs). */
function evaluate(expression: string, context: object): string {
    const inner = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(expression)?.[1];
    if (inner === undefined) return expression;
    const r = spawnSync(
        process.execPath,
        [
            path.join(ROOT, "tests", "helpers", "workflowExpression.mjs"),
            inner,
            JSON.stringify(context),
        ],
        { cwd: ROOT, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`expression failed: ${r.stderr}`);
    return r.stdout;
}

jest.setTimeout(60_000);

describe("teardown-requests.yml", () => {
    test("GitHub's workflow parser accepts it: a schedule and a manual run, one job", () => {
        const parsed = githubParser(FILE);
        expect(parsed.errors).toEqual([]);
        expect(parsed.events.sort()).toEqual(["schedule", "workflow_dispatch"]);
        expect(parsed.jobs.map((j) => j.id)).toEqual(["requests"]);
    });

    test("the parser does reject a broken copy (so the check above can fail)", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "wf-"));
        const broken = path.join(dir, "broken.yml");
        writeFileSync(broken, TEXT.replace("id-token: write", "id-token: writ"));
        expect(githubParser(broken).errors.join("\n")).toContain("Unexpected value 'writ'");
    });

    test("one concurrency group with event.yml that queues: an hourly run waits for an organizer run instead of hitting its stack locks", () => {
        const requests = githubParser(FILE);
        const event = githubParser(path.join(ROOT, ".github", "workflows", "event.yml"));
        expect(event.errors).toEqual([]);
        // The same group string, evaluated by GitHub from the same text: no input of either
        // workflow in it (the requests workflow has none, so a group naming inputs would differ).
        expect(requests.concurrency).toEqual({
            group: "event-state",
            "cancel-in-progress": false,
            // Without it a newer waiting run cancels an older one (GitHub's default, `single`).
            queue: "max",
        });
        // event.yml's group is an expression of its `command` input: evaluated by GitHub's own
        // expression engine, every command that locks stacks lands in the requests' group.
        const { group, ...rest } = event.concurrency as { group: string };
        expect(rest).toEqual({ "cancel-in-progress": false, queue: "max" });
        const groupOf = (command: string): string => evaluate(group, { inputs: { command } });
        expect(groupOf("up")).toBe("event-state");
        expect(groupOf("destroy")).toBe("event-state");
    });

    test("the emergency stop does not queue behind an organizer's up: it takes no stack lock", () => {
        const event = githubParser(path.join(ROOT, ".github", "workflows", "event.yml"));
        const { group } = event.concurrency as { group: string };
        const choices = (
            parse(readFileSync(path.join(ROOT, ".github", "workflows", "event.yml"), "utf8")) as {
                on: { workflow_dispatch: { inputs: { command: { options: string[] } } } };
            }
        ).on.workflow_dispatch.inputs.command.options;
        expect(choices).toContain("stop-compute");
        const stop = evaluate(group, { inputs: { command: "stop-compute" } });
        expect(stop).not.toBe("event-state");
        // Only the stop leaves the shared group: every other choice runs stacks.
        expect(
            choices.filter((c) => evaluate(group, { inputs: { command: c } }) !== "event-state"),
        ).toEqual(["stop-compute"]);
    });

    test("no inputs; the only command is requests --apply on the roster variable", () => {
        expect(workflow.on.workflow_dispatch).toEqual({});
        const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
        expect(runs.filter((r) => r.includes("npm run event"))).toEqual([
            'npm run event -- requests "$ROSTER" --apply',
        ]);
        expect(TEXT).not.toMatch(/\$\{\{\s*(inputs|github\.event)\./);
    });

    test("least privilege: nothing at the top, OIDC and contents read on the job, its own environment", () => {
        expect(workflow.permissions).toEqual({});
        const job = workflow.jobs.requests;
        expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
        expect(job.environment).toBe("teardown-requests");
        // Secrets only in the steps that use them, never for the whole job.
        expect(JSON.stringify(job.env ?? {})).not.toContain("secrets.");
        const withSecrets = job.steps
            .filter((s) => JSON.stringify(s).includes("secrets."))
            .map((s) => s.name ?? s.uses?.split("@")[0]);
        expect(withSecrets).toEqual([
            "Check the roster variable and the state backend secrets",
            "azure/login",
            "npm run event -- requests --apply",
        ]);
        expect(job.steps.some((s) => s.run === "npm ci --ignore-scripts")).toBe(true);
    });

    test("every action is pinned to a full commit SHA with its tag in a comment", () => {
        const uses = [...TEXT.matchAll(/uses: (\S+)(.*)$/gm)];
        expect(uses.length).toBeGreaterThanOrEqual(5);
        for (const [, ref, comment] of uses) {
            expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
        }
    });

    test("the first step refuses a roster variable that is not a roster file", () => {
        const check = workflow.jobs.requests.steps[0];
        const runCheck = (roster: string) =>
            spawnSync("bash", ["-e", "-c", check.run ?? "exit 99"], {
                env: {
                    PATH: process.env.PATH,
                    ROSTER: roster,
                    PULUMI_BACKEND_URL: "file:///tmp/s",
                    PULUMI_CONFIG_PASSPHRASE: "x",
                },
                encoding: "utf8",
            });
        expect(runCheck("stacks/oh4ml.yaml").status).toBe(0);
        for (const bad of ["", "stacks/oh4ml.yaml; curl evil", "../etc/passwd", "stacks/x.yaml"]) {
            const r = runCheck(bad);
            expect(r.status).toBe(1);
            expect(r.stdout).toContain("EVENT_ROSTER");
        }
    });
});
