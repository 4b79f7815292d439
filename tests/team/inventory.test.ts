/**
 * The full inventory of one team stack, from the list of what a team stack creates, and the
 * security-relevant inputs of each resource. Expected counts are written from the specification
 * (one line per item of "What one team stack creates"), not read off the program.
 */
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { countByType, one, ofType, at } from "../helpers/inventory";
import { MEMBER_OBJECT_ID, validSample } from "../helpers/fixtures";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const DATA_SCIENTIST = "f6c7c914-8db3-469d-8ca1-694a8f32e121";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const COACHES = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/**
 * What the issue asks for a team of `n` members (instances per member, no coaches group).
 * `environment`: the owner's plan has environments for the repository (not private on Free).
 */
function expectedInventory(
    n: number,
    coaches = false,
    environment = false,
): Record<string, number> {
    const inventory: Record<string, number> = {
        // components: the stack and one per concern
        "openhack:stack:Team": 1,
        "openhack:ml:Workspace": 1,
        "openhack:ml:Compute": 1,
        "openhack:ml:DiabetesData": 1,
        "openhack:ml:OnlineEndpoint": 1,
        "openhack:identity:TeamPrincipal": 1,
        "openhack:identity:GithubOidcTrust": 1,
        "openhack:identity:TeamAccess": 1,
        "openhack:github:TeamRepository": 1,
        "openhack:cost:TeamBudget": 1,
        "openhack:policy:FairShare": 1,
        "random:index/randomString:RandomString": 1,
        "pulumi:providers:github": 1,
        // 1. resource group
        "azure-native:resources:ResourceGroup": 1,
        // 2. insights, storage (+ blob soft delete), vault, registry, workspace
        "azure-native:operationalinsights:Workspace": 1,
        "azure-native:applicationinsights:Component": 1,
        "azure-native:storage:StorageAccount": 1,
        "azure-native:storage:BlobServiceProperties": 1,
        "azure-native:keyvault:Vault": 1,
        "azure-native:containerregistry:Registry": 1,
        "azure-native:machinelearningservices:Workspace": 1,
        // 3. cluster + one instance per member
        "azure-native:machinelearningservices:Compute": 1 + n,
        // 4. container, two CSVs, datastore, two assets (container + version each)
        "azure-native:storage:BlobContainer": 1,
        "azure-native:storage:Blob": 2,
        "azure-native:machinelearningservices:Datastore": 1,
        "azure-native:machinelearningservices:DataContainer": 2,
        "azure-native:machinelearningservices:DataVersion": 2,
        // 5. endpoint
        "azure-native:machinelearningservices:OnlineEndpoint": 1,
        // 6. + 7. app, principal, secret, 3 federated credentials in both subject forms; roles: SP Contributor, 2 per member, coaches Reader
        "azuread:index/application:Application": 1,
        "azuread:index/servicePrincipal:ServicePrincipal": 1,
        "azuread:index/applicationPassword:ApplicationPassword": 1,
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": 4,
        "azure-native:authorization:RoleAssignment": 1 + 2 * n + (coaches ? 1 : 0),
        // 8. repository with Dependabot alerts, its default branch, collaborators, the hack's 3
        // secrets (+ the opt-in environment and its branch policy below; OIDC secrets and variables
        // are opt-in too)
        "github:index/repository:Repository": 1,
        "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts": 1,
        "github:index/branchDefault:BranchDefault": 1,
        "github:index/repositoryCollaborator:RepositoryCollaborator": n,
        "github:index/actionsSecret:ActionsSecret": 3,
        // 9. budget
        "azure-native:consumption:Budget": 1,
        // 10. fair share: a definition in the subscription, assigned to the group
        "azure-native:authorization:PolicyDefinition": 1,
        "azure-native:authorization:PolicyAssignment": 1,
    };
    if (environment) {
        inventory["github:index/repositoryEnvironment:RepositoryEnvironment"] = 1;
        inventory[
            "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy"
        ] = 1;
    }
    return inventory;
}

