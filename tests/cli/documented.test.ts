/**
 * Every event command as README.md, docs/run-an-event.md and .github/workflows/event.yml write it,
 * run from the repository root with relative paths, as a child process, through the real
 * `@pulumi/pulumi/automation` module and the Pulumi CLI stand-in (tests/cli/standin/). The tests run
 * in order: each builds on the stacks the previous ones left, as an organizer's day would.
 * Retries and Ctrl-C are in documentedInterrupts.test.ts, the refusals a new user meets in
 * documentedSafety.test.ts: each file has a sandbox of its own, so the three run side by side.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { OK_RUN, outcome, REPO_ROOT, run, sandbox, stackList, type Sandbox } from "./standin";

// Each command is a child process that loads tsx and the Pulumi SDK (3-15 s here, more on a busy
// machine); the shard test runs two.
jest.setTimeout(240_000);

let sb: Sandbox;
beforeAll(() => {
    sb = sandbox("cli");
});
afterAll(() => sb.dispose());

const stacksOf = (): string[] =>
    stackList(sb)
        .map((s) => s.name)
        .sort();
const teamStacks = (...teams: string[]): string[] => teams.map((t) => `${sb.event}-${t}`).sort();

describe("documented event commands against the Pulumi CLI stand-in", () => {
    test("preview (README): passes absolute paths to a CLI running in stacks/<event>/ and leaves no stack behind", () => {
        const r = run(sb, `npm run event -- preview ${sb.roster}`);
        expect(r.stderr).not.toContain("no such file");
        expect(outcome(r)).toEqual(OK_RUN);
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
        expect(outcome(r)).toEqual(OK_RUN);
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
        for (const r of shards) expect(outcome(r)).toEqual(OK_RUN);
        const teams = shards.flatMap((r) =>
            [...r.stdout.matchAll(/^(\w+)\s+up\s+succeeded/gm)].map((m) => m[1]),
        );
        expect(teams.sort()).toEqual(["aurora", "borealis", "cirrus"]);
        expect(stacksOf()).toEqual(teamStacks("aurora", "borealis", "cirrus"));
    });

    test("up (README): every team; existing stacks change nothing", () => {
        const r = run(sb, `npx tsx event/cli.ts up ${sb.roster}`);
        expect(outcome(r)).toEqual(OK_RUN);
        expect(r.stdout).toContain("3 teams: 3 succeeded");
        for (const s of stackList(sb)) expect(s.resourceCount).toBe(8);
    });

    test("status (README): one row per team with the last update", () => {
        const r = run(sb, `npm run event -- status ${sb.roster}`);
        expect(outcome(r)).toEqual(OK_RUN);
        for (const team of ["aurora", "borealis", "cirrus"])
            expect(r.stdout).toMatch(
                new RegExp(`^${team}\\s+${sb.event}-${team}\\s+yes\\s.*update.*succeeded`, "m"),
            );
    });

    test("outputs (README): JSON from the stacks, secrets redacted", () => {
        const r = run(sb, `npm run event -- outputs ${sb.roster} --team aurora`);
        expect(outcome(r)).toEqual(OK_RUN);
        const json = r.stdout.slice(r.stdout.indexOf("{"));
        const outputs = JSON.parse(json) as Record<string, Record<string, unknown>>;
        expect(JSON.stringify(outputs)).toContain(`rg-${sb.event}-aurora`);
        expect(JSON.stringify(outputs)).toContain("[secret]");
        expect(r.stdout + r.stderr).not.toContain("s3cr3t");
    });

    test("refresh (README)", () => {
        const r = run(sb, `npm run event -- refresh ${sb.roster}`);
        expect(outcome(r)).toEqual(OK_RUN);
        expect(r.stdout).toContain("3 teams: 3 succeeded");
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
        expect(outcome(r)).toEqual(OK_RUN);
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
        expect(outcome(r)).toEqual(OK_RUN);
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
