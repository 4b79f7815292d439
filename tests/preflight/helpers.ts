/**
 * Test helpers for preflight: published example bodies (tests/fixtures/preflight, each naming its
 * source), a static fake Azure credential, a virtual clock and deadlines the test controls.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Clock } from "../../event/clock";
import type { AskOptions } from "../../event/preflight/guard";

interface Fixture {
    readonly source: string;
    readonly note: string;
    readonly body: unknown;
    readonly headers?: Record<string, string>;
}

const FIXTURES = path.join(__dirname, "..", "fixtures", "preflight");

export function fixture(name: string): Fixture {
    const parsed = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Fixture;
    if (!parsed.source) throw new Error(`${name}.json names no source`);
    return parsed;
}

/** The example body, deep-copied and changed by `edit` (the change a test needs, said in the fixture note). */
export function body<T = Record<string, unknown>>(name: string, edit?: (value: T) => void): T {
    const value = structuredClone(fixture(name).body) as T;
    edit?.(value);
    return value;
}

export { FakeCredential } from "../helpers/credential";

/** Sleeps advance time at once; `sleeps` records them. */
export class VirtualClock implements Clock {
    time = 0;
    readonly sleeps: number[] = [];
    now(): number {
        return this.time;
    }
    sleep(ms: number): Promise<void> {
        this.sleeps.push(ms);
        this.time += ms;
        return Promise.resolve();
    }
}

/** Deadlines that never expire during a test. */
export const patient: AskOptions = {
    timeoutMs: 30_000,
    deadline: () => new AbortController().signal,
};

/** Every call's deadline has already passed: what a service that never answers looks like. */
export const expired: AskOptions = { timeoutMs: 30_000, deadline: () => AbortSignal.abort() };

export const SUB = "00000000-0000-0000-0000-000000000000";
export const ARM = "https://management.azure.com";
export const GRAPH = "https://graph.microsoft.com";
export const GITHUB = "https://api.github.com";

export { useNock } from "../helpers/nock";
