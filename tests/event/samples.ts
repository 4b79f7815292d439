/**
 * The sample output in docs/run-an-event.md, produced by running the real CLI (`main`) on
 * stacks/example.yaml against the scripted fake engine and virtual clock. docs.test.ts checks that
 * the document still shows exactly this output; after changing what the CLI prints, regenerate with
 *
 *   npx tsx tests/event/samples.ts
 *
 * and paste the blocks into the document.
 */
import { readFileSync } from "node:fs";
import { main } from "../../event/cli";
import { PlainReporter } from "../../event/progress";
import { teardownSession } from "../../event/teardown/session";
import { FakeClock, FakeEngine, MemoryLogs, MemoryStream } from "./fakes";
import { MemoryCloud, MemoryRecords, SUBSCRIPTION, withCloudEffects } from "./teardownFakes";

export interface Sample {
    readonly command: string;
    readonly output: string;
    readonly exitCode: number;
}

/** 2026-12-14 08:00 UTC: the week of the example event. */
const START = Date.UTC(2026, 11, 14, 8, 0, 0);
const ROSTER = "stacks/example.yaml";

const minutes = (m: number, s = 0): number => (m * 60 + s) * 1000;

/** The event's cloud as seen by teardown (in memory: the samples never reach a service). */
const cloud = new MemoryCloud();
const records = new MemoryRecords();

async function sample(
    engine: FakeEngine,
    clock: FakeClock,
    argv: readonly string[],
    readText?: (file: string) => Promise<string>,
): Promise<Sample> {
    // One stream for stdout and stderr: what a person sees in a CI log.
    const terminal = new MemoryStream(false);
    const exitCode = await clock.run(
        main(argv, {
            createEngine: async () => engine,
            clock: {
                now: () => START + clock.now(),
                sleep: (ms, signal) => clock.sleep(ms, signal),
            },
            random: () => 0.8,
            out: terminal,
            err: terminal,
            reporter: new PlainReporter(terminal, clock),
            openLog: new MemoryLogs().open,
            readText,
            // As the CLI does with AZURE_SUBSCRIPTION_ID, for teams the roster gives no subscription.
            teardown: (roster, options) =>
                teardownSession(
                    roster,
                    { ...options, defaultSubscriptionId: SUBSCRIPTION },
                    cloud,
                    records,
                ),
            // Up records each team's guests (issue 22): in memory, like teardown's records.
            records: () => records,
            // As without GITHUB_TOKEN: the samples never reach GitHub (invitations: githubInvitations.test.ts).
            github: async () => undefined,
            // A ready event: the preflight report itself is README's "Before the event" sample.
            preflight: async () => 0,
        }),
    );
    return {
        command: `npm run event -- ${argv.join(" ")}`,
        output: terminal.text.trimEnd(),
        exitCode,
    };
}

