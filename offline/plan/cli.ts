/**
 * `npm run plan [-- <Pulumi.<stack>.yaml | stacks/<event>.yaml>...] [options]` (its options: planProgram,
 * on the project's command-line framework, event/commandLine.ts).
 *
 * The project's main command: an offline plan of one or more events, computed under Pulumi's mock
 * runtime with no cloud, no credentials and no Pulumi CLI. The clock is read once, here.
 */
import * as path from "path";
import { InvalidArgumentError, Option } from "commander";
import { CliCommand, program, runCommandLine } from "../../event/commandLine";
import { OFFLINE_NOTICE } from "./model";
import { runPlan } from "./plan";
import { BUILT_IN_PRICES, loadPriceOverride, PriceTableError, type PriceTable } from "./prices";
import { fetchRetailPage, type RetailPage } from "./retailPricesApi";
import { renderJson, renderText } from "./render";
import type { PoolMode } from "./pool";
import type { RunMode } from "./runner";
import { loadSource } from "./sources";

/** The runnable sample stack, planned when no file is given. */
export const DEFAULT_STACK_FILE = path.resolve(__dirname, "..", "..", "Pulumi.dev.yaml");

export const PLAN_HELP = `
Exit code: 0 = no errors (warnings allowed), 1 = the plan found errors, 2 = bad command line or
price file. Piping through npm? Use "npm run -s plan": npm prints its own banner on stdout.`;

export interface CliArgs {
    readonly files: readonly string[];
    readonly json: boolean;
    readonly brief: boolean;
    readonly now?: Date;
    readonly days?: number;
    readonly clusterHours?: number;
    readonly prices?: string;
    readonly workers?: number;
    /** Worker kind; undefined = the runner's default. */
    readonly pool?: PoolMode;
    readonly stats: boolean;
    /** `--handouts DIR`: write sample handouts there. */
    readonly handouts?: string;
}

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string): Date {
    const date = new Date(`${value}T00:00:00Z`);
    if (
        !ISO_DAY.test(value) ||
        Number.isNaN(date.getTime()) ||
        date.toISOString().slice(0, 10) !== value
    ) {
        throw new InvalidArgumentError(
            `--now: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`,
        );
    }
    return date;
}

function parseNumber(
    flag: string,
    { integer, min }: { integer: boolean; min: number },
): (value: string) => number {
    return (value) => {
        const n = Number(value);
        if (
            value.trim() === "" ||
            !Number.isFinite(n) ||
            (integer && !Number.isInteger(n)) ||
            n < min
        ) {
            throw new InvalidArgumentError(
                `${flag}: expected ${integer ? "a whole number" : "a number"} >= ${min}, got ${JSON.stringify(value)}`,
            );
        }
        return n;
    };
}

/** An option's value: `--prices --json` is a forgotten value, not a file named "--json". */
const valueOf =
    (flag: string) =>
    (value: string): string => {
        if (value.startsWith("--")) throw new InvalidArgumentError(`${flag}: missing value`);
        return value;
    };

interface PlanFlags {
    readonly json?: boolean;
    readonly brief?: boolean;
    readonly now?: Date;
    readonly days?: number;
    readonly clusterHours?: number;
    readonly prices?: string;
    readonly workers?: number;
    readonly pool?: "threads" | "processes";
    readonly stats?: boolean;
    readonly handouts?: string;
}

/** The `npm run plan` command line; `run` gets the parsed arguments. */
export function planProgram(run: (args: CliArgs) => Promise<number>): CliCommand {
    return program(
        "npm run plan --",
        "[file...] [options]",
        `${OFFLINE_NOTICE}\n\nAn offline plan of one or more events, computed under Pulumi's mock runtime with no cloud, no credentials and no Pulumi CLI.`,
    )
        .argument(
            "[file...]",
            "Pulumi.<stack>.yaml (a team stack's config) or stacks/<event>.yaml (an event roster: location, event, teams). Default: Pulumi.dev.yaml.",
        )
        .option("--json", "the report as JSON (same content as the text)")
        .option(
            "--brief",
            "one screen for the organizer: alike teams grouped, resources counted by kind, totals",
        )
        .addOption(
            new Option(
                "--now <YYYY-MM-DD>",
                'the plan\'s "today" (default: the clock), for reproducible output',
            ).argParser(parseDay),
        )
        .addOption(
            new Option(
                "--days <n>",
                "event length in days for the cost (default: today to endsOn, both included)",
            ).argParser(parseNumber("--days", { integer: true, min: 1 })),
        )
        .addOption(
            new Option(
                "--cluster-hours <n>",
                "cluster node-hours per team per day for the cost (default 2)",
            ).argParser(parseNumber("--cluster-hours", { integer: false, min: 0 })),
        )
        .addOption(
            new Option(
                "--prices <file|live>",
                "JSON price table whose entries replace/add to the built-in one; live: VM prices from the Azure Retail Prices API (prices.azure.com), the dated table where it cannot answer",
            ).argParser(valueOf("--prices")),
        )
        .addOption(
            new Option(
                "--workers <n>",
                "parallel workers (default: one per 8 teams, at most one per CPU; 0 = simulate in this process)",
            ).argParser(parseNumber("--workers", { integer: true, min: 0 })),
        )
        .addOption(
            new Option(
                "--pool <mode>",
                'workers as "threads" (default) or child "processes"',
            ).argParser((value: string) => {
                if (value !== "threads" && value !== "processes")
                    throw new InvalidArgumentError(
                        `--pool: expected threads or processes, got ${JSON.stringify(value)}`,
                    );
                return value;
            }),
        )
        .option("--stats", "also write timing and memory figures (one JSON line) to stderr")
        .addOption(
            new Option(
                "--handouts <dir>",
                "also write SAMPLE team handouts and the coaches' index, from simulated outputs",
            ).argParser(valueOf("--handouts")),
        )
        .addHelpText("after", PLAN_HELP)
        .runs(async (files: string[], flags: PlanFlags) =>
            run({
                files,
                json: flags.json === true,
                brief: flags.brief === true,
                now: flags.now,
                days: flags.days,
                clusterHours: flags.clusterHours,
                prices: flags.prices,
                workers: flags.workers,
                pool:
                    flags.pool === undefined
                        ? undefined
                        : flags.pool === "threads"
                          ? "thread"
                          : "process",
                stats: flags.stats === true,
                handouts: flags.handouts,
            }),
        );
}

