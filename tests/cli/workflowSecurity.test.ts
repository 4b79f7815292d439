/**
 * The organizers' event workflow as a security review reads it (issue 22): GitHub's own workflow
 * parser (@actions/workflow-parser, the one behind the Actions language service) accepts it; the
 * secrets live in a reviewer-gated environment and reach only the steps that need them; every
 * action is pinned to a full commit SHA with its tag in a comment; only the job that signs in may ask
 * for an OIDC token; install scripts do not run; the Pulumi CLI version is pinned.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
    NoOperationTraceWriter,
    convertWorkflowTemplate,
    parseWorkflow,
} from "@actions/workflow-parser";
import { parse } from "yaml";
import { MINIMUM_CLI_VERSION } from "../../event/automation";

const file = path.join(__dirname, "..", "..", ".github", "workflows", "event.yml");
const text = readFileSync(file, "utf8");

interface Step {
    readonly name?: string;
    readonly run?: string;
    readonly uses?: string;
    readonly env?: Record<string, string>;
    readonly with?: Record<string, unknown>;
}
interface Job {
    readonly environment?: unknown;
    readonly permissions?: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly steps: Step[];
}
const workflow = parse(text) as {
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    jobs: Record<string, Job>;
};
const run = workflow.jobs.run;
const SECRET = /\$\{\{\s*secrets\./;

/** Secrets each step may see, by the step's name or action (nothing else gets any). */
const SECRETS_BY_STEP: Record<string, readonly string[]> = {
    "Check the state backend secrets": [
        "PULUMI_BACKEND_URL",
        "PULUMI_CONFIG_PASSPHRASE",
        "PULUMI_ACCESS_TOKEN",
    ],
    "azure/login": ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
    "npm run event": [
        "PULUMI_BACKEND_URL",
        "PULUMI_CONFIG_PASSPHRASE",
        "PULUMI_ACCESS_TOKEN",
        "AZURE_STORAGE_ACCOUNT",
        "AZURE_STORAGE_KEY",
        "EVENT_GITHUB_TOKEN",
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_SUBSCRIPTION_ID",
    ],
};
const stepKey = (s: Step): string => s.name ?? s.uses?.split("@")[0] ?? s.run ?? "?";
const secretsIn = (value: unknown): string[] =>
    [...JSON.stringify(value ?? {}).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]);

describe("GitHub's workflow parser", () => {
    test("parses and converts event.yml without an error, with the event environment on the run job", async () => {
        const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
        expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
        if (parsed.value === undefined) throw new Error("the parser returned no template");
        const template = await convertWorkflowTemplate(parsed.context, parsed.value);
        expect(template.errors ?? []).toEqual([]);
        const jobs = Object.fromEntries(
            template.jobs.map((j) => [j.id.value, JSON.stringify(j)] as const),
        );
        expect(Object.keys(jobs).sort()).toEqual(["run", "shards"]);
        // The parser's own model: the environment and the job-level permissions it read.
        expect(jobs.run).toContain('"environment"');
        expect(jobs.run).toContain("event");
        expect(jobs.shards).not.toContain('"environment"');
    });

    test("rejects a broken copy (so the check above can fail)", () => {
        const broken = text.replace("runs-on: ubuntu-latest", "runs-on: [");
        const parsed = parseWorkflow({ name: file, content: broken }, new NoOperationTraceWriter());
        expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
    });
});

describe("event.yml: secrets", () => {
    test("the job that holds the secrets runs in the reviewer-gated `event` environment", () => {
        expect(run.environment).toBe("event");
    });

    test("no secret at workflow or job level: only in the env or inputs of a step", () => {
        expect(secretsIn(workflow.env)).toEqual([]);
        for (const job of Object.values(workflow.jobs)) expect(secretsIn(job.env)).toEqual([]);
        expect(secretsIn(workflow.jobs.shards)).toEqual([]);
    });

    test.each(run.steps.map((s) => [stepKey(s), s] as const))(
        "step %s sees only the secrets it needs",
        (key, step) => {
            const allowed = SECRETS_BY_STEP[key] ?? [];
            expect([...new Set(secretsIn(step))].sort()).toEqual([...allowed].sort());
            // A secret never goes into the script text (where it could be echoed or injected).
            expect(step.run ?? "").not.toMatch(SECRET);
        },
    );
});

describe("event.yml: supply chain and permissions", () => {
    const uses = Object.values(workflow.jobs)
        .flatMap((j) => j.steps)
        .filter((s) => s.uses !== undefined);

    test("every action is pinned to a full commit SHA with its tag in a comment", () => {
        expect(uses.length).toBeGreaterThanOrEqual(5);
        for (const step of uses) {
            expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            const line = text.split("\n").find((l) => l.includes(`uses: ${String(step.uses)}`));
            expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        }
    });

    test("nothing is granted workflow-wide; id-token only to the job that signs in", () => {
        expect(workflow.permissions).toEqual({});
        expect(workflow.jobs.shards.permissions).toEqual({});
        expect(run.permissions).toEqual({ contents: "read", "id-token": "write" });
        const signsIn = run.steps.some((s) => s.uses?.startsWith("azure/login@"));
        expect(signsIn).toBe(true);
    });

    test("npm ci runs without install scripts", () => {
        const installs = run.steps.filter((s) => /\bnpm (ci|install)\b/.test(s.run ?? ""));
        expect(installs.map((s) => s.run?.trim())).toEqual(["npm ci --ignore-scripts"]);
    });

    test("the Pulumi CLI version is pinned to an exact release no older than the driver's minimum", () => {
        const setup = run.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        const version = String(setup?.with?.["pulumi-version"]);
        expect(version).toMatch(/^\d+\.\d+\.\d+$/);
        const parts = (v: string) => v.split(".").map(Number);
        const [have, need] = [parts(version), parts(MINIMUM_CLI_VERSION)];
        const cmp = have[0] - need[0] || have[1] - need[1] || have[2] - need[2];
        expect(cmp).toBeGreaterThanOrEqual(0);
    });

    test("checkout leaves no token behind for later steps", () => {
        const checkout = run.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
        expect(checkout?.with?.["persist-credentials"]).toBe(false);
    });

    test("the logs (participants' names) are kept a week at most", () => {
        const upload = run.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
        expect(Number(upload?.with?.["retention-days"])).toBeLessThanOrEqual(7);
    });
});
