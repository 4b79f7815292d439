/**
 * Runs the event driver's documented commands as child processes, from the repository root, with
 * the Pulumi CLI stand-in (tests/cli/standin/) first on PATH and a temporary file backend. Each test
 * file gets its own roster copy (a unique event name), backend and PULUMI_HOME, so test files running
 * in parallel never share a stack, a settings file or a log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const STANDIN_PATH = path.join(__dirname, "standin", "path");

export interface Sandbox {
    /** The event's name, unique per sandbox. */
    readonly event: string;
    /** `stacks/<event>.yaml`, relative to the repository root, as a user types it. */
    readonly roster: string;
    readonly backend: string;
    readonly calls: string;
    readonly env: NodeJS.ProcessEnv;
    /** Every CLI invocation so far: its working directory and arguments. */
    invocations(): { cwd: string; args: string[] }[];
    dispose(): void;
}

/** A roster copy of stacks/example.yaml under a new event name, and a fresh state backend. */
export function sandbox(prefix: string): Sandbox {
    // [a-z][a-z0-9]*, 3-10 chars (EVENT_NAME); the pid keeps parallel jest workers apart.
    const event = `${prefix}${process.pid % 100000}`.slice(0, 10);
    const roster = `stacks/${event}.yaml`;
    const example = readFileSync(path.join(REPO_ROOT, "stacks", "example.yaml"), "utf8");
    const renamed = example.replace(/^(\s+name:\s*)oh4mlex\s*$/m, `$1${event}`);
    if (renamed === example) throw new Error("stacks/example.yaml: event name not found");
    writeFileSync(path.join(REPO_ROOT, roster), renamed);
    const tmp = mkdtempSync(path.join(os.tmpdir(), `standin-${event}-`));
    const calls = path.join(tmp, "calls.jsonl");
    writeFileSync(calls, "");
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${STANDIN_PATH}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_HOME: path.join(tmp, "home"),
        PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
        PULUMI_STANDIN_REQUIRED_CONFIG:
            "openhack-mlops:event,openhack-mlops:team,azure-native:location",
        PULUMI_STANDIN_CALLS: calls,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        NO_COLOR: "1",
    };
    // Node's default young generation for the CLI processes: the larger one jest.config.js gives the
    // jest workers costs these short-lived processes more than it saves (an `up --team` measured
    // 9.4 s of CPU with the default, 10.2 s with 128 MB semi-spaces).
    const nodeOptions = (process.env.NODE_OPTIONS ?? "")
        .replace(/--max-semi-space-size=\S+/g, "")
        .trim();
    if (nodeOptions === "") delete env.NODE_OPTIONS;
    else env.NODE_OPTIONS = nodeOptions;
    // No cloud credential reaches the driver: teardown's Azure sign-in fails at once (an empty Azure
    // CLI config, no service principal), and GitHub is never asked.
    env.AZURE_CONFIG_DIR = path.join(tmp, "azure-cli");
    for (const name of [
        "PULUMI_ACCESS_TOKEN",
        "PULUMI_CONFIG_PASSPHRASE_FILE",
        "CI",
        "GITHUB_TOKEN",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
        "AZURE_TENANT_ID",
        "AZURE_FEDERATED_TOKEN_FILE",
        "AZURE_CLIENT_CERTIFICATE_PATH",
        "AZURE_USERNAME",
        "AZURE_SUBSCRIPTION_ID",
        "ARM_SUBSCRIPTION_ID",
    ])
        delete env[name];
    return {
        event,
        roster,
        backend: path.join(tmp, "state"),
        calls,
        env,
        invocations: () =>
            readFileSync(calls, "utf8")
                .split("\n")
                .filter((l) => l !== "")
                .map((l) => JSON.parse(l) as { cwd: string; args: string[] }),
        dispose: () => {
            rmSync(path.join(REPO_ROOT, roster), { force: true });
            rmSync(path.join(REPO_ROOT, "stacks", event), { recursive: true, force: true });
            rmSync(tmp, { recursive: true, force: true });
        },
    };
}

/** The sandbox's environment with `extra` on top; an undefined value removes the variable. */
function envWith(sb: Sandbox, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env = { ...sb.env, ...extra };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env;
}

export interface Run {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** A command line as the docs write it (`npm run event -- up stacks/x.yaml`), run from the repo root. */
export function run(sb: Sandbox, commandLine: string, env: NodeJS.ProcessEnv = {}): Run {
    const [command, ...args] = commandLine.split(/\s+/);
    const result = spawnSync(command, args, {
        cwd: REPO_ROOT,
        env: envWith(sb, env),
        encoding: "utf8",
        timeout: 200_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a command line and returns the process, for signals. */
export function start(sb: Sandbox, commandLine: string, env: NodeJS.ProcessEnv = {}) {
    const [command, ...args] = commandLine.split(/\s+/);
    const child: ChildProcess = spawn(command, args, {
        cwd: REPO_ROOT,
        env: envWith(sb, env),
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<Run>((resolve) =>
        child.on("close", (code) => resolve({ code, stdout, stderr })),
    );
    /** Resolves once stderr matches. */
    const waitFor = async (pattern: RegExp, timeoutMs = 60_000): Promise<void> => {
        const until = Date.now() + timeoutMs;
        while (!pattern.test(stderr)) {
            if (Date.now() > until || child.exitCode !== null)
                throw new Error(`never saw ${String(pattern)}; stderr:\n${stderr}`);
            await new Promise((r) => setTimeout(r, 100));
        }
    };
    /**
     * Sends a signal to the driver itself: the node process that tsx starts (under npx, which runs
     * tsx through `sh -c` and forwards no signal). Not to tsx: tsx relays a signal to its child but
     * SIGKILLs it when the child does not confirm within 30 ms, which a loaded machine misses.
     * The Pulumi CLIs do not get it, as on a terminal in raw mode.
     */
    const signalDriver = (signal: NodeJS.Signals): void => {
        const table = spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
            .stdout.split("\n")
            .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
        const family = new Set([child.pid]);
        for (let grew = true; grew;) {
            grew = false;
            for (const p of table)
                if (family.has(p.ppid) && !family.has(p.pid)) {
                    family.add(p.pid);
                    grew = true;
                }
        }
        const driver = table.find(
            (p) => family.has(p.pid) && /preflight\.cjs .* event\/cli\.ts /.test(p.args),
        );
        if (driver === undefined) throw new Error("the driver's tsx process was not found");
        process.kill(driver.pid, signal);
    };
    return { child, exited, waitFor, signalDriver };
}

/** The stacks in the sandbox's backend, as the CLI lists them. */
export function stackList(
    sb: Sandbox,
): { name: string; resourceCount?: number; lastUpdate?: string }[] {
    const r = spawnSync(
        "pulumi",
        ["stack", "ls", "--json", "--cwd", `stacks/${sb.event}`, "--non-interactive"],
        { cwd: REPO_ROOT, env: sb.env, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`pulumi stack ls failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { name: string; resourceCount?: number }[];
}

/** Exit code and output together, so a failure shows what the command said. */
export const outcome = (r: Run) => ({ code: r.code, output: `${r.stdout}\n${r.stderr}` });

/** What `outcome` of a successful command matches. */
export const OK_RUN = { code: 0, output: expect.any(String) as unknown };

/** Resolves once `condition` holds (checked every 100 ms); rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    for (const end = Date.now() + timeoutMs; !condition();) {
        if (Date.now() > end) throw new Error("condition not met in time");
        await new Promise((r) => setTimeout(r, 100));
    }
}
