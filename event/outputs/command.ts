/**
 * `outputs`: every selected team's stack outputs as one JSON object (null for a team without a
 * stack), secret values redacted. It reads the stacks' outputs and never runs a Pulumi operation.
 */
import type { OutputValue } from "../engine";
import { openEventStacks, readEventRoster } from "../eventRoster";
import type { DriverDeps, EventOptions } from "../options";
import { runPool } from "../pool";
import { errorText } from "../retry";
import { teamStackName } from "../roster";
import { pickTeams } from "../select";
import { EXIT, firstErrorLine } from "../summary";

/** Secret outputs are replaced before anything is printed: a value marked secret never reaches a terminal or CI log. */
export function redactOutputs(
    outputs: Readonly<Record<string, OutputValue>>,
): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(outputs).map(([key, o]) => [key, o.secret ? "[secret]" : o.value]),
    );
}

/** `outputs`; resolves to the exit code (1 when a stack's outputs could not be read). */
export async function runOutputs(options: EventOptions, deps: DriverDeps): Promise<number> {
    const roster = await readEventRoster(options, deps);
    if (roster === undefined) return EXIT.usage;
    const opened = await openEventStacks(roster, deps);
    if (opened === undefined) return EXIT.usage;
    const existing = new Set(opened.summaries.map((s) => s.name));
    const { engine } = opened;
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
