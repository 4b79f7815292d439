/**
 * `pulumi stack export` as the stand-in models it (pkg/cmd/pulumi/stack/stack_export.go), and the
 * Automation API engine reading a failed first `up`'s invitations through it (issue 22): the real
 * `@pulumi/pulumi/automation` module runs `stack export --show-secrets --stack <name>`
 * (LocalWorkspace.exportStack), so what reaches the driver is the invitations' ids, never the state.
 */
import * as path from "node:path";
import { createAutomationEngine, exportFailure } from "../../event/automation";
import type { StackEngine, StackOperation } from "../../event/engine";
import { loadRoster, teamStackConfig, teamStackName } from "../../event/roster";
import { REPO_ROOT, run, sandbox, type Sandbox } from "./standin";

let sb: Sandbox;
let engine: StackEngine;
const saved = { ...process.env };
beforeAll(async () => {
    sb = sandbox("export");
    process.env = { ...sb.env };
    process.chdir(REPO_ROOT);
    engine = await createAutomationEngine(REPO_ROOT, path.resolve(`stacks/${sb.event}`));
});
afterAll(() => {
    process.env = saved;
    sb.dispose();
});

const SIG = "4dabf18193072939515e22adb298388d";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An `up` of a roster team, with one more member listed by e-mail. */
async function up(team: string): Promise<StackOperation> {
    const roster = await loadRoster(sb.roster);
    const config = teamStackConfig(
        roster,
        roster.teams.find((t) => t.name === team)!,
    );
    const withGuest = {
        ...config,
        "openhack-mlops:team": {
            ...config["openhack-mlops:team"],
            members: [
                ...config["openhack-mlops:team"].members,
                { github: "Kenji-T", email: "kenji.t@example.com" },
            ],
        },
    };
    return {
        command: "up",
        stackName: teamStackName(sb.event, team),
        config: withGuest,
        create: true,
        onOutput: () => undefined,
        onProgress: () => undefined,
    };
}

const exported = (stack: string, flags = "", env: NodeJS.ProcessEnv = {}) =>
    run(sb, `pulumi stack export --cwd stacks/${sb.event} --stack ${stack} ${flags}`.trim(), env);

type Resource = {
    type: string;
    outputs?: Record<string, unknown>;
    created?: string;
    modified?: string;
};

describe("a first up that fails after inviting", () => {
    test("leaves the invitation in the state and no outputs; the engine reads its id from the state", async () => {
        const op = await up("aurora");
        process.env.PULUMI_STANDIN_FAIL = `${op.stackName}=creating Budget: 400 Bad Request`;
        try {
            await expect(engine.run(op)).rejects.toThrow("creating Budget: 400 Bad Request");
        } finally {
            delete process.env.PULUMI_STANDIN_FAIL;
        }
        expect(await engine.outputs(op.stackName)).toEqual({});
        const raw = exported(op.stackName);
        expect(raw.code).toBe(0);
        const state = JSON.parse(raw.stdout) as {
            version: number;
            deployment: { resources: Resource[] };
        };
        expect(state.version).toBe(3);
        const invitation = state.deployment.resources.find(
            (r) => r.type === "azuread:index/invitation:Invitation",
        );
        const userId = String(invitation?.outputs?.userId);
        expect(userId).toMatch(UUID);

        // Every resource carries `created`/`modified` (RFC 3339) as ResourceV3 does; the root
        // Stack's `created` is the stack's first up, the lower bound teardown proves guests with.
        const root = state.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        for (const r of state.deployment.resources) {
            expect(Number.isNaN(Date.parse(String(r.created)))).toBe(false);
            expect(Date.parse(String(r.modified))).toBeGreaterThanOrEqual(
                Date.parse(String(r.created)),
            );
        }
        expect(Date.parse(String(root?.created))).toBeLessThanOrEqual(
            Date.parse(String(invitation?.created)),
        );

        const before = sb.invocations().length;
        expect(await engine.invitedGuestsInState(op.stackName)).toEqual({
            guests: [{ login: "kenji-t", objectId: userId }],
            stackCreated: root?.created,
        });
        expect(
            sb
                .invocations()
                .slice(before)
                .map((c) => c.args),
        ).toContainEqual([
            "stack",
            "export",
            "--show-secrets",
            "--stack",
            op.stackName,
            "--non-interactive",
        ]);
    });
});

