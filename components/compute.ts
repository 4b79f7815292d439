import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { pathsOf } from "../policy/typedProps";
import { requireIntegerInRange, requireMatch } from "./argChecks";
import { clusterScaleSettings } from "./clusterScale";

export interface ComputeInstanceOwner {
    /** GitHub login: the key of the instance in the stack outputs. */
    readonly github: string;
    readonly instanceName: pulumi.Input<string>;
    /** Entra object id of the member the instance is assigned to. */
    readonly objectId: pulumi.Input<string>;
}

export interface ComputeArgs {
    /** Resource group of the workspace. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure ML workspace the computes belong to. */
    readonly workspaceName: pulumi.Input<string>;
    /** Azure region, the workspace's. */
    readonly location: pulumi.Input<string>;
    /** Entra tenant GUID of the members the instances are assigned to. */
    readonly tenantId: pulumi.Input<string>;
    /** Tags, set at creation only (later tag changes are ignored, see below). */
    readonly tags: Readonly<Record<string, string>>;
    /** Cluster name: 3-24 letters, digits and `-`, starting with a letter. The materials use `demo-cpucluster1`. */
    readonly clusterName: string;
    /** Azure VM size of the cluster nodes, e.g. `Standard_D2_v2`. */
    readonly clusterVmSize: string;
    /** Most nodes the cluster scales to, 1-20 (it scales down to 0 after 120 s idle). */
    readonly clusterMaxNodes: number;
    /** Azure VM size of every compute instance, e.g. `Standard_D2_v2`. */
    readonly instanceVmSize: string;
    /** One instance per entry; empty for none. */
    readonly instances: readonly ComputeInstanceOwner[];
    /** Minutes of inactivity after which an instance shuts down, 15-4320 (3 days). */
    readonly idleShutdownMinutes: number;
    /** Windows time zone id of the daily stop schedule, e.g. `Tokyo Standard Time`. */
    readonly timeZone: string;
    /** `HH:MM` (24 h) local time at which instances stop every day. */
    readonly dailyStopTime: string;
    /**
     * The fair-share policy assignment of the team's group (components/fairShare.ts): every compute
     * waits for it, so a new team's computes are never sent before its policy exists. A changed
     * assignment may take minutes to be in force (docs/fair-share.md), so a raised limit may still
     * refuse a compute of the same `up`: rerun it. (A component's own `dependsOn` does not reach
     * its children, hence an argument.)
     */
    readonly fairShareAssignment: pulumi.Resource;
}

/** NCronTab expression for every day at `HH:MM`. */
export function dailyCron(hhmm: string): string {
    const [hours, minutes] = hhmm.split(":").map(Number);
    return `${minutes} ${hours} * * *`;
}

/**
 * The team's compute cluster (named as the hack materials expect) and one personal compute
 * instance per member. ARM ignores (or refuses) updates to compute properties, so a changed
 * property replaces the compute (`replaceOnChanges`), deleting first because the names are fixed.
 * Tags are left as created: a tag change (a new `endsOn`) would otherwise send a failing PUT.
 */
const COMPUTE_OPTIONS: pulumi.CustomResourceOptions = {
    deleteBeforeReplace: true,
    replaceOnChanges: pathsOf<machinelearningservices.ComputeArgs>("properties", "location"),
    ignoreChanges: pathsOf<machinelearningservices.ComputeArgs>("tags"),
};
export class Compute extends pulumi.ComponentResource {
    public readonly clusterName: pulumi.Output<string>;
    /** GitHub login -> compute instance name. */
    public readonly instanceNames: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:ml:Compute", name, {}, opts);
        requireIntegerInRange(this, "clusterMaxNodes", args.clusterMaxNodes, {
            min: 1,
            max: 20,
            unit: "nodes",
        });
        requireIntegerInRange(this, "idleShutdownMinutes", args.idleShutdownMinutes, {
            min: 15,
            max: 4320,
            unit: "minutes",
        });
        requireMatch(
            this,
            "dailyStopTime",
            args.dailyStopTime,
            /^(?:[01]\d|2[0-3]):[0-5]\d$/,
            "must be a 24-hour time HH:MM",
        );
        const common = {
            resourceGroupName: args.resourceGroupName,
            workspaceName: args.workspaceName,
            location: args.location,
            tags: args.tags,
        };

        // Challenge 2's `az ml compute create` finds it already there (docs/hack-contract.md); a team
        // may still delete it. Min 0 nodes so it costs nothing idle; after an out-of-band delete,
        // `pulumi refresh` then `up` re-creates it. A cluster `stop-compute` set to max 0 is put
        // back by `stop-compute --restore` (the same PATCH), not by up.
        const cluster = new machinelearningservices.Compute(
            `${name}-cluster`,
            {
                ...common,
                computeName: args.clusterName,
                properties: {
                    computeType: "AmlCompute",
                    disableLocalAuth: true,
                    properties: {
                        vmSize: args.clusterVmSize,
                        vmPriority: "Dedicated",
                        scaleSettings: clusterScaleSettings(args.clusterMaxNodes),
                        remoteLoginPortPublicAccess: "Disabled",
                    },
                },
            },
            { ...COMPUTE_OPTIONS, parent: this, dependsOn: [args.fairShareAssignment] },
        );

        const instances = args.instances.map(
            (owner) =>
                new machinelearningservices.Compute(
                    `${name}-instance-${owner.github.toLowerCase()}`,
                    {
                        ...common,
                        computeName: owner.instanceName,
                        properties: {
                            computeType: "ComputeInstance",
                            disableLocalAuth: true,
                            properties: {
                                vmSize: args.instanceVmSize,
                                // Without an assigned user the instance belongs to whoever deployed it.
                                personalComputeInstanceSettings: {
                                    assignedUser: {
                                        objectId: owner.objectId,
                                        tenantId: args.tenantId,
                                    },
                                },
                                computeInstanceAuthorizationType: "personal",
                                applicationSharingPolicy: "Personal",
                                idleTimeBeforeShutdown: `PT${args.idleShutdownMinutes}M`,
                                // No SSH: a key cannot be set when creating an instance for another user.
                                sshSettings: { sshPublicAccess: "Disabled" },
                                schedules: {
                                    computeStartStop: [
                                        {
                                            action: "Stop",
                                            triggerType: "Cron",
                                            status: "Enabled",
                                            cron: {
                                                expression: dailyCron(args.dailyStopTime),
                                                timeZone: args.timeZone,
                                            },
                                        },
                                    ],
                                },
                            },
                        },
                    },
                    {
                        ...COMPUTE_OPTIONS,
                        parent: this,
                        dependsOn: [args.fairShareAssignment],
                    },
                ),
        );

        this.clusterName = cluster.name;
        this.instanceNames = pulumi
            .all(instances.map((instance) => instance.name))
            .apply((names) =>
                Object.fromEntries(args.instances.map((owner, i) => [owner.github, names[i]])),
            );
        this.registerOutputs({ clusterName: this.clusterName, instanceNames: this.instanceNames });
    }
}
