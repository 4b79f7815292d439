/**
 * `npm run plan [-- <Pulumi.<stack>.yaml | stacks/<event>.yaml>...] [options]`
 *
 * The project's main command: an offline plan of one or more events, computed under Pulumi's mock
 * runtime with no cloud, no credentials and no Pulumi CLI. The clock is read once, here.
 */
import * as path from "path";
import { OFFLINE_NOTICE } from "./model";
import { runPlan } from "./plan";
import { BUILT_IN_PRICES, loadPriceOverride, PriceTableError, type PriceTable } from "./prices";
import { renderJson, renderText } from "./render";
import type { PoolMode } from "./pool";
import type { RunMode } from "./runner";
import { loadSource } from "./sources";

/** The runnable sample stack, planned when no file is given. */
export const DEFAULT_STACK_FILE = path.resolve(__dirname, "..", "..", "Pulumi.dev.yaml");

export const USAGE = `${OFFLINE_NOTICE}

usage: npm run plan [-- [file...] [options]]

  file               Pulumi.<stack>.yaml (a team stack's config) or stacks/<event>.yaml (an event
                     roster: location, event, teams). Default: Pulumi.dev.yaml.
  --json             the report as JSON (same content as the text)
  --brief            one line per team instead of every resource
  --now YYYY-MM-DD   the plan's "today" (default: the clock), for reproducible output
  --days N           event length in days for the cost (default: today to endsOn, both included)
  --cluster-hours N  cluster node-hours per team per day for the cost (default 2)
  --prices FILE      JSON price table whose entries replace/add to the built-in one
  --workers N        parallel workers (default: one per CPU; 0 = simulate in this process)
  --pool MODE        workers as "threads" (default) or child "processes"
  --stats            also write timing and memory figures (one JSON line) to stderr
  --handouts DIR     also write SAMPLE team handouts and the coaches' index, from simulated outputs
  -h, --help         this text

Exit code: 0 = no errors (warnings allowed), 1 = the plan found errors, 2 = bad command line or
price file. Piping through npm? Use "npm run -s plan": npm prints its own banner on stdout.
`;

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
    readonly help: boolean;
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
        throw new UsageError(`--now: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
    return date;
}

function parseNumber(
    flag: string,
    value: string,
    { integer, min }: { integer: boolean; min: number },
): number {
    const n = Number(value);
    if (
        value.trim() === "" ||
        !Number.isFinite(n) ||
        (integer && !Number.isInteger(n)) ||
        n < min
    ) {
        throw new UsageError(
            `${flag}: expected ${integer ? "a whole number" : "a number"} >= ${min}, got ${JSON.stringify(value)}`,
        );
    }
    return n;
}

export function parseArgs(argv: readonly string[]): CliArgs {
    const files: string[] = [];
    let json = false;
    let brief = false;
    let pool: PoolMode | undefined;
    let stats = false;
    let help = false;
    let now: Date | undefined;
    let days: number | undefined;
    let clusterHours: number | undefined;
    let prices: string | undefined;
    let workers: number | undefined;
    let handouts: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = (): string => {
            const v = argv[++i];
            // `--prices --json` is a forgotten value, not a file named "--json".
            if (v === undefined || v.startsWith("--"))
                throw new UsageError(`${arg}: missing value`);
            return v;
        };
        switch (arg) {
            case "--json":
                json = true;
                break;
            case "--brief":
                brief = true;
                break;
            case "--pool": {
                const v = value();
                if (v !== "threads" && v !== "processes")
                    throw new UsageError(
                        `--pool: expected threads or processes, got ${JSON.stringify(v)}`,
                    );
                pool = v === "threads" ? "thread" : "process";
                break;
            }
            case "--stats":
                stats = true;
                break;
            case "-h":
            case "--help":
                help = true;
                break;
            case "--now":
                now = parseDay(value());
                break;
            case "--days":
                days = parseNumber(arg, value(), { integer: true, min: 1 });
                break;
            case "--cluster-hours":
                clusterHours = parseNumber(arg, value(), { integer: false, min: 0 });
                break;
            case "--prices":
                prices = value();
                break;
            case "--handouts":
                handouts = value();
                break;
            case "--workers":
                workers = parseNumber(arg, value(), { integer: true, min: 0 });
                break;
            default:
                if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg} (see --help)`);
                files.push(arg);
        }
    }
    return {
        files,
        json,
        brief,
        now,
        days,
        clusterHours,
        prices,
        workers,
        pool,
        stats,
        help,
        handouts,
    };
}

export interface CliIo {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Read once, when --now is not given. */
    readonly clock: () => Date;
    readonly cwd: string;
}

const defaultIo: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    clock: () => new Date(),
    cwd: process.cwd(),
};

/** Runs the plan; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
    let args: CliArgs;
    let prices: PriceTable;
    try {
        args = parseArgs(argv);
        prices =
            args.prices === undefined
                ? BUILT_IN_PRICES
                : loadPriceOverride(path.resolve(io.cwd, args.prices));
    } catch (error) {
        if (error instanceof UsageError || error instanceof PriceTableError) {
            io.stderr(`${OFFLINE_NOTICE}\nplan: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    if (args.help) {
        io.stdout(USAGE);
        return 0;
    }
    const now = args.now ?? io.clock();
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
