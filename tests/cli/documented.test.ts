/**
 * Every event command as README.md, docs/run-an-event.md and .github/workflows/event.yml write it,
 * run from the repository root with relative paths, as a child process, through the real
 * `@pulumi/pulumi/automation` module and the Pulumi CLI stand-in (tests/cli/standin/). The tests run
 * in order: each builds on the stacks the previous ones left, as an organizer's day would.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, run, sandbox, stackList, start, type Sandbox } from "./standin";

// Each command is a child process that loads tsx and the Pulumi SDK (3-15 s here, more on a busy
// machine); the shard test runs two.
jest.setTimeout(240_000);

let sb: Sandbox;
beforeAll(() => {
    sb = sandbox("cli");
});
afterAll(() => sb.dispose());

/** Exit code and output together, so a failure shows what the command said. */
const outcome = (r: { code: number | null; stdout: string; stderr: string }) => ({
    code: r.code,
    output: `${r.stdout}\n${r.stderr}`,
});
const okRun = { code: 0, output: expect.any(String) as unknown };

const stacksOf = (): string[] =>
    stackList(sb)
        .map((s) => s.name)
        .sort();
const teamStacks = (...teams: string[]): string[] => teams.map((t) => `${sb.event}-${t}`).sort();
const callsSince = (n: number) => sb.invocations().slice(n);
async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    for (const end = Date.now() + timeoutMs; !condition();) {
        if (Date.now() > end) throw new Error("condition not met in time");
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe("documented event commands against the Pulumi CLI stand-in", () => {
    test("preview (README): passes absolute paths to a CLI running in stacks/<event>/ and leaves no stack behind", () => {
        const r = run(sb, `npm run event -- preview ${sb.roster}`);
        expect(r.stderr).not.toContain("no such file");
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toMatch(/aurora\s+preview\s+succeeded/);
        expect(r.stdout).toContain("3 teams: 3 succeeded");
        const previews = sb.invocations().filter((c) => c.args[0] === "preview");
        expect(previews).toHaveLength(3);
        for (const call of previews) {
            expect(call.cwd).toBe(path.join(REPO_ROOT, "stacks", sb.event));
            const packs = call.args.filter((_, i) => call.args[i - 1] === "--policy-pack");
            const configs = call.args.filter((_, i) => call.args[i - 1] === "--policy-pack-config");
            expect(packs).toEqual([path.join(REPO_ROOT, "policy")]);
            expect(configs).toHaveLength(1);
            expect(path.isAbsolute(configs[0])).toBe(true);
            expect(existsSync(configs[0])).toBe(true);
        }
        // A preview of a team without a stack needs one; the driver takes it away again.
        expect(stacksOf()).toEqual([]);
        expect(
            readFileSync(path.join(REPO_ROOT, "stacks", sb.event, "Pulumi.yaml"), "utf8"),
        ).toContain("main: ../../index.ts");
    });

    test("up --team (README): one team only", () => {
        const r = run(sb, `npm run event -- up ${sb.roster} --team aurora`);
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toMatch(/aurora\s+up\s+succeeded .* \+8/);
        expect(r.stdout).toContain("1 team: 1 succeeded");
        expect(stacksOf()).toEqual(teamStacks("aurora"));
        // The log path in the summary is relative, as typed, and the file is there.
        const log = `stacks/${sb.event}/logs/aurora-up.log`;
        expect(r.stdout).toContain(log);
        expect(readFileSync(path.join(REPO_ROOT, log), "utf8")).toContain("Updating (");
    });

    test("up --shard (workflow): two shards together cover every team, each exactly once", () => {
        const shards = ["1/2", "2/2"].map((s) =>
            run(sb, `npm run event -- up ${sb.roster} --shard ${s}`),
        );
        for (const r of shards) expect(outcome(r)).toEqual(okRun);
        const teams = shards.flatMap((r) =>
            [...r.stdout.matchAll(/^(\w+)\s+up\s+succeeded/gm)].map((m) => m[1]),
        );
        expect(teams.sort()).toEqual(["aurora", "borealis", "cirrus"]);
        expect(stacksOf()).toEqual(teamStacks("aurora", "borealis", "cirrus"));
    });

    test("up (README): every team; existing stacks change nothing", () => {
        const r = run(sb, `npx tsx event/cli.ts up ${sb.roster}`);
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toContain("3 teams: 3 succeeded");
        for (const s of stackList(sb)) expect(s.resourceCount).toBe(8);
    });

    test("status (README): one row per team with the last update", () => {
        const r = run(sb, `npm run event -- status ${sb.roster}`);
        expect(outcome(r)).toEqual(okRun);
        for (const team of ["aurora", "borealis", "cirrus"])
            expect(r.stdout).toMatch(
                new RegExp(`^${team}\\s+${sb.event}-${team}\\s+yes\\s.*update.*succeeded`, "m"),
            );
    });

    test("outputs (README): JSON from the stacks, secrets redacted", () => {
        const r = run(sb, `npm run event -- outputs ${sb.roster} --team aurora`);
        expect(outcome(r)).toEqual(okRun);
        const json = r.stdout.slice(r.stdout.indexOf("{"));
        const outputs = JSON.parse(json) as Record<string, Record<string, unknown>>;
        expect(JSON.stringify(outputs)).toContain(`rg-${sb.event}-aurora`);
        expect(JSON.stringify(outputs)).toContain("[secret]");
        expect(r.stdout + r.stderr).not.toContain("s3cr3t");
    });

    test("refresh (README)", () => {
        const r = run(sb, `npm run event -- refresh ${sb.roster}`);
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toContain("3 teams: 3 succeeded");
    });

    test("a transient failure is retried and then succeeds", () => {
        // The retry is the driver's, after the preflight (covered above): --skip-preflight.
        const r = run(sb, `npm run event -- up ${sb.roster} --team borealis --skip-preflight`, {
            PULUMI_STANDIN_FAIL_ONCE: `${sb.event}-borealis=Status=429 Code="TooManyRequests" Message="Too many requests"`,
        });
        expect(r.stderr).toMatch(
            /borealis\s+↻ retrying\s+throttled \(429 TooManyRequests\); retry 1\/3/,
        );
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toMatch(/borealis\s+up\s+succeeded\s+\S+(?: \S+)?\s+2\s/);
    });

    test("a quota failure is not retried and fails the command", () => {
        const r = run(sb, `npm run event -- up ${sb.roster} --team cirrus --skip-preflight`, {
            PULUMI_STANDIN_FAIL: `${sb.event}-cirrus=Code="QuotaExceeded" Message="exceeding approved standardDSv2Family Cores quota"`,
        });
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/cirrus\s+up\s+failed\s+\S+(?: \S+)?\s+1\s.*QuotaExceeded/);
    });

    test("Ctrl-C once (docs): running teams finish, the others do not start", async () => {
        // What Ctrl-C does to running teams, not the preflight before them: --skip-preflight.
        const p = start(sb, `npx tsx event/cli.ts up ${sb.roster} --parallel 1 --skip-preflight`, {
            PULUMI_STANDIN_STEP_MS: "700",
        });
        await p.waitFor(/▶ running/, 180_000);
        p.signalDriver("SIGINT");
        const r = await p.exited;
        expect(r.stderr).toContain(
            "Ctrl-C: no new team will start; 1 running team(s) finish first",
        );
        expect(r.code).toBe(130);
        expect(r.stdout).toMatch(/^aurora\s+up\s+succeeded/m);
        expect(r.stdout).toMatch(/^borealis\s+up\s+not started/m);
        expect(r.stdout).toMatch(/^cirrus\s+up\s+not started/m);
    });

    test("Ctrl-C twice (docs): the running CLI is interrupted, its lock released, and the notice says what to do", async () => {
        const before = sb.invocations().length;
        const p = start(sb, `npx tsx event/cli.ts refresh ${sb.roster} --parallel 1`, {
            PULUMI_STANDIN_STEP_MS: "1500",
        });
        // The driver loads (tsx, the Pulumi SDK) before it runs a team: slow on a loaded machine.
        await p.waitFor(/▶ running/, 180_000);
        // Interrupt the engine itself, not the stack selection before it.
        await until(() => callsSince(before).some((c) => c.args[0] === "refresh"));
        await new Promise((r) => setTimeout(r, 1000));
        p.signalDriver("SIGINT");
        await p.waitFor(/Ctrl-C: no new team will start/);
        p.signalDriver("SIGINT");
        const r = await p.exited;
        expect(r.stderr).toContain(
            `Forced stop: interrupting the running Pulumi operations (${sb.event}-aurora)`,
        );
        expect(r.stderr).toContain(`pulumi cancel --yes --cwd stacks/${sb.event} --stack <stack>`);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^aurora\s+refresh\s+failed .*update canceled/m);
        // The interrupted CLI released its lock: the next command on that stack runs.
        const again = run(sb, `npm run event -- refresh ${sb.roster} --team aurora`);
        expect(outcome(again)).toEqual(okRun);
    });

    test("destroy --team (README) without access to Azure: only that team's resources go, its stack stays, and the unverified teardown fails the team", () => {
        const r = run(sb, `npm run event -- destroy ${sb.roster} --team aurora`);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/aurora\s+destroy\s+failed .* -8; teardown: unknown/);
        expect(r.stdout).toContain("aurora: NOT VERIFIED");
        const byName = new Map(stackList(sb).map((s) => [s.name, s.resourceCount]));
        expect(byName.get(`${sb.event}-aurora`)).toBe(0);
        expect(byName.get(`${sb.event}-borealis`)).toBe(8);
    });

    test("destroy --team --no-purge (README): only pulumi destroy, no purge and no verification", () => {
        const r = run(sb, `npm run event -- destroy ${sb.roster} --team aurora --no-purge`);
        expect(outcome(r)).toEqual(okRun);
        expect(r.stdout).toMatch(/aurora\s+destroy\s+succeeded/);
        expect(r.stdout).not.toContain("Teardown verification");
    });

    test("the README's team teardown with the Pulumi CLI: --cwd stacks/<event>, main resolved from there", () => {
        const r = run(
            sb,
            `pulumi destroy --cwd stacks/${sb.event} --stack ${sb.event}-borealis`,
            // As README writes it; a terminal would confirm, here PULUMI_SKIP_CONFIRMATIONS does.
            { PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true", PULUMI_SKIP_CONFIRMATIONS: "true" },
        );
        expect(r.stderr).toBe("");
        expect(outcome(r)).toEqual(okRun);
        const byName = new Map(stackList(sb).map((s) => [s.name, s.resourceCount]));
        expect(byName.get(`${sb.event}-borealis`)).toBe(0);
    });

    test("destroy --orphans (README): stacks no longer in the roster are torn down and removed", () => {
        const text = readFileSync(path.join(REPO_ROOT, sb.roster), "utf8");
        const withoutCirrus = text.slice(0, text.indexOf("  - name: cirrus"));
        writeFileSync(path.join(REPO_ROOT, sb.roster), withoutCirrus);
        try {
            // As README writes it; without access to Azure the teardown is unverified, so the team fails.
            const r = run(sb, `npm run event -- destroy ${sb.roster} --orphans`);
            expect(r.code).toBe(1);
            expect(r.stdout).toMatch(/cirrus\s+destroy\s+failed .*-8; teardown: unknown/);
            expect(stacksOf()).toEqual(teamStacks("aurora", "borealis"));
        } finally {
            writeFileSync(path.join(REPO_ROOT, sb.roster), text);
        }
    });
});