describe.each([1, 3, 8])("a team of %i members", (n) => {
    let sim: Simulation;
    beforeAll(async () => {
        sim = await simulateTeamStack(validSample(n));
    });

    test("creates exactly the listed resources", () => {
        expect(countByType(sim.resources)).toEqual(expectedInventory(n));
    });

    test("each member gets a compute instance assigned to their own Entra object, with idle shutdown and an evening stop", () => {
        const instances = ofType(
            sim.resources,
            "azure-native:machinelearningservices:Compute",
        ).filter((r) => at(r.inputs, "properties.computeType") === "ComputeInstance");
        expect(instances).toHaveLength(n);
        const assigned = instances.map((i) =>
            at(
                i.inputs,
                "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
            ),
        );
        expect(new Set(assigned).size).toBe(n);
        if (n > 1) expect(assigned).toContain(MEMBER_OBJECT_ID);
        for (const instance of instances) {
            expect(
                at(
                    instance.inputs,
                    "properties.properties.personalComputeInstanceSettings.assignedUser.tenantId",
                ),
            ).toBe(sim.cloud.tenantId);
            expect(at(instance.inputs, "properties.properties.idleTimeBeforeShutdown")).toBe(
                "PT60M",
            );
            expect(at(instance.inputs, "properties.properties.vmSize")).toBe("Standard_D2_v2");
            expect(at(instance.inputs, "properties.properties.schedules.computeStartStop")).toEqual(
                [
                    {
                        action: "Stop",
                        triggerType: "Cron",
                        status: "Enabled",
                        cron: { expression: "0 20 * * *", timeZone: "Tokyo Standard Time" },
                    },
                ],
            );
            expect(at(instance.inputs, "properties.properties.sshSettings.sshPublicAccess")).toBe(
                "Disabled",
            );
        }
    });

    test("every role assignment is scoped to the team's group (or its workspace) and names its principal type", () => {
        const group = one(sim.resources, "azure-native:resources:ResourceGroup");
        const workspace = one(sim.resources, "azure-native:machinelearningservices:Workspace");
        const roles = ofType(sim.resources, "azure-native:authorization:RoleAssignment");
        for (const role of roles) {
            expect([group.id, workspace.id]).toContain(role.inputs.scope);
            expect(["User", "ServicePrincipal", "Group"]).toContain(role.inputs.principalType);
        }
        const byRole = (guid: string) =>
            roles.filter((r) => String(r.inputs.roleDefinitionId).endsWith(guid));
        expect(
            byRole(CONTRIBUTOR).filter(
                (r) => r.inputs.principalType === "User" && r.inputs.scope === group.id,
            ),
        ).toHaveLength(n);
        expect(
            byRole(DATA_SCIENTIST).filter(
                (r) => r.inputs.principalType === "User" && r.inputs.scope === workspace.id,
            ),
        ).toHaveLength(n);
        const sp = byRole(CONTRIBUTOR).filter((r) => r.inputs.principalType === "ServicePrincipal");
        expect(sp).toHaveLength(1);
        expect(sp[0].inputs.scope).toBe(group.id);
        expect(sp[0].inputs.principalId).toBe(
            one(sim.resources, "azuread:index/servicePrincipal:ServicePrincipal").state.objectId,
        );
    });
});

