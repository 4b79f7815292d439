/**
 * Stable identities: every resource a representative config registers keeps its URN (type, parent
 * types, logical name), or answers to it through an alias. A renamed resource is deleted and
 * re-created on every live team stack by the next `pulumi up`; this test stops that at `npm test`.
 */
import { simulateTeamStack } from "../../offline/simulate";
import { IDENTITY_CASES } from "./cases";
import { identityProblems, readPins, WRITE_PINS } from "./pins";

describe.each(IDENTITY_CASES.map((c) => [c.name, c] as const))("identities of %s", (_, c) => {
    test("every pinned resource keeps its identity, and every resource is pinned", async () => {
        const pins = readPins(c.name);
        if (!pins) throw new Error(`no pins for case ${c.name}: run \`${WRITE_PINS} ${c.name}\``);
        const sim = await simulateTeamStack(c.args(), { stackName: c.stack });
        expect(sim.identities.length).toBeGreaterThan(40);
        const problems = identityProblems(c.name, pins, sim.identities);
        if (problems.length > 0) throw new Error(`\n${problems.join("\n\n")}\n`);
    });
});
