/** Built-in Azure role definition ids (docs/azure-facts.md, "Role assignments"). */
export const BUILT_IN_ROLES = {
    Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    AzureMLDataScientist: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}
