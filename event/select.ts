/**
 * Which team stacks a run touches: `--team`, `--shard i/n` and `--orphans`.
 *
 * Shards are chosen by a stable hash of the team name, not by position, so adding or removing a
 * team in the roster never moves the other teams to a different shard (and runner) between runs.
 * The price is that shards are only roughly even; with a handful of shards and 5-40 teams that is
 * a few minutes of difference, not worth a scheme that reshuffles teams.
 */
import type { TeamConfig } from "../stacks/schema";
import { teamOfStack } from "./roster";

/** A problem with the command line (or a `--team` that names no team): nothing has run. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface Shard {
    /** 1-based, as GitHub Actions matrices count. */
    readonly index: number;
    readonly count: number;
}

export const MAX_SHARDS = 100;

export function parseShard(text: string): Shard {
    const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text);
    const index = match ? Number(match[1]) : NaN;
    const count = match ? Number(match[2]) : NaN;
    if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
        throw new UsageError(
            `--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 2/3 (got ${JSON.stringify(text)})`,
        );
    }
    return { index, count };
}

/** 32-bit FNV-1a: tiny, stable across Node versions and platforms, and well spread for short names. */
export function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(text, "utf8")) {
        hash ^= byte;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/** The 1-based shard a team belongs to when the roster is split `count` ways. */
export const shardOf = (team: string, count: number): number => (fnv1a(team) % count) + 1;

export interface Selection {
    /** `--team` names; empty means every team. */
    readonly teams: readonly string[];
    readonly shard?: Shard;
}

function pick<T>(
    items: readonly T[],
    nameOf: (item: T) => string,
    selection: Selection,
    what: string,
): T[] {
    const names = new Set(items.map(nameOf));
    const unknown = selection.teams.filter((team) => !names.has(team));
    if (unknown.length > 0) {
        const known = [...names].sort().join(", ") || "none";
        throw new UsageError(`--team ${unknown.join(", ")}: not ${what} (known: ${known})`);
    }
    const wanted = new Set(selection.teams);
    return items.filter((item) => {
        const name = nameOf(item);
        if (wanted.size > 0 && !wanted.has(name)) return false;
        return (
            selection.shard === undefined ||
            shardOf(name, selection.shard.count) === selection.shard.index
        );
    });
}

/** Roster teams selected by `--team` and `--shard`, in roster order. */
export function pickTeams(teams: readonly TeamConfig[], selection: Selection): TeamConfig[] {
    return pick(teams, (team) => team.name, selection, "a team of this roster");
}

/**
 * Teams that have a stack `<event>-<team>` but are no longer in the roster, sorted. A team removed
 * from the roster is never destroyed implicitly: it shows up here until `destroy --orphans`.
 */
export function findOrphans(
    event: string,
    teams: readonly TeamConfig[],
    stackNames: readonly string[],
): string[] {
    const inRoster = new Set(teams.map((team) => team.name));
    return stackNames
        .map((name) => teamOfStack(event, name))
        .filter((team): team is string => team !== undefined && !inRoster.has(team))
        .sort();
}

/** Orphaned teams selected by `--team` and `--shard`. */
export function pickOrphans(orphans: readonly string[], selection: Selection): string[] {
    return pick(orphans, (team) => team, selection, "an orphaned stack of this event");
}
