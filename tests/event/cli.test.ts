import { helpText, interruptHandler, main, parseArgs } from "../../event/cli";
import { COMMANDS } from "../../event/commands/index";
import { UsageError } from "../../event/select";
import { EXIT } from "../../event/summary";
import { harness } from "./fakes";

describe("parseArgs", () => {
    test("defaults (--parallel from the machine's memory: 7 GiB, a hosted runner, holds 6 teams)", async () => {
        expect(await parseArgs(["up", "stacks/example.yaml"], 7 * 1024 ** 3)).toEqual({
            command: "up",
            rosterFile: "stacks/example.yaml",
            teams: [],
            parallel: 6,
            shard: undefined,
            orphans: false,
            retries: 3,
        });
    });

    test.each([
        [["destroy", "stacks/example.yaml", "--team", "aurora"], ["aurora"]],
        [
            ["destroy", "--team", "aurora", "--team", "cirrus", "stacks/example.yaml"],
            ["aurora", "cirrus"],
        ],
        [
            ["destroy", "stacks/example.yaml", "--team", "aurora", "cirrus"],
            ["aurora", "cirrus"],
        ],
        [
            ["destroy", "--team", "aurora", "cirrus", "stacks/example.yaml"],
            ["aurora", "cirrus"],
        ],
        [
            ["destroy", "stacks/example.yaml", "--team", "aurora,cirrus"],
            ["aurora", "cirrus"],
        ],
        [["destroy", "stacks/example.yaml", "--team=aurora", "--team=aurora"], ["aurora"]],
    ])("%j selects %j", async (argv, teams) => {
        const parsed = await parseArgs(argv);
        expect(parsed !== "help" && parsed.teams).toEqual(teams);
        expect(parsed !== "help" && parsed.rosterFile).toBe("stacks/example.yaml");
    });

    test("all options", async () => {
        expect(
            await parseArgs([
                "destroy",
                "stacks/x.yaml",
                "--parallel",
                "8",
                "--shard",
                "2/3",
                "--orphans",
                "--retries=0",
            ]),
        ).toEqual({
            command: "destroy",
            rosterFile: "stacks/x.yaml",
            teams: [],
            parallel: 8,
            shard: { index: 2, count: 3 },
            orphans: true,
            retries: 0,
        });
    });

    test.each([
        [["deploy", "stacks/x.yaml"], "error: unknown command 'deploy'"],
        [["upp", "stacks/example.yaml"], "error: unknown command 'upp'\n(Did you mean up?)"],
        [["up"], "error: missing required argument 'roster'"],
        [["up", "a.yaml", "b.yaml"], "error: too many arguments for 'up'"],
        [["up", "a.yaml", "--parallel", "0"], "It needs a whole number from 1 to 64"],
        [["up", "a.yaml", "--parallel", "two"], "argument 'two' is invalid"],
        [["up", "a.yaml", "--shard", "4/3"], "--shard must be i/n"],
        [["up", "a.yaml", "--team"], "error: option '--team <name>' argument missing"],
        [["up", "a.yaml", "--team", "--parallel", "2"], "It needs a team name"],
        [["up", "a.yaml", "--force"], "error: unknown option '--force'"],
        [["up", "a.yaml", "--paralel", "2"], "(Did you mean --parallel?)"],
        [["preview", "a.yaml", "--skip-preflight"], "--skip-preflight only goes with up"],
        [["up", "a.yaml", "--no-purge"], "--no-purge only goes with destroy"],
        [["status", "a.yaml", "--orphans"], "--orphans only goes with destroy"],
    ])("%j is refused: %s", async (argv, message) => {
        await expect(parseArgs(argv)).rejects.toThrow(UsageError);
        await expect(parseArgs(argv)).rejects.toThrow(message);
    });

    test("help", async () => {
        expect(await parseArgs(["--help"])).toBe("help");
        expect(await parseArgs(["up", "--help"])).toBe("help");
        expect(await parseArgs(["help", "destroy"])).toBe("help");
    });
});

