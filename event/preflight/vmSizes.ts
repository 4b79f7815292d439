/**
 * Every configured VM size is offered for Azure ML in the region, for the compute type that uses it
 * (`virtualMachineSizes.list` of @azure/arm-machinelearning: each size lists its
 * `supportedComputeTypes`, `MIR` being managed online deployments). A size the region does not
 * offer is otherwise found only when `up` or the team's deployment fails.
 */
import {
    AzureMachineLearningWorkspaces,
    type VirtualMachineSize,
} from "@azure/arm-machinelearning";
import type { TokenCredential } from "@azure/identity";
import { ask, type AskOptions } from "./guard";
import { checksOf, type Check } from "./model";
import type { SizeNeed } from "./needs";

const check = checksOf("azure");

export interface VmSizeCheckOptions {
    readonly credential: TokenCredential;
    readonly ask: AskOptions;
}

const WHAT: Readonly<Record<SizeNeed["computeType"], string>> = {
    ComputeInstance: "compute instances",
    AmlCompute: "compute clusters",
    MIR: "managed online deployments",
};

export async function vmSizeChecks(
    sub: string,
    needs: readonly SizeNeed[],
    options: VmSizeCheckOptions,
): Promise<Check[]> {
    const client = new AzureMachineLearningWorkspaces(options.credential, sub);
    const checks: Check[] = [];
    for (const region of [...new Set(needs.map((n) => n.region))]) {
        const listed = `az ml compute list-sizes --location ${region} --subscription ${sub} -o table`;
        const answer = await ask(options.ask, (abortSignal) =>
            client.virtualMachineSizes.list(region, { abortSignal }),
        );
        for (const need of needs.filter((n) => n.region === region)) {
            const subject = `subscription ${sub} / ${region} / ${need.field} ${need.vmSize}`;
            if (!answer.ok) {
                checks.push(check("azure.vm-size", subject, "unknown", answer.reason, listed));
                continue;
            }
            // ARM compares size names case-insensitively (examples list `STANDARD_NC6` too).
            const size: VirtualMachineSize | undefined = (answer.value.value ?? []).find(
                (s) => s.name?.toLowerCase() === need.vmSize.toLowerCase(),
            );
            const types = size?.supportedComputeTypes ?? [];
            if (size !== undefined && types.includes(need.computeType))
                checks.push(
                    check(
                        "azure.vm-size",
                        subject,
                        "pass",
                        `offered for ${WHAT[need.computeType]}`,
                    ),
                );
            else
                checks.push(
                    check(
                        "azure.vm-size",
                        subject,
                        "fail",
                        size === undefined
                            ? `Azure ML does not offer ${need.vmSize} in ${region}`
                            : `${need.vmSize} is offered in ${region} for ${types.join(", ") || "nothing"}, not for ${WHAT[need.computeType]}`,
                        `set ${need.field} to a size that ${listed} shows for ${need.computeType} (and that offline/plan/vmSizes.ts prices), or deploy to another location`,
                    ),
                );
        }
    }
    return checks;
}