/** Parses the arguments without planning; throws UsageError with the command line's message. */
export async function parseArgs(argv: readonly string[]): Promise<CliArgs | "help"> {
    let parsed: CliArgs | undefined;
    let said = "";
    const sink = { write: (text: string) => (said += text) };
    const code = await runCommandLine(
        planProgram((args) => {
            parsed = args;
            return Promise.resolve(0);
        }),
        argv,
        { out: sink, err: sink },
    );
    if (parsed !== undefined) return parsed;
    if (code === 0) return "help";
    throw new UsageError(said.trim());
}

export interface CliIo {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Read once, when --now is not given. */
    readonly clock: () => Date;
    readonly cwd: string;
    /** How `--prices live` reads one page of the Retail Prices API (Node's fetch by default). */
    readonly fetchRetailPage?: (url: string) => Promise<RetailPage>;
}

const defaultIo: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    clock: () => new Date(),
    cwd: process.cwd(),
};

/** Runs the plan; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
    // Every message of the command line says first that the plan is offline.
    let noticed = false;
    const err = {
        write: (text: string) => {
            if (!noticed) io.stderr(`${OFFLINE_NOTICE}\n`);
            noticed = true;
            io.stderr(text.replace(/^error: /, "plan: "));
        },
    };
    return runCommandLine(
        planProgram((args) => plan(args, io)),
        argv,
        {
            out: { write: io.stdout },
            err,
        },
    );
}

async function plan(args: CliArgs, io: CliIo): Promise<number> {
    let prices: PriceTable;
    try {
        prices =
            args.prices === undefined || args.prices === "live"
                ? BUILT_IN_PRICES
                : loadPriceOverride(path.resolve(io.cwd, args.prices));
    } catch (error) {
        if (error instanceof PriceTableError) {
            io.stderr(`${OFFLINE_NOTICE}\nplan: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    const now = args.now ?? io.clock();
    if (args.prices === "live") {
        const { livePrices, livePricesSummary } = await import("./livePrices");
        const result = await livePrices(
            prices,
            io.fetchRetailPage ?? fetchRetailPage,
            io.clock().toISOString().slice(0, 10),
        );
        io.stderr(livePricesSummary(result));
        prices = result.table;
    }
    const files =
        args.files.length > 0
            ? args.files.map((f) => path.resolve(io.cwd, f))
            : [DEFAULT_STACK_FILE];
    // Files are shown as given (relative to where the command runs), not as absolute paths.
    const sources = files.map((file) => loadSource(file, now, path.relative(io.cwd, file) || file));
    const mode: RunMode | undefined = args.workers === 0 ? "inline" : args.pool;
    const { report, stats, footprints } = await runPlan(sources, {
        now,
        prices,
        days: args.days,
        clusterNodeHoursPerTeamPerDay: args.clusterHours,
        run: { mode, workers: args.workers === 0 ? undefined : args.workers },
    });
    const rendered = performance.now();
    io.stdout(args.json ? renderJson(report) : renderText(report, { brief: args.brief }));
    if (args.handouts !== undefined) {
        const { writeSampleHandouts } = await import("./handouts");
        for (const r of await writeSampleHandouts(
            path.resolve(io.cwd, args.handouts),
            sources,
            footprints,
            now,
        )) {
            const relative = path.relative(io.cwd, r.dir);
            const where = relative.startsWith("..") ? r.dir : relative || ".";
            io.stderr(
                `SAMPLE handouts (simulated values): ${r.files} files for ${r.teams} teams in ${where}, index ${path.join(where, "index.html")}\n`,
            );
        }
    }
    if (args.stats)
        io.stderr(
            `${JSON.stringify({ ...stats, reportMs: stats.reportMs + (performance.now() - rendered) })}\n`,
        );
    return report.summary.exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(
                `${OFFLINE_NOTICE}\nplan: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
            );
            process.exitCode = 1;
        },
    );
}
