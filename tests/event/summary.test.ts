import {
    EXIT,
    exitCodeOf,
    firstErrorLine,
    formatChanges,
    formatSummary,
    formatTable,
    type TeamOutcome,
} from "../../event/summary";

const outcome = (team: string, result: TeamOutcome["result"], detail = ""): TeamOutcome => ({
    team,
    stack: `oh4mlex-${team}`,
    command: "up",
    result,
    durationMs: 754_000,
    attempts: result === "not started" || result === "skipped" ? 0 : 1,
    detail,
    logFile: `stacks/oh4mlex/logs/${team}-up.log`,
});

describe("firstErrorLine", () => {
    test("picks the engine's specific error out of an Automation API error", () => {
        const text = [
            "code: 255",
            " stdout: Updating (oh4mlex-aurora):",
            "Diagnostics:",
            "  pulumi:pulumi:Stack (openhack-mlops-oh4mlex-aurora):",
            "    error: update failed",
            "  azure-native:storage:StorageAccount (aurora-storage):",
            '    error: Status=409 Code="StorageAccountAlreadyTaken" Message="The storage account named oh4mlexaurora is already taken."',
            "",
            " stderr: error: update failed",
            "",
            " err?: Error: Command failed with exit code 255",
        ].join("\n");
        expect(firstErrorLine(text)).toBe(
            'Status=409 Code="StorageAccountAlreadyTaken" Message="The storage account named oh4mlexaurora is already taken."',
        );
    });

    test("falls back to the generic error, then to the first meaningful line", () => {
        expect(firstErrorLine("code: 255\n stdout: \n stderr: error: update failed\n")).toBe(
            "update failed",
        );
        expect(firstErrorLine("spawn pulumi ENOENT")).toBe("spawn pulumi ENOENT");
        expect(firstErrorLine("")).toBe("unknown error");
    });

    test("uses the first bullet of a multi-error message", () => {
        expect(
            firstErrorLine(
                "error: 2 errors occurred:\n\t* resource x: quota exceeded\n\t* resource y: quota exceeded",
            ),
        ).toBe("resource x: quota exceeded");
    });

    test("is cut to a table-friendly length", () => {
        const line = firstErrorLine(`error: ${"x".repeat(500)}`, 50);
        expect(line).toHaveLength(50);
        expect(line.endsWith("…")).toBe(true);
    });
});

describe("formatSummary", () => {
    test("one aligned row per team, then totals", () => {
        const text = formatSummary([
            outcome("aurora", "succeeded", "+15"),
            outcome("borealis", "failed", 'Code="AuthorizationFailed"'),
            outcome("cirrus", "not started", "stopped by Ctrl-C before it started"),
        ]);
        expect(text.split("\n")).toEqual([
            "TEAM      COMMAND  RESULT       DURATION  TRIES  LOG                                  DETAIL",
            "aurora    up       succeeded    12m 34s   1      stacks/oh4mlex/logs/aurora-up.log    +15",
            'borealis  up       failed       12m 34s   1      stacks/oh4mlex/logs/borealis-up.log  Code="AuthorizationFailed"',
            "cirrus    up       not started  -         -      stacks/oh4mlex/logs/cirrus-up.log    stopped by Ctrl-C before it started",
            "",
            "3 teams: 1 succeeded, 1 failed, 1 not started",
        ]);
    });

    test("formatTable trims trailing blanks", () => {
        expect(formatTable(["A", "B"], [["x", ""]])).toBe("A  B\nx");
    });
});

describe("exitCodeOf", () => {
    test.each([
        [["succeeded", "succeeded"], EXIT.ok],
        [["succeeded", "skipped"], EXIT.ok],
        [["succeeded", "failed"], EXIT.teamFailed],
        [["failed", "not started"], EXIT.teamFailed],
        [["succeeded", "not started"], EXIT.interrupted],
        [[], EXIT.ok],
    ] as const)("%j -> %i", (results, code) => {
        expect(exitCodeOf(results.map((r, i) => outcome(`t${i}`, r)))).toBe(code);
    });
});

describe("formatChanges", () => {
    test.each([
        [{ create: 14, same: 3 }, "+14"],
        [{ create: 1, update: 2, replace: 1, delete: 3 }, "+1 ~2 ±1 -3"],
        [{ same: 30 }, "no changes"],
        [undefined, "no changes"],
    ])("%j -> %s", (changes, text) => {
        expect(formatChanges(changes)).toBe(text);
    });
});

test("firstErrorLine drops the Automation API's stream labels", () => {
    expect(
        firstErrorLine(
            "code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\n err?: Error: spawn pulumi ENOENT",
        ),
    ).toBe("Command failed with ENOENT: pulumi version");
});
