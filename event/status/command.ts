/**
 * `status`: one row per team (stack exists, last update, result, resources), the orphaned stacks
 * of the event, and the teardown requests and repository invitations when GitHub can be read. It
 * reads the state backend's stack list and history and never runs a Pulumi operation, so it has no
 * retries or pacing and never checks the event's date.
 */
import { openEventStacks, readEventRoster, type EventStacks } from "../eventRoster";
import { invitationSection } from "../github/invitations";
import type { DriverDeps, EventOptions } from "../options";
import { runPool } from "../pool";
import { requestSection } from "../requests/status";
import { errorText } from "../retry";
import { teamStackName, type Roster } from "../roster";
import { pickOrphans, pickTeams } from "../select";
import { EXIT, firstErrorLine, formatTable } from "../summary";

/** `status`; resolves to the exit code (1 when a stack's history or an invitation could not be read). */
export async function runStatus(options: EventOptions, deps: DriverDeps): Promise<number> {
    const roster = await readEventRoster(options, deps);
    if (roster === undefined) return EXIT.usage;
    const opened = await openEventStacks(roster, deps);
    if (opened === undefined) return EXIT.usage;
    return statusTable(roster, options, opened, deps);
}

async function statusTable(
    roster: Roster,
    options: EventOptions,
    { orphans, summaries: stacks, engine }: EventStacks,
    deps: DriverDeps,
): Promise<number> {
    const event = roster.event.name;
    const summaries = new Map(stacks.map((s) => [s.name, s]));
    const rows = [
        ...pickTeams(roster.teams, options).map((t) => ({ team: t.name, orphan: false })),
        // With --team, the person asked about specific teams; orphans are listed otherwise.
        ...(options.teams.length > 0
            ? []
            : pickOrphans(orphans, { teams: [], shard: options.shard }).map((team) => ({
                  team,
                  orphan: true,
              }))),
    ];
    let failed = false;
    const results = await runPool(
        rows,
        async (row) => {
            const stack = teamStackName(event, row.team);
            const summary = summaries.get(stack);
            const notes = row.orphan
                ? ["orphaned: not in the roster (destroy --orphans removes it)"]
                : [];
            if (!summary) return [row.team, stack, "no", "-", "-", "-", notes.join("; ")];
            if (summary.updateInProgress) notes.push("update in progress");
            let result = "-";
            try {
                const last = await engine.lastUpdate(stack);
                if (last) result = `${last.kind} ${last.result}`;
            } catch (error) {
                failed = true;
                result = "unknown";
                notes.push(`history: ${firstErrorLine(errorText(error), 80)}`);
            }
            const when = summary.lastUpdate ? formatTime(summary.lastUpdate) : "never";
            return [
                row.team,
                stack,
                "yes",
                when,
                result,
                summary.resourceCount === undefined ? "-" : String(summary.resourceCount),
                notes.join("; "),
            ];
        },
        { parallel: options.parallel },
    );
    const table = results.map((r, i) =>
        r.kind === "done"
            ? r.value
            : [
                  rows[i].team,
                  teamStackName(event, rows[i].team),
                  "?",
                  "-",
                  "-",
                  "-",
                  "query failed",
              ],
    );
    deps.out.write(
        `${formatTable(["TEAM", "STACK", "EXISTS", "LAST UPDATE", "RESULT", "RESOURCES", "NOTE"], table)}\n`,
    );
    if (deps.github) {
        const requests = await requestSection(
            deps.github,
            roster,
            new Set(stacks.filter((s) => s.resourceCount !== 0).map((s) => s.name)),
            new Date(deps.clock.now()),
            formatTable,
        );
        deps.out.write(`\n${requests}\n`);
        const section = await invitationSection(
            deps.github,
            roster.event,
            pickTeams(roster.teams, options),
            new Date(deps.clock.now()),
            formatTable,
        );
        deps.out.write(`\n${section.text}\n`);
        if (section.failed) failed = true;
    }
    return failed ? EXIT.teamFailed : EXIT.ok;
}

/** `2026-12-14T09:12:33.000Z` -> `2026-12-14 09:12 UTC`; anything else is shown as the backend gave it. */
function formatTime(value: string): string {
    const date = new Date(value);
    return Number.isNaN(date.getTime())
        ? value
        : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