export async function renderSamples(): Promise<Sample[]> {
    const clock = new FakeClock();
    const engine = withCloudEffects(new FakeEngine(clock), cloud);
    // cirrus stays provisioned: verify-teardown then shows what a team not torn down leaves.
    cloud
        .provision("oh4mlex", "borealis", "q7m2pd")
        .provision("oh4mlex", "cirrus", "h5v0rn")
        .provision("oh4mlex", "delta", "z8c4tw");
    // A stack left from a team that was removed from the roster after a dry run.
    engine.addStack("oh4mlex-delta", {
        resourceCount: 31,
        lastUpdate: "2026-12-10T07:41:02.000Z",
        last: { kind: "update", result: "succeeded" },
    });
    engine.script("up", "oh4mlex-aurora", { delayMs: minutes(11, 24), changes: "+52" });
    engine.script(
        "up",
        "oh4mlex-borealis",
        {
            delayMs: minutes(3, 7),
            error: '    error: Status=429 Code="TooManyRequests" Message="The request is being throttled as the limit has been reached for operation type - Write."',
        },
        { delayMs: minutes(8, 2), changes: "+39" },
    );
    engine.script("up", "oh4mlex-cirrus", {
        delayMs: minutes(6, 40),
        error: '    error: Code="QuotaExceeded" Message="Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota."',
    });

    const samples: Sample[] = [];
    // The roster with two typical mistakes: an underscore in a GitHub login, a member without an identity.
    const typo = readFileSync(ROSTER, "utf8")
        .replace("github: hana-kobayashi", "github: hana_kobayashi")
        .replace(
            "      - github: gopal-iyer\n        userPrincipalName: gopal.iyer@contoso.onmicrosoft.com\n",
            "      - github: gopal-iyer\n",
        );
    samples.push(await sample(engine, clock, ["up", ROSTER], async () => typo));
    samples.push(await sample(engine, clock, ["up", ROSTER]));
    engine.addStack("oh4mlex-aurora", {
        resourceCount: 52,
        lastUpdate: "2026-12-14T08:11:24.000Z",
        last: { kind: "update", result: "succeeded" },
    });
    engine.addStack("oh4mlex-borealis", {
        resourceCount: 39,
        lastUpdate: "2026-12-14T08:11:21.000Z",
        last: { kind: "update", result: "succeeded" },
    });
    engine.addStack("oh4mlex-cirrus", {
        resourceCount: 18,
        lastUpdate: "2026-12-14T08:06:40.000Z",
        last: { kind: "update", result: "failed" },
    });
    samples.push(await sample(engine, clock, ["status", ROSTER]));
    engine.addStack("oh4mlex-aurora", {
        resourceCount: 52,
        // The team program's real output names (index.ts); it exports no secret value.
        outputs: {
            team: { value: "aurora", secret: false },
            resourceGroup: { value: "rg-oh4mlex-aurora", secret: false },
            workspace: { value: "oh4mlex-aurora-k3x9qz", secret: false },
            endpoint: { value: "oh4mlex-aurora-epk3x9qz", secret: false },
            repository: { value: "contoso-hack/oh4mlex-aurora", secret: false },
            repositoryUrl: {
                value: "https://github.com/contoso-hack/oh4mlex-aurora",
                secret: false,
            },
            servicePrincipalClientId: {
                value: "7d0c5a1e-2b9f-4c3d-8e6a-1f2b3c4d5e6f",
                secret: false,
            },
        },
    });
    samples.push(await sample(engine, clock, ["outputs", ROSTER, "--team", "aurora"]));
    // What teardown reads before the destroy (the real output names; see index.ts).
    const teardownOutputs = (team: string, suffix: string) => ({
        subscriptionId: { value: SUBSCRIPTION, secret: false },
        workspace: { value: `oh4mlex-${team}-${suffix}`, secret: false },
        storageAccount: { value: `oh4mlex${team.slice(0, 8)}${suffix}`, secret: false },
        servicePrincipalClientId: { value: `client-${team}`, secret: false },
    });
    engine.addStack("oh4mlex-borealis", {
        resourceCount: 39,
        outputs: teardownOutputs("borealis", "q7m2pd"),
    });
    engine.addStack("oh4mlex-delta", {
        resourceCount: 31,
        outputs: teardownOutputs("delta", "z8c4tw"),
    });
    engine.script("destroy", "oh4mlex-borealis", { delayMs: minutes(9, 12), changes: "-39" });
    samples.push(await sample(engine, clock, ["destroy", ROSTER, "--team", "borealis"]));
    engine.script("destroy", "oh4mlex-delta", { delayMs: minutes(8, 55), changes: "-31" });
    samples.push(await sample(engine, clock, ["destroy", ROSTER, "--orphans"]));
    samples.push(
        await sample(engine, clock, ["verify-teardown", ROSTER, "--team", "borealis", "cirrus"]),
    );
    return samples;
}

/** Markdown for the document: the command and its output. */
export const asMarkdown = (s: Sample): string =>
    `\`\`\`console\n$ ${s.command}\n${s.output}\n\`\`\`\n(exit code ${s.exitCode})`;

if (require.main === module) {
    renderSamples()
        .then((samples) => process.stdout.write(`${samples.map(asMarkdown).join("\n\n")}\n`))
        .catch((error: unknown) => {
            process.stderr.write(`${String(error)}\n`);
            process.exitCode = 1;
        });
}
