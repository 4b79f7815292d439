/**
 * What one team stack builds from its validated config: every resource of one team's environment.
 * The config arrives parsed and validated (stacks/validate.ts); nothing here reads `pulumi.Config`
 * or the clock, so tests and the offline plan run exactly this code.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as azureNativeProvider from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as azuread from "@pulumi/azuread";
import * as github from "@pulumi/github";
import * as random from "@pulumi/random";
import { DiabetesData } from "../components/diabetesData";
import { Workspace } from "../components/workspace";
import { OnlineEndpoint } from "../components/onlineEndpoint";
import { TeamAccess } from "../components/teamAccess";
import { TeamBudget } from "../components/teamBudget";
import { Compute } from "../components/compute";
import { FairShare } from "../components/fairShare";
import { GithubOidcTrust } from "../components/githubOidcTrust";
import { GuestInvitations } from "../components/guestInvitations";
import { TeamPrincipal } from "../components/teamPrincipal";
import { TeamRepository } from "../components/teamRepository";
import {
    DATASTORE_NAME,
    DATA_CONTAINER_NAME,
    DEFAULT_BRANCH,
    PRODUCTION_ENVIRONMENT,
    SUFFIX_LENGTH,
    computeInstanceName,
    fairShareDefinitionName,
    teamNames,
} from "./names";
import type { EventConfig, TeamConfig } from "./schema";
import {
    environmentReviewers,
    pick,
    repositoryCollaborators,
    repositorySecretNames,
    repositoryVariableNames,
    type RepositorySecret,
    type RepositoryVariable,
} from "./githubFootprint";
import { writeDelayOf } from "./githubPacing";
import { environmentApplies } from "./githubPlan";
import { githubProviderToken } from "./githubToken";
import { credentialEnd } from "./credentialLifetime";
import { entraStackTag } from "./entraTag";

export interface TeamStackArgs {
    readonly event: EventConfig;
    readonly team: TeamConfig;
    /** Azure region of every team resource. */
    readonly location: string;
    /** Today: the budget's first month. Passed in so tests never depend on the clock. */
    readonly now: Date;
}

/** The JSON shape of `az ad sp create-for-rbac --sdk-auth`, which `azure/login` takes as `creds`. */
export function sdkAuthJson(
    clientId: string,
    clientSecret: string,
    subscriptionId: string,
    tenantId: string,
): string {
    return JSON.stringify({
        clientId,
        clientSecret,
        subscriptionId,
        tenantId,
        activeDirectoryEndpointUrl: "https://login.microsoftonline.com",
        resourceManagerEndpointUrl: "https://management.azure.com/",
        activeDirectoryGraphResourceId: "https://graph.windows.net/",
        sqlManagementEndpointUrl: "https://management.core.windows.net:8443/",
        galleryEndpointUrl: "https://gallery.azure.com/",
        managementEndpointUrl: "https://management.core.windows.net/",
    });
}

export interface TeamStackOutputs {
    team: string;
    subscriptionId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
    resourceGroup: pulumi.Output<string>;
    workspace: pulumi.Output<string>;
    studioUrl: pulumi.Output<string>;
    portalUrl: pulumi.Output<string>;
    storageAccount: pulumi.Output<string>;
    datastore: pulumi.Output<string>;
    dataAssets: pulumi.Output<Record<string, string>>;
    computeCluster: pulumi.Output<string>;
    computeInstances: pulumi.Output<Record<string, string>>;
    endpoint: pulumi.Output<string>;
    repository: pulumi.Output<string>;
    repositoryUrl: pulumi.Output<string>;
    servicePrincipalClientId: pulumi.Output<string>;
    /** GitHub login -> object id of each guest this stack invited (e-mail members); teardown removes exactly these. */
    invitedGuests: pulumi.Output<Record<string, string>>;
    /** When the team's client secret (AZURE_CREDENTIALS) ends, RFC 3339: for handouts and the plan. */
    credentialsEndDate: pulumi.Output<string>;
    /** Names (never values) of the repository's Actions secrets and variables, for the handouts. */
    repositorySecrets: readonly string[];
    repositoryVariables: readonly string[];
    /**
     * GitHub login -> redeem URL of the member's Entra invitation, only when Entra sends no e-mail
     * (`invitation.sendMessage: false`): the team's handout gives each guest their link.
     */
    invitationRedeemUrls?: pulumi.Output<Record<string, string>>;
}

