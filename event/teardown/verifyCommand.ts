/**
 * `npm run event -- verify-teardown stacks/<event>.yaml [--team ...] [--json]`: the verification
 * alone, for an organizer checking days after the event. Reads only the roster, the teardown records
 * under `stacks/<event>/teardown/` and the cloud services: no Pulumi CLI or state is needed.
 */
import { readEventRoster } from "../eventRoster";
import type { DriverDeps, EventOptions } from "../options";
import { pickTeams } from "../select";
import { EXIT } from "../summary";
import { formatReport, reportJson } from "./report";
import { isSettled } from "./verify";

/**
 * Resolves to the exit code: 0 nothing is left but what is still being deleted or users kept on
 * purpose (listed, and counted in the last line), 1 something is left or could not be checked, 2 usage.
 */
export async function runVerifyTeardown(options: EventOptions, deps: DriverDeps): Promise<number> {
    const roster = await readEventRoster(options, deps);
    if (roster === undefined) return EXIT.usage;
    if (deps.teardown === undefined) {
        deps.err.write("verify-teardown: no cloud access configured\n");
        return EXIT.usage;
    }
    const session = deps.teardown(roster, { deleteRepos: options.deleteRepos ?? false });
    const teams = pickTeams(roster.teams, options);
    // One team at a time: a handful of read calls each, well inside ARM's read budget.
    for (const team of teams)
        await session.verify({
            team: team.name,
            log: (text) => deps.err.write(`${team.name}: ${text}`),
        });
    const reports = session.reports();
    deps.out.write(options.json ? reportJson(reports) : formatReport(reports));
    return reports.every((r) => isSettled(r.verdict)) ? EXIT.ok : EXIT.teamFailed;
}
