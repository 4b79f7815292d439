/**
 * The event commands' refusals, as a new user types them: a misspelt command, no arguments, a
 * destroy of the whole event without a terminal, a missing passphrase. Each is a child process from
 * the repository root with the Pulumi CLI stand-in (tests/cli/standin/), as in documented.test.ts,
 * in a sandbox of its own so both files run side by side.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { OK_RUN, outcome, REPO_ROOT, run, sandbox, stackList, type Sandbox } from "./standin";

// Each command is a child process that loads tsx and the Pulumi SDK (3-15 s on a busy machine).
jest.setTimeout(240_000);

let sb: Sandbox;
beforeAll(() => {
    sb = sandbox("safe");
});
afterAll(() => sb.dispose());

const callsSince = (n: number) => sb.invocations().slice(n);

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
            expect(outcome(r)).toEqual(OK_RUN);
        } finally {
            writeFileSync(path.join(REPO_ROOT, file), "");
            run(sb, `rm -f ${file}`);
        }
    });
});
