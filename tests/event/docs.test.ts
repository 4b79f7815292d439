import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { renderSamples } from "./samples";

describe("docs/run-an-event.md", () => {
    const doc = readFileSync("docs/run-an-event.md", "utf8");

    test("shows the CLI's real output for every sample (regenerate with npx tsx tests/event/samples.ts)", async () => {
        const samples = await renderSamples();
        expect(samples.map((s) => s.exitCode)).toEqual([2, 1, 0, 0, 0, 0, 1]);
        for (const sample of samples)
            expect(doc).toContain(`$ ${sample.command}\n${sample.output}\n\`\`\``);
    });

    test("the README's samples are the CLI's real output too", async () => {
        const readme = readFileSync("README.md", "utf8");
        const samples = await renderSamples();
        for (const command of [
            "npm run event -- up stacks/example.yaml",
            "npm run event -- status stacks/example.yaml",
        ]) {
            const outputs = samples
                .filter((s) => s.command === command)
                .map((s) => `$ ${command}\n${s.output}\n\`\`\``);
            expect(outputs.length).toBeGreaterThan(0);
            expect(outputs.some((o) => readme.includes(o))).toBe(true);
        }
    });
    // Redaction of secret outputs is tested in driver.test.ts (`outputs`): the program exports none.
});

describe(".github/workflows/event.yml", () => {
    const workflow: unknown = parse(readFileSync(".github/workflows/event.yml", "utf8"));
    const text = JSON.stringify(workflow);

    test("is started by hand with command up|destroy|stop-compute, a roster and a shard count", () => {
        expect(workflow).toMatchObject({
            on: {
                workflow_dispatch: {
                    inputs: {
                        command: { type: "choice", options: ["up", "destroy", "stop-compute"] },
                        roster: { type: "string" },
                        shards: { type: "choice" },
                    },
                },
            },
        });
    });

    test("runs one shard per matrix job, with shared state, OIDC and the GitHub token from secrets", () => {
        expect(workflow).toMatchObject({
            jobs: {
                run: {
                    strategy: {
                        "fail-fast": false,
                        matrix: { shard: "${{ fromJSON(needs.shards.outputs.list) }}" },
                    },
                    permissions: { "id-token": "write" },
                    env: { ARM_USE_OIDC: "true" },
                },
            },
        });
        // The secrets reach the step that runs the driver (tests/cli/workflowSecurity.test.ts: only it).
        expect(text).toContain('"PULUMI_BACKEND_URL":"${{ secrets.PULUMI_BACKEND_URL }}"');
        expect(text).toContain('"GITHUB_TOKEN":"${{ secrets.EVENT_GITHUB_TOKEN }}"');
        expect(text).toMatch(/"uses":"azure\/login@[0-9a-f]{40}"/);
        expect(text).toContain('"SHARD":"${{ matrix.shard }}/${{ inputs.shards }}"');
        expect(text).toContain('npm run event -- \\"${args[@]}\\"');
        expect(text).toContain('args=(\\"$COMMAND\\" \\"$ROSTER\\" --shard \\"$SHARD\\")');
    });
});
