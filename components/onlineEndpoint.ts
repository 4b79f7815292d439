import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { pathsOf } from "../policy/typedProps";

/** Config values of `event.endpoint.authMode` and the Azure ML auth modes they select. */
export const ENDPOINT_AUTH_MODES = { key: "Key", token: "AMLToken", aadToken: "AADToken" } as const;

export interface OnlineEndpointArgs {
    /** Resource group of the workspace. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure ML workspace of the endpoint. */
    readonly workspaceName: pulumi.Input<string>;
    /** Azure region, the workspace's. */
    readonly location: pulumi.Input<string>;
    /** Tags, set at creation only (later tag changes are ignored, see below). */
    readonly tags: Readonly<Record<string, string>>;
    /** 3-32 letters, digits and `-`, starting with a letter; unique in the region (names.ts adds the team's suffix). */
    readonly endpointName: pulumi.Input<string>;
    /** How clients authenticate: `key`, `token` (AMLToken) or `aadToken` (Entra). No default. */
    readonly authMode: keyof typeof ENDPOINT_AUTH_MODES;
}

/**
 * The managed online endpoint of challenge 3, created empty: deploying `blue` into it is the team's
 * work, and its traffic split is theirs to change, so the stack ignores traffic.
 */
export class OnlineEndpoint extends pulumi.ComponentResource {
    public readonly endpointName: pulumi.Output<string>;

    constructor(name: string, args: OnlineEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:ml:OnlineEndpoint", name, {}, opts);
        const endpoint = new machinelearningservices.OnlineEndpoint(
            `${name}-endpoint`,
            {
                resourceGroupName: args.resourceGroupName,
                workspaceName: args.workspaceName,
                location: args.location,
                tags: args.tags,
                endpointName: args.endpointName,
                kind: "Managed",
                identity: { type: "SystemAssigned" },
                properties: {
                    authMode: ENDPOINT_AUTH_MODES[args.authMode],
                    publicNetworkAccess: "Enabled",
                    description: "OpenHack for MLOps: challenge 3",
                },
            },
            // An update is a full PUT built from these inputs, which have no traffic: it could reset the
            // split of the team's `blue` deployment. So the stack never sends one for what the teams own
            // (traffic, mirror traffic) nor for tags (a new `endsOn`): only a change of what it owns does.
            {
                parent: this,
                ignoreChanges: pathsOf<machinelearningservices.OnlineEndpointArgs>(
                    "properties.traffic",
                    "properties.mirrorTraffic",
                    "tags",
                ),
            },
        );
        this.endpointName = endpoint.name;
        this.registerOutputs({ endpointName: this.endpointName });
    }
}
