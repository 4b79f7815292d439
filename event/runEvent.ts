/**
 * One command of `npm run event` over the roster's teams, to the module that runs it: the driver
 * for the commands that run Pulumi on each stack, the read-only commands beside it otherwise.
 */
import { runFleet } from "./driver";
import type { DriverDeps, EventOptions } from "./options";
import { runOutputs } from "./outputs/command";
import { runStatus } from "./status/command";
import { runVerifyTeardown } from "./teardown/verifyCommand";

/** Resolves to the process exit code. */
export function runEvent(options: EventOptions, deps: DriverDeps): Promise<number> {
    const { command } = options;
    switch (command) {
        case "status":
            return runStatus(options, deps);
        case "outputs":
            return runOutputs(options, deps);
        case "verify-teardown":
            return runVerifyTeardown(options, deps);
        default:
            return runFleet({ ...options, command }, deps);
    }
}
