import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { roleDefinitionId, type BuiltInRole } from "./roles";

export interface TeamAccessArgs {
    /** Subscription GUID the built-in role definitions are read from. */
    readonly subscriptionId: pulumi.Input<string>;
    /** ARM id of the team resource group: scope of Contributor (members) and Reader (coaches). */
    readonly resourceGroupId: pulumi.Input<string>;
    /** ARM id of the workspace: scope of AzureML Data Scientist (members). */
    readonly workspaceId: pulumi.Input<string>;
    /** GitHub login (names the assignments) and Entra object id of each member; 1-8 members. */
    readonly members: readonly {
        readonly github: string;
        readonly objectId: pulumi.Input<string>;
    }[];
    /** Object id (GUID) of the coaches' Entra group, given Reader; undefined (the default) for none. */
    readonly coachesGroupObjectId?: string;
}

/**
 * People's roles: each member is Contributor on the team resource group and AzureML Data Scientist
 * on the workspace; the coaches group may read every team resource group. Nothing above the group.
 */
export class TeamAccess extends pulumi.ComponentResource {
    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:identity:TeamAccess", name, {}, opts);
        const assign = (
            logical: string,
            principalId: pulumi.Input<string>,
            principalType: "User" | "Group",
            role: BuiltInRole,
            scope: pulumi.Input<string>,
        ): void => {
            new authorization.RoleAssignment(
                `${name}-${logical}`,
                {
                    principalId,
                    principalType,
                    scope,
                    roleDefinitionId: pulumi
                        .output(args.subscriptionId)
                        .apply((sub) => roleDefinitionId(sub, role)),
                },
                { parent: this },
            );
        };
        for (const member of args.members) {
            const login = member.github.toLowerCase();
            assign(
                `${login}-contributor`,
                member.objectId,
                "User",
                "Contributor",
                args.resourceGroupId,
            );
            assign(
                `${login}-data-scientist`,
                member.objectId,
                "User",
                "AzureMLDataScientist",
                args.workspaceId,
            );
        }
        if (args.coachesGroupObjectId) {
            assign(
                "coaches-reader",
                args.coachesGroupObjectId,
                "Group",
                "Reader",
                args.resourceGroupId,
            );
        }
        this.registerOutputs({});
    }
}
