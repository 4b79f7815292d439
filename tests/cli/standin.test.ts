/**
 * The CLI stand-in keeps the real CLI's rules that the driver depends on (see the sources named in
 * tests/cli/standin/pulumi.cjs): unknown flags, paths against the working directory, passphrase
 * messages. If it drifted, the documented-command tests would prove less.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, sandbox, type Sandbox } from "./standin";

let sb: Sandbox;
let project: string;
beforeAll(() => {
    sb = sandbox("sti");
    // A project in <tmp>/repo/stacks/ev, its program at <tmp>/repo (like stacks/<event>/ and the root).
    const repo = path.join(path.dirname(sb.backend), "repo");
    project = path.join(repo, "stacks", "ev");
    mkdirSync(path.join(project, "policy"), { recursive: true });
    writeFileSync(path.join(repo, "package.json"), "{}\n");
    writeFileSync(path.join(repo, "index.ts"), "export {};\n");
    writeFileSync(
        path.join(project, "Pulumi.yaml"),
        "name: openhack-mlops\nruntime: nodejs\nmain: ../../index.ts\n",
    );
    writeFileSync(path.join(project, "policy", "ev-a.json"), "{}\n");
});
afterAll(() => sb.dispose());

function pulumi(
    args: string,
    env: NodeJS.ProcessEnv = {},
    cwd = path.dirname(path.dirname(project)),
) {
    const merged: NodeJS.ProcessEnv = { ...sb.env, PULUMI_STANDIN_REQUIRED_CONFIG: "", ...env };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    const r = spawnSync("pulumi", args.split(" "), { cwd, env: merged, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cwdFlag = (): string => `--cwd ${project}`;
const POLICY = path.join(REPO_ROOT, "policy");

describe("Pulumi CLI stand-in", () => {
    test("refuses a flag the real command does not have, with pflag's message", () => {
        const r = pulumi(`up --yes --policy-packs ${POLICY} ${cwdFlag()}`);
        expect(r.stderr).toBe("error: unknown flag: --policy-packs\n");
        expect(r.code).toBe(255);
        expect(pulumi(`stack ls --json -z ${cwdFlag()}`).stderr).toBe(
            "error: unknown shorthand flag: 'z' in -z\n",
        );
    });

    test("a new stack without any passphrase: the CLI's message, nothing created", () => {
        const r = pulumi(`stack init ev-a ${cwdFlag()}`, { PULUMI_CONFIG_PASSPHRASE: undefined });
        expect(r.stderr).toBe(
            "error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables\n",
        );
        expect(pulumi(`stack ls --json ${cwdFlag()}`).stdout.trim()).toBe("[]");
    });

    test("an empty passphrase is accepted for a new stack, and then fails once the right one is used", () => {
        expect(pulumi(`stack init ev-a ${cwdFlag()}`, { PULUMI_CONFIG_PASSPHRASE: "" }).code).toBe(
            0,
        );
        expect(
            pulumi(`up --yes --stack ev-a ${cwdFlag()}`, { PULUMI_CONFIG_PASSPHRASE: "" }).code,
        ).toBe(0);
        const r = pulumi(`up --yes --stack ev-a ${cwdFlag()}`);
        expect(r.stderr).toContain(
            "failed to decrypt: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase",
        );
    });

    test("--policy-pack-config is read from the CLI's working directory: the path bug of issue 9", () => {
        expect(pulumi(`stack init ev-b ${cwdFlag()}`).code).toBe(0);
        const relative = pulumi(
            `up --yes --stack ev-b --policy-pack ${POLICY} --policy-pack-config stacks/ev/policy/ev-a.json ${cwdFlag()}`,
        );
        expect(relative.stderr).toBe(
            "error: open stacks/ev/policy/ev-a.json: no such file or directory\n",
        );
        // The update had started: it is in the history, and the stack stays, empty.
        const ls = JSON.parse(pulumi(`stack ls --json ${cwdFlag()}`).stdout) as {
            name: string;
            resourceCount?: number;
        }[];
        expect(ls.find((s) => s.name === "ev-b")?.resourceCount).toBe(0);
        const absolute = pulumi(
            `up --yes --stack ev-b --policy-pack ${POLICY} --policy-pack-config ${path.join(project, "policy", "ev-a.json")} ${cwdFlag()}`,
        );
        expect(absolute.stderr).toBe("");
        expect(absolute.code).toBe(0);
    });

    test("a policy pack directory without PulumiPolicy.yaml is refused", () => {
        const r = pulumi(`preview --stack ev-b --policy-pack policy ${cwdFlag()}`);
        expect(r.stderr).toContain(
            `failed to load Pulumi policy project located at "${path.join(project, "policy")}"`,
        );
    });

    test("a CLI killed mid-update leaves the stack locked; the docs' `pulumi cancel --yes --cwd ... --stack` releases it", async () => {
        const merged: NodeJS.ProcessEnv = {
            ...sb.env,
            PULUMI_STANDIN_REQUIRED_CONFIG: "",
            PULUMI_STANDIN_STEP_MS: "2000",
        };
        const child = spawn("pulumi", `up --yes --stack ev-b ${cwdFlag()}`.split(" "), {
            env: merged,
            stdio: "ignore",
        });
        const locks = path.join(
            sb.backend,
            ".pulumi",
            "locks",
            "organization",
            "openhack-mlops",
            "ev-b",
        );
        for (let i = 0; i < 200 && !(existsSync(locks) && readdirSync(locks).length > 0); i++)
            await new Promise((r) => setTimeout(r, 100));
        child.kill("SIGKILL");
        await new Promise((r) => child.on("close", r));
        const locked = pulumi(`refresh --yes --stack ev-b ${cwdFlag()}`);
        expect(locked.stderr).toContain(
            "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
        );
        expect(pulumi(`cancel --yes ${cwdFlag()} --stack ev-b`).code).toBe(0);
        expect(pulumi(`refresh --yes --stack ev-b ${cwdFlag()}`).code).toBe(0);
    });

    test("without a backend URL or a login the CLI wants Pulumi Cloud, not local files", () => {
        const r = pulumi(`stack ls --json ${cwdFlag()}`, { PULUMI_BACKEND_URL: undefined });
        expect(r.stderr).toBe(
            "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n",
        );
    });
});
