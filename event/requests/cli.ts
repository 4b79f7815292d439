/**
 * Arguments of `npm run event -- requests <roster.yaml> [--apply] [--json] [--parallel n] [--retries n]`.
 * Nothing here reads a request: the command (command.ts) does, with the injected dependencies.
 */
import { totalmem } from "node:os";
import { defaultParallel, MAX_PARALLEL } from "../capacity";
import type { DriverDeps } from "../driver";
import { UsageError } from "../select";
import { EXIT } from "../summary";
import { runRequests, type RequestsOptions } from "./command";
import { issueFormYaml } from "./form";

export const REQUESTS_USAGE = `Usage: npm run event -- requests <roster.yaml> [--apply] [--json]
       npm run event -- requests --print-form > teardown.yml

Reads the teardown requests teams opened on their repositories (the issue form of
docs/team-teardown.md) and the expiry of event.teardown.afterDays. Without --apply it only
lists what it would do. With --apply: refused requests are answered and closed; honoured ones
run destroy -> purge -> verify for those teams (as destroy --team), the result is commented on
the request, the request is closed, then the repository is archived.

Options:
  --apply           carry it out (needs GITHUB_TOKEN, Azure sign-in and the state backend, as destroy)
  --json            the plan and what was done as JSON on stdout
  --print-form      print the issue form to ship once in <owner>/.github (.github/ISSUE_TEMPLATE/)
  --parallel <n>    at most n teams torn down at once (as for destroy)
  --retries <n>     retries of a transient failure per team (default 3)
  -h, --help        this text

Exit codes: 0 everything handled, 1 something failed or is left for the next run, 2 bad
arguments, roster, token or Pulumi (nothing changed).`;

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number {
    const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max))
        throw new UsageError(
            `${flag} needs a whole number from ${min} to ${max} (got ${value ?? "nothing"})`,
        );
    return n;
}

export function parseRequestsArgs(argv: readonly string[]): RequestsOptions | "help" | "form" {
    if (argv.includes("-h") || argv.includes("--help")) return "help";
    if (argv.length === 1 && argv[0] === "--print-form") return "form";
    let apply = false;
    let json = false;
    let parallel = defaultParallel(totalmem());
    let retries = 3;
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] =
            argv[i].startsWith("--") && argv[i].includes("=")
                ? argv[i].split(/=(.*)/s, 2)
                : [argv[i], undefined];
        const value = (): string | undefined => inline ?? argv[++i];
        if (flag === "--apply") apply = true;
        else if (flag === "--json") json = true;
        else if (flag === "--parallel")
            parallel = wholeNumber("--parallel", value(), 1, MAX_PARALLEL);
        else if (flag === "--retries") retries = wholeNumber("--retries", value(), 0, 10);
        else if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
        else positional.push(flag);
    }
    const [rosterFile, ...extra] = positional;
    if (rosterFile === undefined)
        throw new UsageError("requests needs the roster file, e.g. stacks/example.yaml");
    if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(" ")}`);
    return { rosterFile, apply, json, parallel, retries };
}

export async function requestsMain(argv: readonly string[], deps: DriverDeps): Promise<number> {
    let options: RequestsOptions | "help" | "form";
    try {
        options = parseRequestsArgs(argv);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.err.write(`${error.message}\n\n${REQUESTS_USAGE}\n`);
        return EXIT.usage;
    }
    if (options === "form") {
        deps.out.write(issueFormYaml());
        return EXIT.ok;
    }
    if (options === "help") {
        deps.out.write(`${REQUESTS_USAGE}\n`);
        return EXIT.ok;
    }
    return runRequests(options, deps);
}
