/**
 * The default `--parallel`: how many teams one machine can run at once. Each running team is a
 * Pulumi CLI, the team's Node program and one process per provider plugin (azure-native, azuread,
 * github, random); teams spend most of their time waiting on Azure, so memory, not CPU, is the limit.
 *
 * Figures per running team (MiB). Where a public figure exists it is named; the rest are assumptions
 * to replace with a measurement from the first real event (`/usr/bin/time -v` around one team's up).
 */
export const MEMORY_PER_TEAM_MIB = {
    /** Assumed: the Go engine holding one small stack's state and plugin connections. */
    pulumiCli: 150,
    /** Assumed: Node running the program with the azure-native, azuread and github SDKs loaded. */
    nodeProgram: 300,
    /**
     * pulumi/pulumi-azure-nextgen#203 (2021-01-13, a Pulumi engineer measuring): "each Azure NextGen
     * provider consumed 330 MB" (azure-native's predecessor; pulumi/pulumi-azure-native#603 later
     * reduced it, with no new figure published).
     */
    azureNative: 330,
    /** The same comment: each (Terraform-bridged) Azure provider "up to 50 MB"; azuread and github are bridged too. */
    azuread: 50,
    github: 50,
    /** Assumed from the same bridged figure. */
    random: 50,
} as const;

export const TEAM_MEMORY_MIB = Object.values(MEMORY_PER_TEAM_MIB).reduce((a, b) => a + b, 0);
/** Left for the OS, the driver itself and the terminal. */
export const RESERVED_MEMORY_MIB = 1024;
export const MAX_PARALLEL = 64;

/** Teams a machine with `totalMemoryBytes` of RAM can run at once: at least 1, at most 64. */
export function defaultParallel(totalMemoryBytes: number): number {
    const mib = totalMemoryBytes / 1024 / 1024;
    const fits = Math.floor((mib - RESERVED_MEMORY_MIB) / TEAM_MEMORY_MIB);
    return Math.min(MAX_PARALLEL, Math.max(1, fits));
}