describe("stack export", () => {
    let stack: string;
    let op: Awaited<ReturnType<typeof up>>;
    beforeAll(async () => {
        op = await up("borealis");
        stack = op.stackName;
        await engine.run(op);
    });

    test("a later up keeps each resource's `created`: the Stack's stays the first up's", async () => {
        const created = () =>
            (
                JSON.parse(exported(stack).stdout) as { deployment: { resources: Resource[] } }
            ).deployment.resources.map((r) => [r.type, r.created]);
        const first = created();
        expect(first.length).toBeGreaterThan(1);
        await engine.run(op);
        expect(created()).toEqual(first);
    });

    test("secrets stay encrypted without --show-secrets and are shown with it", () => {
        const hidden = exported(stack);
        expect(hidden.code).toBe(0);
        expect(hidden.stdout).not.toContain("s3cr3t");
        const stackOutputs = (text: string) =>
            (
                JSON.parse(text) as { deployment: { resources: Resource[] } }
            ).deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
        expect(Object.keys(stackOutputs(hidden.stdout).azureCredentials as object).sort()).toEqual(
            [SIG, "ciphertext"].sort(),
        );
        const shown = exported(stack, "--show-secrets");
        expect(shown.code).toBe(0);
        const plaintext = (stackOutputs(shown.stdout).azureCredentials as { plaintext: string })
            .plaintext;
        expect(JSON.parse(plaintext)).toEqual({ clientSecret: expect.stringMatching(/^s3cr3t-/) });
        // The invitation's id is not a secret: it is there either way.
        expect(shown.stdout).toContain('"userId"');
    });

    test("a wrong passphrase fails --show-secrets only; the engine's error names the reason and carries no state", async () => {
        const wrong = { PULUMI_CONFIG_PASSPHRASE: "wrong" };
        expect(exported(stack, "", wrong).code).toBe(0);
        const failed = exported(stack, "--show-secrets", wrong);
        expect(failed.code).not.toBe(0);
        expect(failed.stderr).toContain("incorrect passphrase");

        process.env.PULUMI_CONFIG_PASSPHRASE = "wrong";
        try {
            const read = engine.invitedGuestsInState(stack);
            await expect(read).rejects.toThrow(
                "pulumi stack export failed: error: failed to decrypt: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE",
            );
            const message = await read.catch((e: Error) => e.message);
            for (const leak of ["s3cr3t", "ciphertext", "stdout", "userId"])
                expect(message).not.toContain(leak);
        } finally {
            process.env.PULUMI_CONFIG_PASSPHRASE = sb.env.PULUMI_CONFIG_PASSPHRASE;
        }
    });

    test("a failed export's standard output never reaches the error", () => {
        // What execa makes of a failed command (stderr, then stdout) inside CommandResult's text.
        const state = '{\n    "version": 3,\n    "deployment": {"plaintext": "\\"s3cr3t-x\\""}\n}';
        const message = `code: -2\n stdout: \n stderr: Command failed with exit code 255: pulumi stack export --show-secrets --stack s\nerror: could not export deployment: write error\n${state}\n err?: Error: Command failed with exit code 255: pulumi stack export\nerror: could not export deployment: write error\n${state}\n`;
        expect(exportFailure(new Error(message))).toBe(
            "error: could not export deployment: write error",
        );
        expect(
            exportFailure(new SyntaxError('Unexpected token s, "s3cr3t" is not valid JSON')),
        ).toBe("its output is not JSON");
        expect(
            exportFailure(new Error("Command failed with exit code 255: pulumi stack export")),
        ).toBe("the CLI said no error (exit code 255)");
    });
});