describe("safe by default, as a new user types it", () => {
    test("a misspelt command exits 2 naming the closest one, and no CLI call", () => {
        const before = sb.invocations().length;
        const r = run(sb, `npm run event -- upp ${sb.roster}`);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("error: unknown command 'upp'\n(Did you mean up?)");
        expect(callsSince(before)).toEqual([]);
    });

    test("no arguments at all exits 2 with the usage listing every command", () => {
        const r = run(sb, "npm run event");
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("Usage: npm run event -- <command> <roster.yaml> [options]");
        for (const command of ["up", "preview", "refresh", "destroy", "verify-teardown", "status"])
            expect(r.stderr).toMatch(new RegExp(`^  ${command} \\[options\\] <roster>`, "m"));
    });

    test("destroy of the whole event off a terminal without --yes: exit 2, nothing touched", () => {
        // Only to have a stack with resources: its preflight is not what this test is about.
        run(sb, `npm run event -- up ${sb.roster} --team aurora --skip-preflight`);
        const stacks = stackList(sb);
        expect(stacks.length).toBeGreaterThan(0);
        const before = sb.invocations().length;
        const r = run(sb, `npm run event -- destroy ${sb.roster}`);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(
            "without a terminal to confirm on, it needs --yes. Nothing was touched.",
        );
        expect(callsSince(before)).toEqual([]);
        expect(stackList(sb)).toEqual(stacks);
    });
});

