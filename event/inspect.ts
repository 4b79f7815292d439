/**
 * The read-only commands: `status` (one row per team, orphaned stacks included) and `outputs`
 * (every team's stack outputs as JSON, secrets redacted). They never change a stack, so they run
 * without retries or pacing, and never check the event's date.
 */
import { requestSection } from "./requests/status";
import type { EventOptions, DriverDeps } from "./options";
import type { OutputValue, StackEngine, StackSummary } from "./engine";
import { invitationSection } from "./github/invitations";
import { runPool } from "./pool";
import { errorText } from "./retry";
import { teamStackName, type Roster } from "./roster";
import { pickOrphans, pickTeams } from "./select";
import { EXIT, firstErrorLine, formatTable } from "./summary";

export async function status(
    roster: Roster,
    options: EventOptions,
    orphans: readonly string[],
    stacks: readonly StackSummary[],
    engine: StackEngine,
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

/** Secret outputs are replaced before anything is printed: a value marked secret never reaches a terminal or CI log. */
export function redactOutputs(
    outputs: Readonly<Record<string, OutputValue>>,
): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(outputs).map(([key, o]) => [key, o.secret ? "[secret]" : o.value]),
    );
}

export async function outputs(
    roster: Roster,
    options: EventOptions,
    existing: ReadonlySet<string>,
    engine: StackEngine,
    deps: DriverDeps,
): Promise<number> {
    const teams = pickTeams(roster.teams, options);
    let failed = false;
    const results = await runPool(
        teams,
        async (team): Promise<Record<string, unknown> | null> => {
            const stack = teamStackName(roster.event.name, team.name);
            if (!existing.has(stack)) return null;
            try {
                return redactOutputs(await engine.outputs(stack));
            } catch (error) {
                failed = true;
                deps.err.write(
                    `${team.name}: cannot read outputs: ${firstErrorLine(errorText(error))}\n`,
                );
                return null;
            }
        },
        { parallel: options.parallel },
    );
    const json = Object.fromEntries(
        teams.map((t, i) => {
            const result = results[i];
            return [t.name, result.kind === "done" ? result.value : null];
        }),
    );
    deps.out.write(`${JSON.stringify(json, null, 2)}\n`);
    return failed ? EXIT.teamFailed : EXIT.ok;
}
