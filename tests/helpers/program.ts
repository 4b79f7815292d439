/**
 * Runs the real entry point (index.ts) under Pulumi mocks with a given stack config, the way
 * `pulumi up` would, in an isolated module registry so each run starts from fresh runtime state.
 */
import type * as pulumiType from "@pulumi/pulumi";
import { MockCloud } from "../../offline/mockCloud";

export interface ProgramRun {
    readonly cloud: MockCloud;
    readonly error?: Error;
    readonly exports?: Record<string, unknown>;
    readonly pulumi: typeof pulumiType;
}

export function runProgram(config: Record<string, unknown>): ProgramRun {
    const cloud = new MockCloud();
    let error: Error | undefined;
    let exports: Record<string, unknown> | undefined;
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
            exports = require("../../index") as Record<string, unknown>;
        } catch (e) {
            error = e instanceof Error ? e : new Error(String(e));
        }
    });
    if (!pulumi) throw new Error("isolateModules did not run");
    return { cloud, error, exports, pulumi };
}
