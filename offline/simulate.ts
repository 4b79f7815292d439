/**
 * OFFLINE SIMULATION: runs the real team program under Pulumi's mock runtime and returns what it
 * registered. Shared by the tests, the policy harness and the offline plan.
 *
 * One simulation per process at a time: Pulumi's runtime state is process-global.
 */
import * as pulumi from "@pulumi/pulumi";
import { TeamStack, type TeamStackArgs } from "../stacks/teamStack";
import { PROJECT } from "../stacks/config";
import { recordDependencies, type GraphNode } from "./dependencyGraph";
import { MockCloud, type MockCloudOptions, type RecordedResource } from "./mockCloud";
import { IdentityRecorder, type ResourceIdentity } from "./identity";

export interface Simulation {
    readonly cloud: MockCloud;
    readonly stack: TeamStack;
    /** Every resource the program registered, components included, in registration order. */
    readonly resources: readonly RecordedResource[];
    /** Every registration with the custom resources it waits for: the graph the engine schedules by. */
    readonly graph: readonly GraphNode[];
    /** The stack outputs as the engine would export them (secrets unwrapped, see `secretOutputs`). */
    readonly outputs: Record<string, unknown>;
    /** Names of stack outputs that are secret. */
    readonly secretOutputs: readonly string[];
    /** Every resource's URN as the engine would build it, with the aliases it answers to. */
    readonly identities: readonly ResourceIdentity[];
}

export interface SimulateOptions {
    readonly stackName?: string;
    readonly cloud?: MockCloudOptions;
}

/** Resolves an output's value (undefined if unknown), for code that must await, not `apply`. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

export async function simulateTeamStack(
    args: TeamStackArgs,
    options: SimulateOptions = {},
): Promise<Simulation> {
    const cloud = new MockCloud({ location: args.location, ...options.cloud });
    const stackName = options.stackName ?? `${args.event.name}-${args.team.name}`;
    await pulumi.runtime.setMocks(cloud, PROJECT, stackName, false);
    const graph = recordDependencies();
    const recorder = new IdentityRecorder(PROJECT, stackName);
    const stack = new TeamStack(args.team.name, args, {
        transformations: [recorder.transformation],
    });

    const entries = Object.entries(stack.outputs);
    const values = await Promise.all(
        entries.map(([, v]) => (pulumi.Output.isInstance(v) ? promiseOf(v) : Promise.resolve(v))),
    );
    const secrets = await Promise.all(
        entries.map(([, v]) =>
            pulumi.Output.isInstance(v) ? pulumi.isSecret(v) : Promise.resolve(false),
        ),
    );
    // Waits for every outstanding registration, then detaches from the mock monitor.
    await pulumi.runtime.disconnect();

    return {
        cloud,
        stack,
        resources: cloud.resources,
        graph,
        outputs: Object.fromEntries(entries.map(([k], i) => [k, values[i]])),
        secretOutputs: entries.filter((_, i) => secrets[i]).map(([k]) => k),
        identities: recorder.identities(),
    };
}
