/**
 * The guardrails on the real resource graph: every policy of the pack runs over every resource the
 * real team program registers under mocks, for the sample config and for generated configs. Any
 * violation fails the test with the policy's message.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { evaluate, type PolicyResource } from "../policy/evaluate";
import type { RecordedResource } from "../offline/mockCloud";
import { simulateTeamStack } from "../offline/simulate";
import { computeInstanceName, nameViolations, teamNames } from "../stacks/names";
import { GITHUB_LOGIN, TEAM_NAME, EVENT_NAME } from "../stacks/schema";
import { validateTeamStack } from "../stacks/validate";
import { NOW, sampleEvent } from "./helpers/fixtures";
import { one } from "./helpers/inventory";

export function asPolicyResource(r: RecordedResource, stack: string): PolicyResource {
    return {
        type: r.type,
        name: r.name,
        urn: `urn:pulumi:${stack}::openhack-mlops::${r.type}::${r.name}`,
        props: r.inputs,
        secretProps: r.secretInputs,
    };
}

const messages = (
    resources: readonly RecordedResource[],
    stack: string,
    visibility?: "private" | "public" | "internal",
): string[] =>
    evaluate(
        resources.map((r) => asPolicyResource(r, stack)),
        visibility ? { githubVisibility: visibility } : undefined,
    ).map((v) => `[${v.policy}] ${v.urn}: ${v.message}`);

test("the sample stack (Pulumi.dev.yaml) passes every policy", async () => {
    const config = (
        parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        }
    ).config;
    const valid = validateTeamStack(config["openhack-mlops:event"], config["openhack-mlops:team"], {
        now: NOW,
    });
    const sim = await simulateTeamStack({
        ...valid,
        location: String(config["azure-native:location"]),
        now: NOW,
    });
    expect(sim.resources.length).toBeGreaterThan(50);
    expect(messages(sim.resources, "dev")).toEqual([]);
});

const memberArb = fc.record({
    github: fc
        .stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/)
        .filter((s) => GITHUB_LOGIN.test(s)),
    objectId: fc.uuid({ version: 4 }),
});

const configArb = fc.record({
    event: fc.stringMatching(EVENT_NAME),
    team: fc.stringMatching(/^[a-z][a-z0-9-]{1,11}$/).filter((s) => TEAM_NAME.test(s)),
    members: fc.uniqueArray(memberArb, {
        minLength: 1,
        maxLength: 6,
        selector: (m) => m.github.toLowerCase().slice(0, 13).replace(/-+$/, ""),
    }),
    visibility: fc.constantFrom("private" as const, "public" as const),
    authMode: fc.constantFrom("key" as const, "token" as const, "aadToken" as const),
    instancePerMember: fc.boolean(),
    coaches: fc.option(fc.uuid({ version: 4 }), { nil: undefined }),
    plan: fc.constantFrom("free" as const, "team" as const, "enterprise" as const),
    reviewers: fc.subarray(["coach-a", "coach-b", "member0"]),
    extras: fc.record({
        oidcSecrets: fc.boolean(),
        variables: fc.boolean(),
        environment: fc.boolean(),
    }),
    template: fc.constantFrom("", "nohanaga/openhack-for-mlops-v2-students"),
    subscriptionId: fc.option(fc.uuid({ version: 4 }), { nil: undefined }),
});

test("generated valid configs produce valid names and pass every policy", async () => {
    await fc.assert(
        fc.asyncProperty(configArb, async (c) => {
            const valid = validateTeamStack(
                sampleEvent({
                    name: c.event,
                    github: {
                        owner: "contoso-hack",
                        visibility: c.visibility,
                        template: c.template,
                        reviewers: c.reviewers,
                        plan: c.plan,
                        // Reviewers need the environment: a config with them and without it is invalid.
                        extras: {
                            ...c.extras,
                            environment: c.extras.environment || c.reviewers.length > 0,
                        },
                    },
                    endpoint: { authMode: c.authMode, instanceType: "Standard_DS2_v2" },
                    compute: { instancePerMember: c.instancePerMember },
                    coachesGroupObjectId: c.coaches ?? "",
                }),
                { name: c.team, members: c.members, subscriptionId: c.subscriptionId ?? "" },
                { now: NOW },
            );
            const sim = await simulateTeamStack({ ...valid, location: "japaneast", now: NOW });
            const suffix = String(
                one(sim.resources, "random:index/randomString:RandomString").state.result,
            );
            // The names the program registered are the ones names.ts promises, and they are valid.
            const expected = teamNames(c.event, c.team, suffix);
            expect(sim.outputs.storageAccount).toBe(expected.storageAccount);
            expect(sim.outputs.endpoint).toBe(expected.endpoint);
            const instances = Object.values(sim.outputs.computeInstances as Record<string, string>);
            expect(instances.sort()).toEqual(
                c.instancePerMember
                    ? c.members.map((m) => computeInstanceName(m.github, suffix)).sort()
                    : [],
            );
            expect(nameViolations(expected, instances, String(sim.outputs.computeCluster))).toEqual(
                [],
            );
            expect(messages(sim.resources, `${c.event}-${c.team}`, c.visibility)).toEqual([]);
        }),
        { numRuns: 16 },
    );
});
