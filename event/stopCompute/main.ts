/**
 * The CLI wiring of stop-compute: the roster, the Azure credential of event/cloud/clients.ts and
 * the Azure ML SDK client per subscription (loaded on use), handed to stopCompute, or with
 * --restore to restoreClusters.
 */
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { loadRosterOrSay } from "../roster";
import { EXIT } from "../summary";
import type { Shard } from "../select";
import { stopCompute } from "./command";

export async function stopComputeMain(
    args: { rosterFile: string; teams: readonly string[]; shard?: Shard; restore?: boolean },
    io: { out: { write(text: string): unknown }; err: { write(text: string): unknown } },
): Promise<number> {
    const roster = await loadRosterOrSay(args.rosterFile, io.err);
    if (roster === undefined) return EXIT.usage;
    const { azureCredential } = await import("../cloud/clients");
    const credential = azureCredential();
    const run = args.restore ? (await import("./restore")).restoreClusters : stopCompute;
    return run(
        roster,
        { teams: args.teams, ...(args.shard ? { shard: args.shard } : {}) },
        {
            ml: (subscription) => new AzureMachineLearningWorkspaces(credential, subscription),
            defaultSubscriptionId:
                process.env.AZURE_SUBSCRIPTION_ID || process.env.ARM_SUBSCRIPTION_ID || undefined,
            out: (text) => void io.out.write(text),
        },
    );
}