describe("main", () => {
    test("bad arguments: exit 2 with the error and where the help is, and no engine", async () => {
        const h = harness();
        const code = await main(["up", "stacks/example.yaml", "--parallel", "-1"], h.deps(""));
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toBe(
            "error: option '--parallel <n>' argument '-1' is invalid. It needs a whole number from 1 to 64.\n" +
                'Run "npm run event -- up --help" to see what it takes.\n',
        );
        expect(h.engineCreated).toBe(0);
    });

    test("a misspelt command: exit 2 naming the closest command, and no engine", async () => {
        const h = harness();
        expect(await main(["upp", "stacks/example.yaml"], h.deps(""))).toBe(EXIT.usage);
        expect(h.err.text).toContain("error: unknown command 'upp'\n(Did you mean up?)");
        expect(h.engineCreated).toBe(0);
    });

    test("no arguments: exit 2 with the usage listing every command, on stderr", async () => {
        const h = harness();
        expect(await main([], h.deps(""))).toBe(EXIT.usage);
        expect(h.out.text).toBe("");
        expect(h.err.text).toContain("Usage: npm run event -- <command> <roster.yaml> [options]");
        const listed = [...h.err.text.matchAll(/^ {2}([a-z-]+) .*$/gm)].map((m) => m[1]);
        expect(listed).toEqual([
            "up",
            "preview",
            "refresh",
            "destroy",
            "verify-teardown",
            "status",
            "outputs",
            "handouts",
            "roster",
            "preflight",
            "requests",
            "stop-compute",
            "cost",
            "help",
        ]);
        expect(listed).toHaveLength(COMMANDS.length + 1);
    });

    test("--help: exit 0 with the usage on stdout; each command has its own help", async () => {
        const h = harness();
        expect(await main(["--help"], h.deps(""))).toBe(EXIT.ok);
        expect(h.out.text).toContain("Usage: npm run event -- <command> <roster.yaml> [options]");
        expect(h.out.text).toBe(await helpText([]));
        const up = await helpText(["up"]);
        expect(up).toContain("Usage: npm run event -- up [options] <roster>");
        expect(up).toContain("--skip-preflight");
        expect(up).not.toContain("--orphans");
        expect(await helpText(["roster", "import"])).toContain(
            "Usage: npm run event -- roster import [options] <registrations.csv>",
        );
    });

    test("runs the real roster file end to end against the fake engine", async () => {
        const h = harness();
        // No readText override: the real file is read.
        const deps = { ...h.deps(""), readText: undefined };
        const code = await h.clock.run(
            main(["preview", "stacks/example.yaml", "--team", "cirrus"], deps),
        );
        expect(code).toBe(EXIT.ok);
        expect(
            h.engine
                .runs()
                .map((r) => [r.command, r.stack, r.config?.["openhack-mlops:team"].members.length]),
        ).toEqual([["preview", "oh4mlex-cirrus", 5]]);
        expect(h.out.text).toContain("stacks/oh4mlex/logs/cirrus-preview.log");
    });

    test("a missing roster file: exit 2, nothing touched", async () => {
        const h = harness();
        // No readText override: the real file is read.
        const deps = { ...h.deps(""), readText: undefined };
        expect(await h.clock.run(main(["status", "stacks/nope.yaml"], deps))).toBe(EXIT.usage);
        expect(h.err.text).toBe("not found: stacks/nope.yaml\n");
        expect(h.engine.calls).toEqual([]);
    });

    test("Pulumi not usable: exit 2 with a hint", async () => {
        const h = harness();
        const deps = { ...h.deps(""), readText: undefined };
        const code = await h.clock.run(
            main(["status", "stacks/example.yaml"], {
                ...deps,
                createEngine: async () => {
                    throw new Error("code: -2\n stderr: spawn pulumi ENOENT");
                },
            }),
        );
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toContain("cannot reach Pulumi");
        expect(h.err.text).toContain("spawn pulumi ENOENT");
    });
});

describe("destroy of the whole event is safe by default", () => {
    const engineRuns = (h: ReturnType<typeof harness>) => h.engine.runs().length;

    test("off a terminal without --yes: exit 2, no engine, nothing touched", async () => {
        const h = harness();
        const deps = { ...h.deps(""), readText: undefined };
        const code = await h.clock.run(main(["destroy", "stacks/example.yaml"], deps));
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toBe(
            "destroy: this tears down every team of event oh4mlex (stacks, resources, repositories, invited guests); without a terminal to confirm on, it needs --yes. Nothing was touched. (Some teams only: --team <name>.)\n",
        );
        expect(h.engineCreated).toBe(0);
        expect(h.engine.calls).toEqual([]);
    });

    test("a shard of the whole event needs it too", async () => {
        const h = harness();
        const deps = { ...h.deps(""), readText: undefined };
        const code = await h.clock.run(
            main(["destroy", "stacks/example.yaml", "--shard", "1/2"], deps),
        );
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toContain("shard 1/2 of every team of event oh4mlex");
        expect(h.engineCreated).toBe(0);
    });

    test.each([
        ["--yes", ["--yes"], undefined],
        ["the event's name typed on a terminal", [], "oh4mlex\n"],
    ])("with %s it runs", async (_, extra, typed) => {
        const h = harness();
        const asked: string[] = [];
        const terminal =
            typed === undefined
                ? undefined
                : {
                      interactive: true,
                      ask: async (q: string) => {
                          asked.push(q);
                          return typed;
                      },
                  };
        const deps = { ...h.deps(""), readText: undefined, terminal };
        await h.clock.run(main(["destroy", "stacks/example.yaml", "--no-purge", ...extra], deps));
        expect(h.engineCreated).toBe(1);
        expect(asked).toEqual(
            typed === undefined
                ? []
                : [
                      "destroy: this tears down every team of event oh4mlex (stacks, resources, repositories, invited guests).\nType the event name (oh4mlex) to go on: ",
                  ],
        );
    });

    test("a wrong name typed on a terminal: exit 2, nothing touched", async () => {
        const h = harness();
        const terminal = { interactive: true, ask: async () => "oh4mlx" };
        const deps = { ...h.deps(""), readText: undefined, terminal };
        const code = await h.clock.run(main(["destroy", "stacks/example.yaml"], deps));
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toBe('destroy: the answer was not "oh4mlex": nothing was touched.\n');
        expect(h.engineCreated).toBe(0);
        expect(engineRuns(h)).toBe(0);
    });

    test("--team or --orphans destroy a part without asking", async () => {
        for (const extra of [["--team", "aurora"], ["--orphans"]]) {
            const h = harness();
            const terminal = {
                interactive: true,
                ask: async (): Promise<string> => {
                    throw new Error("must not ask");
                },
            };
            const deps = { ...h.deps(""), readText: undefined, terminal };
            await h.clock.run(
                main(["destroy", "stacks/example.yaml", "--no-purge", ...extra], deps),
            );
            expect(h.engineCreated).toBe(1);
        }
    });
});

describe("interruptHandler", () => {
    test("first press stops new starts, second forces, third exits with 130", () => {
        const stop = new AbortController();
        const force = new AbortController();
        const exits: number[] = [];
        const press = interruptHandler(stop, force, (code) => exits.push(code));
        press();
        expect([stop.signal.aborted, force.signal.aborted, exits]).toEqual([true, false, []]);
        press();
        expect([stop.signal.aborted, force.signal.aborted, exits]).toEqual([true, true, []]);
        press();
        expect(exits).toEqual([EXIT.interrupted]);
    });
});