export class TeamStack extends pulumi.ComponentResource {
    /** What a handout is built from. No secret value. */
    public readonly outputs: TeamStackOutputs;
    /** The team principal's client secret (secret): for tests and policies, never exported. */
    public readonly clientSecret: pulumi.Output<string>;
    /** The AZURE_CREDENTIALS document (secret): never exported. */
    public readonly azureCredentials: pulumi.Output<string>;

    constructor(name: string, args: TeamStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:stack:Team", name, {}, opts);
        const { event, team, location } = args;
        const tags = {
            event: event.name,
            team: team.name,
            endsOn: event.endsOn,
            "managed-by": "openhack-mlops",
        };

        // A team may live in its own subscription; otherwise the ambient provider's subscription.
        const azureProvider =
            team.subscriptionId !== ""
                ? new azureNativeProvider.Provider(
                      `${name}-azure`,
                      { subscriptionId: team.subscriptionId, location },
                      { parent: this },
                  )
                : undefined;
        // Custom resources take `provider`, components `providers` (which their children inherit).
        const azureResourceOpts: pulumi.CustomResourceOptions = {
            parent: this,
            provider: azureProvider,
        };
        const azureOpts: pulumi.ComponentResourceOptions = {
            parent: this,
            providers: azureProvider ? [azureProvider] : undefined,
        };
        const client = authorization.getClientConfigOutput({
            parent: this,
            ...(azureProvider ? { provider: azureProvider } : {}),
        });
        const subscriptionId =
            team.subscriptionId !== "" ? pulumi.output(team.subscriptionId) : client.subscriptionId;
        const tenantId = client.tenantId;
        // The legacy client is the one that honours writeDelayMs (the newer one ignores it on REST):
        // pinned, so GITHUB_LEGACY_CLIENT in an organizer's shell cannot undo the event's pacing.
        const githubProvider = new github.Provider(
            `${name}-github`,
            {
                owner: event.github.owner,
                // A secret input: the SDK's own fallback would store GITHUB_TOKEN in clear (githubToken.ts).
                token: githubProviderToken(process.env),
                legacyClient: true,
                writeDelayMs: writeDelayOf(event),
            },
            { parent: this },
        );

        // Kept in state: stable for the stack's life, fresh when a torn-down team is re-created.
        const suffix = new random.RandomString(
            `${name}-suffix`,
            { length: SUFFIX_LENGTH, special: false, upper: false, lower: true, numeric: true },
            { parent: this },
        );
        const names = suffix.result.apply((s) => teamNames(event.name, team.name, s));
        // Not unique globally, and shown to people: no suffix (hence not from `names`).
        const repositoryName = teamNames(event.name, team.name, "000000").repository;

        // Members given by e-mail are invited as guests; their object id is the invitation's.
        const guests = team.members.flatMap((m) =>
            m.email !== undefined
                ? [{ github: m.github, email: m.email, displayName: m.displayName }]
                : [],
        );
        const invitations =
            guests.length > 0
                ? new GuestInvitations(
                      `${name}-guests`,
                      { guests, tenantId, ...event.invitation },
                      { parent: this },
                  )
                : undefined;
        const members = team.members.map((member) => ({
            github: member.github,
            objectId:
                member.objectId !== undefined
                    ? pulumi.output(member.objectId)
                    : invitations !== undefined && member.email !== undefined
                      ? invitations.userIdOf(member.github)
                      : azuread.getUserOutput(
                            { userPrincipalName: member.userPrincipalName },
                            { parent: this },
                        ).objectId,
        }));

        const group = new resources.ResourceGroup(
            `${name}-rg`,
            { resourceGroupName: names.resourceGroup, location, tags },
            azureResourceOpts,
        );

        const ml = new Workspace(
            `${name}-ml`,
            {
                resourceGroupName: group.name,
                location,
                tenantId,
                tags,
                names,
                friendlyName: `OpenHack ${event.name} ${team.name}`,
            },
            azureOpts,
        );

        // The names are known from the suffix: the assignment need not wait for the computes. Without
        // instances per member, no instance name is allowed, so the plan's count (no instances) holds.
        const fairShare = new FairShare(
            `${name}-fair-share`,
            {
                definitionName: fairShareDefinitionName(event.name, team.name),
                resourceGroupId: group.id,
                effect: event.guard.effect,
                computeNames: suffix.result.apply((s) => [
                    event.compute.clusterName,
                    ...(event.compute.instancePerMember
                        ? team.members.map((m) => computeInstanceName(m.github, s))
                        : []),
                ]),
                instanceVmSize: event.compute.instanceVmSize,
                clusterVmSize: event.compute.clusterVmSize,
                clusterMaxNodes: event.compute.clusterMaxNodes,
                deploymentInstanceType: event.endpoint.instanceType,
                deploymentMaxInstances: event.endpoint.maxInstances,
                endpointNames: names.apply((n) => [n.endpoint]),
                deploymentNames: event.endpoint.deploymentNames,
                // From the names, not `ml.workspaceName`: the assignment need not wait minutes for
                // the workspace (components/workspace.ts names it `names.workspace`).
                workspaceNames: names.apply((n) => [n.workspace]),
            },
            azureOpts,
        );

        const compute = new Compute(
            `${name}-compute`,
            {
                resourceGroupName: group.name,
                workspaceName: ml.workspaceName,
                location,
                tenantId,
                tags,
                clusterName: event.compute.clusterName,
                clusterVmSize: event.compute.clusterVmSize,
                clusterMaxNodes: event.compute.clusterMaxNodes,
                instanceVmSize: event.compute.instanceVmSize,
                instances: event.compute.instancePerMember
                    ? members.map((m) => ({
                          github: m.github,
                          objectId: m.objectId,
                          instanceName: suffix.result.apply((s) =>
                              computeInstanceName(m.github, s),
                          ),
                      }))
                    : [],
                idleShutdownMinutes: event.compute.idleShutdownMinutes,
                timeZone: event.timeZone,
                dailyStopTime: event.compute.dailyStopTime,
                // A compute is judged by the assignment in force when its PUT arrives: waiting for
                // it means a new team's computes are never created before its policy exists. A
                // changed limit may take minutes to be in force (docs/fair-share.md): rerun `up`.
                fairShareAssignment: fairShare.assignment,
            },
            azureOpts,
        );

        const data = new DiabetesData(
            `${name}-data`,
            {
                subscriptionId,
                resourceGroupName: group.name,
                workspaceName: ml.workspaceName,
                storageAccountName: ml.storageAccountName,
                containerName: DATA_CONTAINER_NAME,
                datastoreName: DATASTORE_NAME,
            },
            azureOpts,
        );

        const endpoint = new OnlineEndpoint(
            `${name}-endpoint`,
            {
                resourceGroupName: group.name,
                workspaceName: ml.workspaceName,
                location,
                tags,
                endpointName: names.apply((n) => n.endpoint),
                authMode: event.endpoint.authMode,
            },
            azureOpts,
        );

        const identity = new TeamPrincipal(
            `${name}-identity`,
            {
                displayName: names.apply((n) => n.application),
                stackTag: entraStackTag(event.name, team.name),
                subscriptionId,
                resourceGroupId: group.id,
                // Fixed at creation (TeamPrincipal ignores later changes): a later `up` renews nothing.
                secretEndDate: credentialEnd(event.endsOn, args.now, event.secretLifetimeDays)
                    .endDate,
            },
            azureOpts,
        );

        new TeamAccess(
            `${name}-access`,
            {
                subscriptionId,
                resourceGroupId: group.id,
                workspaceId: ml.workspaceId,
                members,
                coachesGroupObjectId:
                    event.coachesGroupObjectId === "" ? undefined : event.coachesGroupObjectId,
            },
            azureOpts,
        );

        this.clientSecret = identity.clientSecret;
        this.azureCredentials = pulumi.secret(
            pulumi
                .all([identity.clientId, identity.clientSecret, subscriptionId, tenantId])
                .apply(([id, secret, sub, tenant]) => sdkAuthJson(id, secret, sub, tenant)),
        );

        // Names, not the resources' outputs: a secret or variable that named the workspace through
        // `ml.workspaceName` waited minutes for the workspace (the offline plan's critical path
        // showed it), although the name is fixed before anything is created.
        const workspaceName = names.apply((n) => n.workspace);
        const repository = new TeamRepository(
            `${name}-github`,
            {
                owner: event.github.owner,
                repositoryName,
                defaultBranch: DEFAULT_BRANCH,
                description: `OpenHack for MLOps ${event.name}: team ${team.name}`,
                visibility: event.github.visibility,
                template: event.github.template,
                collaborators: repositoryCollaborators(event, team),
                // Typed by the footprint's name lists, so the driver's count of GitHub writes stays exact.
                // Only the names the event asks for are set (githubFootprint.ts counts the same names).
                secrets: pick<RepositorySecret, pulumi.Input<string>>(
                    {
                        AZURE_CREDENTIALS: this.azureCredentials,
                        AZURE_RESOURCE_GROUP_NAME: group.name,
                        AZURE_ML_WORKSPACE_NAME: workspaceName,
                        AZURE_CLIENT_ID: identity.clientId,
                        AZURE_TENANT_ID: tenantId,
                        AZURE_SUBSCRIPTION_ID: subscriptionId,
                    },
                    repositorySecretNames(event),
                ),
                variables: pick<RepositoryVariable, pulumi.Input<string>>(
                    {
                        AZURE_LOCATION: location,
                        AZURE_RESOURCE_GROUP_NAME: group.name,
                        AZURE_ML_WORKSPACE_NAME: workspaceName,
                        AML_COMPUTE_CLUSTER: event.compute.clusterName,
                        AML_ENDPOINT_NAME: names.apply((n) => n.endpoint),
                        AML_DATASTORE: DATASTORE_NAME,
                        AML_DATA_ASSET: "diabetes_data_oh4ml",
                        AML_DATA_ASSET_350: "diabetes_data_oh4ml_350records",
                    },
                    repositoryVariableNames(event),
                ),
                environment: environmentApplies(event) ? PRODUCTION_ENVIRONMENT : undefined,
                reviewers: environmentReviewers(event),
            },
            { parent: this, providers: { github: githubProvider } },
        );

        // The owner as GitHub knows it (a user or an organization: both answer at /users/<login>): its
        // login as GitHub spells it, since OIDC subjects are compared exactly and the config may spell
        // it in another case, and its numeric id, part of the immutable subject.
        const owner = github.getUserOutput(
            { username: event.github.owner },
            { parent: this, provider: githubProvider },
        );
        new GithubOidcTrust(
            `${name}-oidc`,
            {
                applicationId: identity.applicationId,
                repository: pulumi
                    .all([repository.name, repository.repoId, owner.login, owner.id])
                    .apply(([repo, id, login, ownerId]) => ({
                        owner: login,
                        ownerId,
                        name: repo,
                        id: String(id),
                    })),
                environment: PRODUCTION_ENVIRONMENT,
                branch: DEFAULT_BRANCH,
                pullRequests: event.github.extras.pullRequestOidc,
            },
            { parent: this },
        );

        new TeamBudget(
            `${name}-budget`,
            {
                resourceGroupId: group.id,
                budgetName: names.apply((n) => n.budget),
                amount: event.budget.amount,
                contactEmails: event.budget.contactEmails,
                now: args.now,
                endsOn: event.endsOn,
            },
            azureOpts,
        );

        const workspaceArmPath = pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${group.name}/providers/Microsoft.MachineLearningServices/workspaces/${ml.workspaceName}`;
        this.outputs = {
            team: team.name,
            subscriptionId,
            tenantId,
            resourceGroup: group.name,
            workspace: ml.workspaceName,
            studioUrl: pulumi.interpolate`https://ml.azure.com/?tid=${tenantId}&wsid=${workspaceArmPath}`,
            portalUrl: pulumi.interpolate`https://portal.azure.com/#@${tenantId}/resource${group.id}/overview`,
            storageAccount: ml.storageAccountName,
            datastore: data.datastoreName,
            dataAssets: data.assets,
            computeCluster: compute.clusterName,
            computeInstances: compute.instanceNames,
            endpoint: endpoint.endpointName,
            repository: repository.name.apply((repo) => `${event.github.owner}/${repo}`),
            repositoryUrl: repository.htmlUrl,
            servicePrincipalClientId: identity.clientId,
            credentialsEndDate: identity.clientSecretEndDate,
            invitedGuests: invitations?.guestIds() ?? pulumi.output<Record<string, string>>({}),
            repositorySecrets: repository.secretNames,
            repositoryVariables: repository.variableNames,
            ...(invitations !== undefined && !event.invitation.sendMessage
                ? { invitationRedeemUrls: invitations.redeemUrls }
                : {}),
        };
        this.registerOutputs({ ...this.outputs });
    }
}
