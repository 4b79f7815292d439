/**
 * What the driver does when a team's run goes wrong or is stopped, through the documented command
 * line as a child process with the Pulumi CLI stand-in (tests/cli/standin/): a transient failure is
 * retried, a quota failure is not, Ctrl-C once lets running teams finish, twice interrupts them. In
 * a sandbox of its own (its own event, stacks and backend), so it runs beside documented.test.ts.
 */
import { OK_RUN, outcome, run, sandbox, start, until, type Sandbox } from "./standin";

// Each command is a child process that loads tsx and the Pulumi SDK (3-15 s on a busy machine).
jest.setTimeout(240_000);

let sb: Sandbox;
beforeAll(() => {
    sb = sandbox("intr");
});
afterAll(() => sb.dispose());

const callsSince = (n: number) => sb.invocations().slice(n);

describe("retries and Ctrl-C, each team in the order the tests leave them", () => {
    test("a transient failure is retried and then succeeds", () => {
        // The retry is the driver's, after the preflight (covered above): --skip-preflight.
        const r = run(sb, `npm run event -- up ${sb.roster} --team borealis --skip-preflight`, {
            PULUMI_STANDIN_FAIL_ONCE: `${sb.event}-borealis=Status=429 Code="TooManyRequests" Message="Too many requests"`,
        });
        expect(r.stderr).toMatch(
            /borealis\s+↻ retrying\s+throttled \(429 TooManyRequests\); retry 1\/3/,
        );
        expect(outcome(r)).toEqual(OK_RUN);
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
        expect(outcome(again)).toEqual(OK_RUN);
    });
});
