/**
 * The workflow's first step fails the job when the state backend's secret is missing, with the
 * repository secrets as GitHub passes them (an unset secret is an empty variable).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface Step {
    readonly name?: string;
    readonly run?: string;
    readonly uses?: string;
    readonly with?: Record<string, unknown>;
}
const workflow = parse(
    readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "event.yml"), "utf8"),
) as { jobs: { run: { steps: Step[] } } };
const steps = workflow.jobs.run.steps;
const check = steps.find((s) => s.name === "Check the state backend secrets");

function runCheck(secrets: Record<string, string>): { code: number | null; out: string } {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    for (const name of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN"])
        env[name] = secrets[name] ?? "";
    // GitHub runs `run:` with `bash -e {0}`.
    const r = spawnSync("bash", ["-e", "-c", check?.run ?? "exit 99"], { env, encoding: "utf8" });
    return { code: r.status, out: r.stdout + r.stderr };
}

describe("workflow event.yml", () => {
    test("checks the secrets first, before checkout and install", () => {
        expect(steps.indexOf(check as Step)).toBe(0);
    });

    test.each([
        [
            "azblob backend without a passphrase",
            { PULUMI_BACKEND_URL: "azblob://state?storage_account=oh" },
            1,
            "set the PULUMI_CONFIG_PASSPHRASE secret",
        ],
        [
            "file backend without a passphrase",
            { PULUMI_BACKEND_URL: "file:///tmp/state" },
            1,
            "PULUMI_CONFIG_PASSPHRASE",
        ],
        [
            "azblob backend with a passphrase",
            {
                PULUMI_BACKEND_URL: "azblob://state?storage_account=oh",
                PULUMI_CONFIG_PASSPHRASE: "p",
            },
            0,
            "",
        ],
        ["no backend URL (Pulumi Cloud) without a token", {}, 1, "PULUMI_ACCESS_TOKEN"],
        ["Pulumi Cloud with a token and no passphrase", { PULUMI_ACCESS_TOKEN: "pul-x" }, 0, ""],
    ])("%s", (_, secrets, code, message) => {
        const r = runCheck(secrets);
        expect(r.code).toBe(code);
        expect(r.out).toContain(message);
    });

    test("runs on the Node LTS that package.json's engines name", () => {
        const setup = steps.find((s) => s.uses?.startsWith("actions/setup-node"));
        const engines = (
            JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
                engines: { node: string };
            }
        ).engines.node;
        expect(engines).toBe(`>=${String(setup?.with?.["node-version"])}`);
        // @pulumi/pulumi declares the floor; the engines must not promise less.
        const sdk = (
            JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
                engines: { node: string };
            }
        ).engines.node;
        expect(Number(/\d+/.exec(engines)?.[0])).toBeGreaterThanOrEqual(
            Number(/\d+/.exec(sdk)?.[0]),
        );
    });
});
