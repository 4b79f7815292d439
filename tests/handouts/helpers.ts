/** Shared inputs of the handout tests: the example roster and its recorded outputs. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { OutputValue } from "../../event/engine";
import { parseSavedOutputs } from "../../event/handouts/command";
import { buildTeamHandout, type TeamHandout } from "../../event/handouts/model";
import { validateRoster, type ValidRoster } from "../../stacks/validate";

export const ROOT = path.join(__dirname, "..", "..");
export const ROSTER_FILE = "stacks/example.yaml";
/** A recorded `npm run -s event -- outputs stacks/example.yaml` (tests/fixtures/handouts/README.md). */
export const OUTPUTS_FILE = "tests/fixtures/handouts/example-outputs.json";
/** The date printed on the pages, fixed so the documents are reproducible. */
export const GENERATED = "2026-12-02";

export const roster = (): ValidRoster =>
    validateRoster(parse(readFileSync(path.join(ROOT, ROSTER_FILE), "utf8")));

export function recordedOutputs(): Map<string, Record<string, OutputValue>> {
    const saved = parseSavedOutputs(
        readFileSync(path.join(ROOT, OUTPUTS_FILE), "utf8"),
        OUTPUTS_FILE,
    );
    const result = new Map<string, Record<string, OutputValue>>();
    for (const [team, outputs] of saved) if (outputs !== null) result.set(team, outputs);
    return result;
}

/** The handout of one team of the example roster, from the recorded outputs (plus `extra`). */
export function exampleHandout(
    teamName = "aurora",
    extra: Record<string, OutputValue> = {},
    sample = false,
): TeamHandout {
    const r = roster();
    const team = r.teams.find((t) => t.name === teamName);
    const outputs = recordedOutputs().get(teamName);
    if (team === undefined || outputs === undefined) throw new Error(`no team ${teamName}`);
    const result = buildTeamHandout({
        event: r.event,
        location: r.location,
        team,
        stackName: `${r.event.name}-${teamName}`,
        outputs: { ...outputs, ...extra },
        sample,
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    return result.handout;
}

/** Names no roster accepts, to prove the pages show any value as text. */
export const ODD_TEAM = `<script>alert("x")</script> & 'q' チーム|1`;
export const ODD_MEMBERS = [
    `a"b'c`,
    "<img src=x onerror=alert(1)>",
    "x&amp;y",
    "`tick`|bar",
    "山田 花子",
];

export function oddHandout(): TeamHandout {
    const base = exampleHandout("aurora");
    return {
        ...base,
        team: ODD_TEAM,
        members: ODD_MEMBERS.map((github, i) => ({ github, instance: `ci-${i}-<b>&"` })),
        workspace: { value: "ws-&<>\"'" },
    };
}
