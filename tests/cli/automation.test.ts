/**
 * event/automation.ts, in process, on the real `@pulumi/pulumi/automation` module driving the Pulumi
 * CLI stand-in: what reaches the CLI, and what is left behind when a run fails early.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { createAutomationEngine, requireCliVersion } from "../../event/automation";
import { PulumiSetupError } from "../../event/backend";
import type { StackOperation } from "../../event/engine";
import { loadRoster, teamStackConfig, teamStackName } from "../../event/roster";
import { REPO_ROOT, sandbox, stackList, type Sandbox } from "./standin";

let sb: Sandbox;
const saved = { ...process.env };
beforeAll(() => {
    sb = sandbox("auto");
    // The SDK starts `pulumi` with this process's environment: point it at the stand-in.
    process.env = { ...sb.env };
    process.chdir(REPO_ROOT);
});
afterAll(() => {
    process.env = saved;
    sb.dispose();
});

async function operation(
    command: StackOperation["command"],
    team: string,
    extra: Partial<StackOperation> = {},
): Promise<StackOperation> {
    const roster = await loadRoster(sb.roster);
    const config = teamStackConfig(
        roster,
        roster.teams.find((t) => t.name === team)!,
    );
    return {
        command,
        stackName: teamStackName(sb.event, team),
        config,
        create: command === "up" || command === "preview",
        onOutput: () => undefined,
        onProgress: () => undefined,
        ...extra,
    };
}

const eventDir = (): string => `stacks/${sb.event}`;

describe("requireCliVersion", () => {
    test.each(["v3.187.0", "3.187.0", "v3.187.1", "v3.259.0", "v4.0.0", "v3.187.0-alpha.1+dirty"])(
        "%s is accepted",
        (version) => expect(() => requireCliVersion(version)).not.toThrow(),
    );
    test.each(["v3.186.9", "v3.150.0", "v2.999.0"])("%s is refused", (version) =>
        expect(() => requireCliVersion(version)).toThrow(PulumiSetupError),
    );
});

describe("the Automation API engine against the CLI stand-in", () => {
    test("a CLI older than 3.187.0 (README's minimum) is refused before any stack is touched", async () => {
        process.env.PULUMI_STANDIN_VERSION = "v3.186.2";
        try {
            const before = sb.invocations().length;
            const refused = createAutomationEngine(".", eventDir());
            await expect(refused).rejects.toThrow(PulumiSetupError);
            await expect(refused).rejects.toThrow(/3\.186\.2 is older than 3\.187\.0/);
            // Only `pulumi version` ran.
            expect(
                sb
                    .invocations()
                    .slice(before)
                    .map((c) => c.args[0]),
            ).toEqual(["version"]);
        } finally {
            delete process.env.PULUMI_STANDIN_VERSION;
        }
    });

    test("the event directory as a relative path (as the roster gave it before) still reaches the CLI as absolute paths", async () => {
        const engine = await createAutomationEngine(".", eventDir());
        const result = await engine.run(await operation("up", "aurora"));
        expect(result.changes).toBe("+8");
        // The stand-in creates a repository (a POST and two PATCHes by the provider) and one secret.
        expect(result.githubWrites).toBe(3 + 1);
        const up = sb.invocations().find((c) => c.args[0] === "up");
        const config = up?.args[(up?.args.indexOf("--policy-pack-config") ?? 0) + 1] ?? "";
        expect(path.isAbsolute(config)).toBe(true);
        expect(up?.cwd).toBe(path.join(REPO_ROOT, eventDir()));
    });

    test("a new stack whose first run fails before any resource is removed again", async () => {
        const engine = await createAutomationEngine(REPO_ROOT, path.resolve(eventDir()));
        process.env.PULUMI_STANDIN_REQUIRED_CONFIG = "openhack-mlops:missing";
        try {
            await expect(engine.run(await operation("up", "borealis"))).rejects.toThrow(
                "Missing required configuration variable 'openhack-mlops:missing'",
            );
        } finally {
            process.env.PULUMI_STANDIN_REQUIRED_CONFIG = sb.env.PULUMI_STANDIN_REQUIRED_CONFIG;
        }
        expect(stackList(sb).map((s) => s.name)).toEqual([`${sb.event}-aurora`]);
    });

    test("a preview of a new team leaves no stack", async () => {
        const engine = await createAutomationEngine(REPO_ROOT, path.resolve(eventDir()));
        await engine.run(await operation("preview", "cirrus"));
        expect(stackList(sb).map((s) => s.name)).toEqual([`${sb.event}-aurora`]);
        expect(existsSync(path.join(REPO_ROOT, eventDir(), `Pulumi.${sb.event}-cirrus.yaml`))).toBe(
            false,
        );
    });

    test("a forced stop that comes during stack selection stops the operation before the CLI runs it", async () => {
        const engine = await createAutomationEngine(REPO_ROOT, path.resolve(eventDir()));
        const force = new AbortController();
        force.abort();
        const before = sb.invocations().length;
        await expect(
            engine.run(await operation("up", "aurora", { signal: force.signal })),
        ).rejects.toThrow("forced stop before the engine started");
        expect(
            sb
                .invocations()
                .slice(before)
                .map((c) => c.args[0]),
        ).not.toContain("up");
    });

    test("an empty passphrase on a file backend is refused before anything is written", async () => {
        process.env.PULUMI_CONFIG_PASSPHRASE = "";
        const fresh = path.join(REPO_ROOT, "stacks", `${sb.event}x`);
        try {
            const attempt = createAutomationEngine(REPO_ROOT, fresh);
            await expect(attempt).rejects.toThrow(PulumiSetupError);
            await expect(attempt).rejects.toThrow("PULUMI_CONFIG_PASSPHRASE is set but empty");
            expect(existsSync(fresh)).toBe(false);
        } finally {
            process.env.PULUMI_CONFIG_PASSPHRASE = sb.env.PULUMI_CONFIG_PASSPHRASE;
        }
    });
});
