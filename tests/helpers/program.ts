/**
 * Runs the real entry point (index.ts) under Pulumi mocks with a given stack config, the way
 * `pulumi up` would, in an isolated module registry so each run starts from fresh runtime state.
 * The entry point exports an async function (the Pulumi runtime calls it and awaits the outputs);
 * a config error is thrown while the module loads, before the function runs.
 */
import type * as pulumiType from "@pulumi/pulumi";
import { MockCloud, type MockCloudOptions } from "../../offline/mockCloud";

export interface ProgramRun {
    readonly cloud: MockCloud;
    /** Thrown while the module loaded (config errors). */
    readonly error?: Error;
    /** What the exported function returned (the stack outputs) or the error it failed with. */
    readonly result: Promise<{ outputs?: Record<string, unknown>; error?: Error }>;
    readonly pulumi: typeof pulumiType;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function runProgram(
    config: Record<string, unknown>,
    cloudOptions: MockCloudOptions = {},
): ProgramRun {
    const cloud = new MockCloud(cloudOptions);
    let error: Error | undefined;
    let result: ProgramRun["result"] = Promise.resolve({});
    let pulumi: typeof pulumiType | undefined;
    jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        pulumi = require("@pulumi/pulumi") as typeof pulumiType;
        void pulumi.runtime.setMocks(cloud, "openhack-mlops", "dev", false);
        pulumi.runtime.setAllConfig(
            Object.fromEntries(
                Object.entries(config).map(([k, v]) => [
                    k,
                    typeof v === "string" ? v : JSON.stringify(v),
                ]),
            ),
        );
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const program = require("../../index") as () => Promise<Record<string, unknown>>;
            result = program().then(
                (outputs) => ({ outputs }),
                (e: unknown) => ({ error: asError(e) }),
            );
        } catch (e) {
            error = asError(e);
        }
    });
    if (!pulumi) throw new Error("isolateModules did not run");
    return { cloud, error, result, pulumi };
}
