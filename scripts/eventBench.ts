/**
 * The event simulation of `npm run bench` (also alone: `npm run bench -- --event`): the real driver
 * against the simulated engine on a virtual clock, for 10, 40 and 100 teams of 5, with injected
 * faults, next to the lower bound. Prints figures; asserts nothing.
 */
import { performance } from "perf_hooks";
import { stringify } from "yaml";
import {
    MACHINES,
    estimateEvent,
    type Candidate,
    type TeamLoad,
} from "../offline/eventSim/estimate";
import { simulateEvent } from "../offline/eventSim/simulateEvent";
import type { FaultKind } from "../offline/eventSim/simulatedEngine";
import { teamTiming, formatSeconds } from "../offline/plan/timing";
import { simulateTeamStack } from "../offline/simulate";
import { githubWriteCount } from "../stacks/githubFootprint";
import { PROVIDER_WRITE_DELAY_MS } from "../stacks/githubPacing";
import type { EventInput } from "../stacks/schema";
import { validateTeamStack } from "../stacks/validate";

const MEMBERS = 5;
const STARTS_AT = Date.parse("2026-11-27T00:00:00Z");
const FAULTS: readonly FaultKind[] = ["throttle", "quota", "graph"];
const EVENT = {
    name: "oh4mlbench",
    endsOn: "2026-12-18",
    github: { owner: "contoso-hack" },
    budget: { amount: 1000, contactEmails: ["organizer@example.com"] },
} satisfies EventInput;

const members = (t: number) =>
    Array.from({ length: MEMBERS }, (_, m) => ({
        github: `t${t + 1}-member${m + 1}`,
        userPrincipalName: `t${t + 1}.m${m + 1}@contoso.onmicrosoft.com`,
    }));
const teamName = (t: number): string => `team${String(t + 1).padStart(3, "0")}`;

export function benchRoster(teams: number, event: EventInput = EVENT): string {
    return stringify({
        location: "japaneast",
        event,
        teams: Array.from({ length: teams }, (_, t) => ({
            name: teamName(t),
            members: members(t),
        })),
    });
}

/** One team of 5 simulated under mocks: its timing, GitHub and ARM writes (every team of the roster is alike). */
export async function teamOfFive(event: EventInput = EVENT): Promise<Omit<TeamLoad, "name">> {
    const valid = validateTeamStack(
        event,
        { name: "team001", members: members(0) },
        {
            now: new Date(STARTS_AT),
        },
    );
    const sim = await simulateTeamStack({
        ...valid,
        location: "japaneast",
        now: new Date(STARTS_AT),
    });
    const timing = teamTiming(sim.graph);
    return {
        upSeconds: timing.up.seconds,
        githubWritesAt: timing.githubWritesAt,
        githubWrites: githubWriteCount(valid.event, valid.team),
        armWrites: sim.graph.filter((n) => n.custom && n.type.startsWith("azure-native:")).length,
    };
}

const loads = (n: number, team: Omit<TeamLoad, "name">): TeamLoad[] =>
    Array.from({ length: n }, (_, t) => ({ ...team, name: teamName(t) }));

const settingsText = (c: Candidate): string =>
    `--parallel ${c.parallel} (${c.machine}), ${c.shards} shard(s)`;

export async function benchEvent(): Promise<void> {
    console.log(
        "Event simulation: the real driver (pool, start-rate limiter, retries, shards) against a simulated engine on a virtual clock;",
    );
    console.log(
        `each team of ${MEMBERS} takes its predicted up (longest path, offline/plan/durations.json) and writes to one shared GitHub token when its graph does;`,
    );
    console.log(
        "injected faults: one GitHub secondary rate limit, one quota failure, one Graph 429.\n",
    );
    const team = await teamOfFive();
    const previous = await teamOfFive({
        ...EVENT,
        github: { owner: "contoso-hack", extras: { oidcSecrets: true, variables: true } },
    });
    console.log(
        `one team: up ${formatSeconds(team.upSeconds)}, ${team.githubWrites} GitHub writes (previous default ${previous.githubWrites}), ${team.armWrites} ARM writes\n`,
    );
    const header = [
        "teams",
        "settings",
        "makespan",
        "lower bound",
        "ratio",
        "writes-then-path",
        "ratio",
        "ok/failed",
        "GitHub writes (waited)",
        "sim wall",
    ];
    const rows: string[][] = [];
    for (const n of [10, 40, 100]) {
        const started = performance.now();
        const estimate = await estimateEvent(
            benchRoster(n),
            EVENT.name,
            loads(n, team),
            STARTS_AT,
            {
                seed: 7,
                faults: FAULTS,
            },
        );
        const simMs = performance.now() - started;
        const lb = estimate.lowerBound;
        const row = (label: string, c: Candidate, wall: string): string[] => [
            String(n),
            `${label}${settingsText(c)}`,
            formatSeconds(c.simulation.makespanSeconds),
            `${formatSeconds(lb.seconds)} (path ${formatSeconds(lb.longestTeamSeconds)}, GitHub ${formatSeconds(lb.githubSeconds)}, ARM ${formatSeconds(lb.armSeconds)})`,
            `${(c.simulation.makespanSeconds / lb.seconds).toFixed(2)}x`,
            formatSeconds(lb.writesThenPathSeconds),
            `${(c.simulation.makespanSeconds / lb.writesThenPathSeconds).toFixed(2)}x`,
            `${c.simulation.succeeded}/${c.simulation.failed}`,
            `${c.simulation.githubWrites} (${c.simulation.throttledWrites})`,
            wall,
        ];
        rows.push(
            row(
                "best: ",
                estimate.best,
                `${(simMs / 1000).toFixed(2)} s for ${estimate.candidates.length} runs`,
            ),
        );
        const runner = estimate.candidates
            .filter((c) => c.machine === MACHINES[0].label)
            .reduce((a, b) =>
                b.simulation.makespanSeconds < a.simulation.makespanSeconds ? b : a,
            );
        if (runner !== estimate.best) rows.push(row("on runners: ", runner, ""));
        // The previous defaults: --parallel 4, one machine, the footprint with OIDC secrets and variables...
        const prevStarted = performance.now();
        // ...and the provider's own write delay: nothing spread the writes then.
        const prevRoster = benchRoster(n, {
            ...EVENT,
            github: {
                owner: "contoso-hack",
                extras: { oidcSecrets: true, variables: true },
                writeDelayMs: PROVIDER_WRITE_DELAY_MS,
            },
        });
        const prev = await simulateEvent(
            prevRoster,
            EVENT.name,
            new Map(loads(n, previous).map((t) => [t.name, t])),
            { parallel: 4, shards: 1, seed: 7, faults: FAULTS },
            STARTS_AT,
        );
        rows.push(
            row(
                "previous: ",
                { machine: "any", parallel: 4, shards: 1, simulation: prev },
                `${((performance.now() - prevStarted) / 1000).toFixed(2)} s`,
            ),
        );
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
    console.log(
        "\nlower bound = max(longest team path, earliest time of the fleet's last GitHub write under 80/min and 500/h, ARM writes over a 200 bucket refilling 10/s).",
    );
    console.log(
        "writes-then-path = when the last team's first write can go through the token after every other team's writes, plus its path: a reference for teams whose GitHub writes all come in their first seconds. With the write delay they no longer do (the writes spread over each team's path), so a ratio below 1 is expected.",
    );
}
