/**
 * `npm run plan -- ... --handouts <dir>`: SAMPLE handouts from the plan's simulated outputs, so a
 * newcomer sees what teams will get without an Azure account. Every page says it is a sample: the
 * ids are the mock cloud's placeholders and nothing was deployed.
 */
import * as path from "path";
import { handoutDocuments } from "../../event/handouts/documents";
import type { MissingTeam } from "../../event/handouts/coachIndex";
import {
    buildTeamHandout,
    LANGS,
    secretStrings,
    type TeamHandout,
} from "../../event/handouts/model";
import { writeHandouts } from "../../event/handouts/writer";
import type { TeamFootprint } from "./model";
import type { PlanSource } from "./sources";

export interface SampleHandoutsResult {
    readonly dir: string;
    readonly files: number;
    readonly teams: number;
    readonly missing: readonly MissingTeam[];
}

/** Writes one event's sample handouts per source; with several sources, each in `<dir>/<event>`. */
export async function writeSampleHandouts(
    dir: string,
    sources: readonly PlanSource[],
    footprints: readonly TeamFootprint[],
    now: Date,
): Promise<SampleHandoutsResult[]> {
    const results: SampleHandoutsResult[] = [];
    for (const [s, source] of sources.entries()) {
        const event = source.event;
        if (event === undefined || source.location === undefined) continue;
        const handouts: TeamHandout[] = [];
        const missing: MissingTeam[] = [];
        const secrets: string[] = [];
        for (const [t, team] of source.teams.entries()) {
            const footprint = footprints.find((f) => f.source === s && f.teamIndex === t);
            if (footprint?.outputs === undefined) {
                missing.push({ team: team.config.name, problems: ["failed under simulation"] });
                continue;
            }
            secrets.push(...secretStrings(footprint.outputs));
            const result = buildTeamHandout({
                event,
                location: source.location,
                team: team.config,
                stackName: team.stackName,
                outputs: footprint.outputs,
                sample: true,
            });
            if (result.ok) handouts.push(result.handout);
            else missing.push({ team: team.config.name, problems: result.problems });
        }
        const target = sources.length > 1 ? path.join(dir, `${s + 1}-${event.name}`) : dir;
        const files = handoutDocuments({
            event: event.name,
            location: source.location,
            handouts,
            missing,
            langs: LANGS,
            sample: true,
            generated: now.toISOString().slice(0, 10),
        });
        const written = await writeHandouts(target, files, secrets);
        results.push({ dir: target, files: written.length, teams: handouts.length, missing });
    }
    return results;
}
