/**
 * Readable names of the resource kinds the team program registers, for the plan's brief view: an
 * organizer reads "Key vault", not `azure-native:keyvault:Vault`. A type missing from the table (a
 * resource added later) still reads as words taken from its type name, never as the provider token.
 */

/** Where a resource lives, as an organizer names it. */
export type Cloud = "Azure" | "Entra ID" | "GitHub" | "Pulumi";

const CLOUD_OF_PROVIDER: Readonly<Record<string, Cloud>> = {
    "azure-native": "Azure",
    azuread: "Entra ID",
    github: "GitHub",
};

const KINDS: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "Resource group",
    "azure-native:machinelearningservices:Workspace": "ML workspace",
    "azure-native:machinelearningservices:Compute": "ML compute",
    "azure-native:machinelearningservices:OnlineEndpoint": "Online endpoint",
    "azure-native:machinelearningservices:OnlineDeployment": "Online deployment",
    "azure-native:machinelearningservices:Datastore": "ML datastore",
    "azure-native:machinelearningservices:DataContainer": "ML data asset",
    "azure-native:machinelearningservices:DataVersion": "ML data version",
    "azure-native:operationalinsights:Workspace": "Log Analytics workspace",
    "azure-native:applicationinsights:Component": "Application Insights",
    "azure-native:keyvault:Vault": "Key vault",
    "azure-native:containerregistry:Registry": "Container registry",
    "azure-native:storage:StorageAccount": "Storage account",
    "azure-native:storage:BlobServiceProperties": "Blob settings",
    "azure-native:storage:BlobContainer": "Blob container",
    "azure-native:storage:Blob": "Blob",
    "azure-native:authorization:RoleAssignment": "Role assignment",
    "azure-native:authorization:PolicyDefinition": "Policy definition",
    "azure-native:authorization:PolicyAssignment": "Policy assignment",
    "azure-native:consumption:Budget": "Budget",
    "azuread:index/application:Application": "App registration",
    "azuread:index/servicePrincipal:ServicePrincipal": "Service principal",
    "azuread:index/applicationPassword:ApplicationPassword": "Client secret",
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
        "Federated credential",
    "azuread:index/invitation:Invitation": "Guest invitation",
    "github:index/repository:Repository": "Repository",
    "github:index/branchDefault:BranchDefault": "Default branch",
    "github:index/repositoryCollaborator:RepositoryCollaborator": "Collaborator",
    "github:index/actionsSecret:ActionsSecret": "Actions secret",
    "github:index/actionsVariable:ActionsVariable": "Actions variable",
    "github:index/repositoryEnvironment:RepositoryEnvironment": "Environment",
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy":
        "Environment rule",
    "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts":
        "Vulnerability alerts",
    "pulumi:providers:github": "GitHub provider",
    "random:index/randomString:RandomString": "Random name suffix",
};

export function cloudOf(type: string): Cloud {
    return CLOUD_OF_PROVIDER[type.split(":")[0]] ?? "Pulumi";
}

/** `RepositoryVulnerabilityAlerts` -> `Repository vulnerability alerts`. */
function words(type: string): string {
    const last = type.split(":").pop() ?? type;
    const spaced = last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * The kind of one registered resource. A compute is an instance or a cluster by the logical name
 * components/compute.ts gives it (`<team>-compute-cluster`, `<team>-compute-instance-<login>`).
 */
export function kindOf(resource: { readonly type: string; readonly name: string }): string {
    const { type, name } = resource;
    if (type === "azure-native:machinelearningservices:Compute") {
        if (name.endsWith("-cluster")) return "Compute cluster";
        if (name.includes("-instance-")) return "Compute instance";
    }
    // The program's own components (openhack:<area>:<Name>) group resources; they create nothing.
    if (type.startsWith("openhack:")) return "Component";
    return KINDS[type] ?? words(type);
}
