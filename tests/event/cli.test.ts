import { interruptHandler, main, parseArgs, USAGE } from "../../event/cli";
import { UsageError } from "../../event/select";
import { EXIT } from "../../event/summary";
import { harness } from "./fakes";

describe("parseArgs", () => {
    test("defaults (--parallel from the machine's memory: 7 GiB, a hosted runner, holds 6 teams)", () => {
        expect(parseArgs(["up", "stacks/example.yaml"], 7 * 1024 ** 3)).toEqual({
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
    ])("%j selects %j", (argv, teams) => {
        const parsed = parseArgs(argv);
        expect(parsed !== "help" && parsed.teams).toEqual(teams);
        expect(parsed !== "help" && parsed.rosterFile).toBe("stacks/example.yaml");
    });

    test("all options", () => {
        expect(
            parseArgs([
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
        [["deploy", "stacks/x.yaml"], "first argument must be one of"],
        [["up"], "needs the roster file"],
        [["up", "a.yaml", "b.yaml"], "unexpected argument"],
        [["up", "a.yaml", "--parallel", "0"], "--parallel needs a whole number from 1 to 64"],
        [["up", "a.yaml", "--parallel", "two"], "--parallel needs a whole number"],
        [["up", "a.yaml", "--shard", "4/3"], "--shard must be i/n"],
        [["up", "a.yaml", "--team"], "--team needs a team name"],
        [["up", "a.yaml", "--force"], "unknown option --force"],
        [["preview", "a.yaml", "--skip-preflight"], "--skip-preflight only goes with up"],
        [["up", "a.yaml", "--no-purge"], "--no-purge only goes with destroy"],
    ])("%j is refused: %s", (argv, message) => {
        expect(() => parseArgs(argv)).toThrow(UsageError);
        expect(() => parseArgs(argv)).toThrow(message);
    });

    test("help", () => {
        expect(parseArgs([])).toBe("help");
        expect(parseArgs(["up", "--help"])).toBe("help");
    });
});

describe("main", () => {
    test("bad arguments: exit 2 with the usage, and no engine", async () => {
        const h = harness();
        const code = await main(["up", "stacks/example.yaml", "--parallel", "-1"], h.deps(""));
        expect(code).toBe(EXIT.usage);
        expect(h.err.text).toContain(USAGE);
        expect(h.engineCreated).toBe(0);
    });

    test("--help: exit 0 with the usage on stdout", async () => {
        const h = harness();
        expect(await main(["--help"], h.deps(""))).toBe(EXIT.ok);
        expect(h.out.text).toContain("Usage: npm run event -- <command> <roster.yaml> [options]");
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
        expect(h.err.text).toContain("stacks/nope.yaml: cannot read the roster");
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
