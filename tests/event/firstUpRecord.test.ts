/**
 * The stack's first `up` is recorded even when a `preview` created the stack (review H1, issue 22):
 * preview runs before the first up in the usual path and creates the stack, so "the first up of a
 * new stack" never happened and teardown had no firstUpAt to compare guests' creation times with.
 * Every up now offers its start time and the record keeps the earliest.
 */
import { runEvent } from "../../event/runEvent";
import { BEFORE_EVENT, harness, options, rosterYaml, teamInput } from "./fakes";
import { MemoryRecords } from "./teardownFakes";

const rosterText = rosterYaml([teamInput("aurora")]);

test("preview, then up: the up writes firstUpAt before the engine runs; a later up keeps it", async () => {
    const h = harness();
    const records = new MemoryRecords();
    const deps = { ...h.deps(rosterText), records: () => records };
    expect(await h.clock.run(runEvent(options("preview"), deps))).toBe(0);
    expect(h.engine.runs("preview")).toHaveLength(1);
    expect((await records.read("aurora")).firstUpAt).toBeUndefined();

    let seenAtUp: string | undefined;
    const run = h.engine.run.bind(h.engine);
    h.engine.run = async (op) => {
        if (op.command === "up") seenAtUp ??= (await records.read("aurora")).firstUpAt;
        return run(op);
    };
    expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
    // Written before the engine ran, with the time the up started.
    const firstUp = new Date(BEFORE_EVENT + h.engine.runs("up")[0].at).toISOString();
    expect(seenAtUp).toBe(firstUp);

    expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
    const [, second] = h.engine.runs("up");
    expect(second.at).toBeGreaterThan(h.engine.runs("up")[0].at);
    expect((await records.read("aurora")).firstUpAt).toBe(firstUp);
});