describe("passphrase check before any stack is touched", () => {
    test.each([
        [
            "empty (a missing CI secret)",
            { PULUMI_CONFIG_PASSPHRASE: "" },
            "PULUMI_CONFIG_PASSPHRASE is set but empty",
        ],
        [
            "unset",
            { PULUMI_CONFIG_PASSPHRASE: undefined },
            "neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set",
        ],
    ])("%s: exit 2, a message naming the variable, no CLI call", (_, env, message) => {
        const before = sb.invocations().length;
        const r = run(sb, `npm run event -- up ${sb.roster}`, env);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).toContain("Set PULUMI_CONFIG_PASSPHRASE");
        expect(callsSince(before).filter((c) => c.args[0] !== "version")).toEqual([]);
    });

    test("a relative PULUMI_CONFIG_PASSPHRASE_FILE is read from where the command was started", () => {
        const file = `stacks/${sb.event}-passphrase.txt`;
        writeFileSync(path.join(REPO_ROOT, file), "correct horse battery staple\n");
        try {
            const r = run(sb, `npm run event -- status ${sb.roster}`, {
                PULUMI_CONFIG_PASSPHRASE: undefined,
                PULUMI_CONFIG_PASSPHRASE_FILE: file,
            });
            expect(r.stderr).toBe("");
            expect(outcome(r)).toEqual(okRun);
        } finally {
            writeFileSync(path.join(REPO_ROOT, file), "");
            run(sb, `rm -f ${file}`);
        }
    });
});
