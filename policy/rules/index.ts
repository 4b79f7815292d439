/** Every resource rule of the pack, in the order the README lists them. */
import type { ResourceRule } from "../types";
import { authorizationRules } from "./authorization";
import { credentialRules } from "./credentials";
import { entraRules } from "./entra";
import { githubRules } from "./github";
import { invitationRules } from "./invitations";
import { keyVaultRules } from "./keyvault";
import { mlRules } from "./ml";
import { registryRules } from "./registry";
import { storageRules } from "./storage";
import { tagRules } from "./tags";

export const RESOURCE_RULES: readonly ResourceRule[] = [
    ...storageRules,
    ...keyVaultRules,
    ...registryRules,
    ...mlRules,
    ...authorizationRules,
    ...entraRules,
    ...invitationRules,
    ...githubRules,
    ...credentialRules,
    ...tagRules,
];