describe("security-relevant inputs", () => {
    let sim: Simulation;
    beforeAll(async () => {
        sim = await simulateTeamStack(validSample(2));
    });

    test("storage: HTTPS only, TLS 1.2, no public blobs, no cross-tenant replication, soft delete on", () => {
        const account = one(sim.resources, "azure-native:storage:StorageAccount");
        expect(account.inputs).toMatchObject({
            kind: "StorageV2",
            sku: { name: "Standard_LRS" },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowCrossTenantReplication: false,
        });
        expect(
            one(sim.resources, "azure-native:storage:BlobServiceProperties").inputs,
        ).toMatchObject({ deleteRetentionPolicy: { enabled: true, days: 7 } });
        expect(one(sim.resources, "azure-native:storage:BlobContainer").inputs.publicAccess).toBe(
            "None",
        );
    });

    test("key vault: RBAC, soft delete, and purge protection never set", () => {
        const vault = one(sim.resources, "azure-native:keyvault:Vault");
        expect(vault.inputs.properties).toMatchObject({
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: 7,
        });
        expect(at(vault.inputs, "properties.enablePurgeProtection")).toBeUndefined();
    });

    test("registry: Basic, admin user and anonymous pull off", () => {
        expect(one(sim.resources, "azure-native:containerregistry:Registry").inputs).toMatchObject({
            sku: { name: "Basic" },
            adminUserEnabled: false,
            anonymousPullEnabled: false,
        });
    });

    test("workspace: system identity, wired to the stack's own storage, vault, insights and registry", () => {
        const ws = one(sim.resources, "azure-native:machinelearningservices:Workspace");
        expect(ws.inputs).toMatchObject({
            identity: { type: "SystemAssigned" },
            storageAccount: one(sim.resources, "azure-native:storage:StorageAccount").id,
            keyVault: one(sim.resources, "azure-native:keyvault:Vault").id,
            applicationInsights: one(sim.resources, "azure-native:applicationinsights:Component")
                .id,
            containerRegistry: one(sim.resources, "azure-native:containerregistry:Registry").id,
        });
        expect(
            one(sim.resources, "azure-native:applicationinsights:Component").inputs
                .workspaceResourceId,
        ).toBe(one(sim.resources, "azure-native:operationalinsights:Workspace").id);
    });

    test("cluster: min 0 nodes, idle scale-down, no public SSH, local auth off", () => {
        const cluster = ofType(sim.resources, "azure-native:machinelearningservices:Compute").find(
            (r) => at(r.inputs, "properties.computeType") === "AmlCompute",
        );
        expect(cluster?.inputs.properties).toEqual({
            computeType: "AmlCompute",
            disableLocalAuth: true,
            properties: {
                vmSize: "Standard_D2_v2",
                vmPriority: "Dedicated",
                scaleSettings: {
                    minNodeCount: 0,
                    maxNodeCount: 2,
                    nodeIdleTimeBeforeScaleDown: "PT120S",
                },
                remoteLoginPortPublicAccess: "Disabled",
            },
        });
    });

    test.each([
        ["key", "Key"],
        ["token", "AMLToken"],
        ["aadToken", "AADToken"],
    ] as const)("endpoint auth mode %s is sent as %s", async (mode, armMode) => {
        const s = await simulateTeamStack(
            validSample(1, { endpoint: { authMode: mode, instanceType: "Standard_DS2_v2" } }),
        );
        const endpoint = one(s.resources, "azure-native:machinelearningservices:OnlineEndpoint");
        expect(endpoint.inputs).toMatchObject({
            kind: "Managed",
            identity: { type: "SystemAssigned" },
            properties: { authMode: armMode },
        });
    });

    test("client secret ends 7 days after the event's last day", () => {
        expect(
            one(sim.resources, "azuread:index/applicationPassword:ApplicationPassword").inputs
                .endDate,
        ).toBe("2026-12-25T23:59:59Z");
    });

    test("repository: private by default with vulnerability alerts, members push", () => {
        const repository = one(sim.resources, "github:index/repository:Repository");
        expect(repository.inputs).toMatchObject({
            name: "oh4mltest-team01",
            visibility: "private",
        });
        // The deprecated input stays unset: alerts are their own resource, on this repository.
        expect(repository.inputs.vulnerabilityAlerts).toBeUndefined();
        expect(
            one(
                sim.resources,
                "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts",
            ).inputs,
        ).toEqual({ repository: "oh4mltest-team01", enabled: true });
        const collaborators = ofType(
            sim.resources,
            "github:index/repositoryCollaborator:RepositoryCollaborator",
        );
        expect(collaborators.map((c) => [c.inputs.username, c.inputs.permission])).toEqual([
            ["member0", "push"],
            ["member1", "push"],
        ]);
    });

    test("federated credentials: main and the production environment (no pull requests by default), in the classic and the immutable subject form", () => {
        const subjects = ofType(
            sim.resources,
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        ).map((r) => r.inputs.subject);
        const repo = one(sim.resources, "github:index/repository:Repository").state.repoId;
        const call = sim.cloud.calls.find(
            (c) => c.token === "github:index/getUser:getUser" && c.args.username === "contoso-hack",
        );
        const ownerId = (
            sim.cloud.call({
                token: "github:index/getUser:getUser",
                inputs: { username: "contoso-hack" },
            }) as { id: string }
        ).id;
        expect(call).toBeDefined();
        const immutable = `repo:contoso-hack@${ownerId}/oh4mltest-team01@${String(repo)}`;
        expect(subjects.sort()).toEqual(
            [
                "repo:contoso-hack/oh4mltest-team01:environment:production",
                "repo:contoso-hack/oh4mltest-team01:ref:refs/heads/main",
                `${immutable}:environment:production`,
                `${immutable}:ref:refs/heads/main`,
            ].sort(),
        );
        const app = one(sim.resources, "azuread:index/application:Application");
        for (const r of ofType(
            sim.resources,
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        ))
            expect(r.inputs.applicationId).toBe(app.id);
        for (const r of ofType(
            sim.resources,
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        )) {
            expect(r.inputs).toMatchObject({
                issuer: "https://token.actions.githubusercontent.com",
                audiences: ["api://AzureADTokenExchange"],
            });
        }
    });

    test("budget: monthly on the team group, 50/80/100 % alerts to the contacts, starting this month", () => {
        const budget = one(sim.resources, "azure-native:consumption:Budget");
        expect(budget.inputs).toMatchObject({
            scope: one(sim.resources, "azure-native:resources:ResourceGroup").id,
            amount: 150,
            category: "Cost",
            timeGrain: "Monthly",
            timePeriod: { startDate: "2026-11-01T00:00:00Z", endDate: "2027-01-01T00:00:00Z" },
        });
        const notifications = Object.values(
            budget.inputs.notifications as Record<
                string,
                { threshold: number; contactEmails: string[] }
            >,
        );
        expect(notifications.map((n) => n.threshold).sort((a, b) => a - b)).toEqual([50, 80, 100]);
        for (const n of notifications) expect(n.contactEmails).toEqual(["organizer@example.com"]);
    });

    test("every taggable Azure resource carries the event and team tags", () => {
        const tagged = sim.resources.filter(
            (r) => r.type.startsWith("azure-native:") && "tags" in r.inputs,
        );
        expect(tagged.length).toBeGreaterThanOrEqual(10);
        for (const r of tagged)
            expect(r.inputs.tags).toMatchObject({
                event: "oh4mltest",
                team: "team01",
                endsOn: "2026-12-18",
            });
    });
});

describe("options", () => {
    test("github.extras.pullRequestOidc adds the pull_request subject in both forms, nothing else", async () => {
        const FIC =
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
        const subjectsOf = (sim: Simulation): string[] =>
            ofType(sim.resources, FIC).map((r) => String(r.inputs.subject));
        const base = subjectsOf(await simulateTeamStack(validSample(1)));
        const opted = subjectsOf(
            await simulateTeamStack(
                validSample(1, {
                    github: {
                        owner: "contoso-hack",
                        extras: { pullRequestOidc: true },
                    },
                }),
            ),
        );
        expect(base.filter((s) => s.endsWith(":pull_request"))).toEqual([]);
        const added = opted.filter((s) => !base.includes(s));
        expect(added).toHaveLength(2);
        for (const s of added)
            expect(s).toMatch(/^repo:contoso-hack(@\d+)?\/oh4mltest-team01(@\d+)?:pull_request$/);
        expect(opted.length).toBeLessThanOrEqual(20);
    });

    test("a coaches group gets Reader on the team group", async () => {
        const sim = await simulateTeamStack(validSample(2, { coachesGroupObjectId: COACHES }));
        expect(countByType(sim.resources)).toEqual(expectedInventory(2, true));
        const reader = ofType(sim.resources, "azure-native:authorization:RoleAssignment").filter(
            (r) => String(r.inputs.roleDefinitionId).endsWith(READER),
        );
        expect(
            reader.map((r) => [r.inputs.principalId, r.inputs.principalType, r.inputs.scope]),
        ).toEqual([
            [COACHES, "Group", one(sim.resources, "azure-native:resources:ResourceGroup").id],
        ]);
    });

    test("instancePerMember: false creates the cluster only", async () => {
        const sim = await simulateTeamStack(
            validSample(3, {
                compute: {
                    instancePerMember: false,
                    clusterName: "demo-cpucluster1",
                    clusterVmSize: "Standard_D2_v2",
                    clusterMaxNodes: 2,
                    instanceVmSize: "Standard_D2_v2",
                    idleShutdownMinutes: 60,
                },
            }),
        );
        expect(
            ofType(sim.resources, "azure-native:machinelearningservices:Compute").map((c) =>
                at(c.inputs, "properties.computeType"),
            ),
        ).toEqual(["AmlCompute"]);
        expect(sim.outputs.computeInstances).toEqual({});
    });

    test("environment and reviewers follow what the owner's GitHub plan allows", async () => {
        const reviewers = ["coach-one", "coach-two"];
        const pub = await simulateTeamStack(
            validSample(1, {
                github: {
                    owner: "contoso-hack",
                    visibility: "public",
                    template: "",
                    reviewers,
                    extras: { environment: true },
                },
            }),
        );
        expect(countByType(pub.resources)).toEqual({
            ...expectedInventory(1, false, true),
            "github:index/repositoryCollaborator:RepositoryCollaborator": 3,
        });
        const env = one(pub.resources, "github:index/repositoryEnvironment:RepositoryEnvironment");
        expect(at(env.inputs, "reviewers.0.users")).toHaveLength(2);
        // Reviewers need access to the repository: read, not push.
        const access = ofType(
            pub.resources,
            "github:index/repositoryCollaborator:RepositoryCollaborator",
        ).map((c) => [c.inputs.username, c.inputs.permission]);
        expect(access).toEqual([
            ["member0", "push"],
            ["coach-one", "pull"],
            ["coach-two", "pull"],
        ]);
        // Private on Free: no environment at all (GitHub would refuse it).
        const free = await simulateTeamStack(
            validSample(1, {
                github: {
                    owner: "contoso-hack",
                    visibility: "private",
                    template: "",
                    reviewers,
                    extras: { environment: true },
                },
            }),
        );
        expect(countByType(free.resources)).toEqual(expectedInventory(1));
        // Private on Team: the environment, but no reviewers (an Enterprise feature on private repositories).
        const priv = await simulateTeamStack(
            validSample(1, {
                github: {
                    owner: "contoso-hack",
                    visibility: "private",
                    template: "",
                    reviewers,
                    plan: "team",
                    extras: { environment: true },
                },
            }),
        );
        expect(
            one(priv.resources, "github:index/repositoryEnvironment:RepositoryEnvironment").inputs
                .reviewers,
        ).toBeUndefined();
        expect(
            ofType(priv.resources, "github:index/repositoryCollaborator:RepositoryCollaborator"),
        ).toHaveLength(1);
        const ent = await simulateTeamStack(
            validSample(1, {
                github: {
                    owner: "contoso-hack",
                    visibility: "private",
                    template: "",
                    reviewers,
                    plan: "enterprise",
                    extras: { environment: true },
                },
            }),
        );
        expect(
            at(
                one(ent.resources, "github:index/repositoryEnvironment:RepositoryEnvironment")
                    .inputs,
                "reviewers.0.users",
            ),
        ).toHaveLength(2);
    });

    test("a team in its own subscription: every Azure id and role definition is in that subscription", async () => {
        const sub = "11111111-2222-4333-8444-555555555555";
        const sim = await simulateTeamStack(validSample(1, {}, { subscriptionId: sub }));
        const azure = sim.resources.filter((r) => r.type.startsWith("azure-native:"));
        for (const r of azure) expect(r.id.startsWith(`/subscriptions/${sub}/`)).toBe(true);
        for (const r of ofType(sim.resources, "azure-native:authorization:RoleAssignment")) {
            expect(
                String(r.inputs.roleDefinitionId).startsWith(
                    `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/`,
                ),
            ).toBe(true);
        }
        expect(sim.outputs.subscriptionId).toBe(sub);
    });

    test("a template repository is used when configured", async () => {
        const sim = await simulateTeamStack(
            validSample(1, {
                github: {
                    owner: "contoso-hack",
                    visibility: "private",
                    template: "nohanaga/openhack-for-mlops-v2-students",
                    reviewers: [],
                },
            }),
        );
        expect(one(sim.resources, "github:index/repository:Repository").inputs).toMatchObject({
            template: { owner: "nohanaga", repository: "openhack-for-mlops-v2-students" },
        });
    });
});

test("the deployer owns the team application and service principal, so it can delete them", async () => {
    const sim = await simulateTeamStack(validSample(1));
    const deployer = sim.cloud.calls.find(
        (c) => c.token === "azuread:index/getClientConfig:getClientConfig",
    );
    expect(deployer).toBeDefined();
    const owner = (
        sim.cloud.call({ token: "azuread:index/getClientConfig:getClientConfig", inputs: {} }) as {
            objectId: string;
        }
    ).objectId;
    expect(one(sim.resources, "azuread:index/application:Application").inputs.owners).toEqual([
        owner,
    ]);
    expect(
        one(sim.resources, "azuread:index/servicePrincipal:ServicePrincipal").inputs.owners,
    ).toEqual([owner]);
});
