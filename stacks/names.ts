/**
 * Azure, Entra and GitHub names of one team's resources, as pure functions of the event name, the
 * team name and the team's random suffix. Pure so that property tests can prove the rules of
 * docs/azure-facts.md ("Naming rules") for every valid config, and the offline plan can show names without a cloud.
 *
 * Uniqueness: names that must be unique globally or per region end with the team's suffix (a
 * `random.RandomString` kept in the team's stack state, so re-creating a torn-down team gets a fresh
 * suffix and never meets its own soft-deleted key vault or workspace). Within one event, the stems
 * before the suffix already differ between teams, because validation rejects two teams whose short
 * names (`teamShortName`) are equal: two teams never depend on luck to get distinct names.
 */

export const SUFFIX_LENGTH = 6;
export const SUFFIX_PATTERN = /^[a-z0-9]{6}$/;

/** Characters of the team name kept in names with a 24-character limit (storage, key vault). */
export const TEAM_SHORT_LENGTH = 8;
/** Characters of a member's GitHub login kept in a compute instance name (24-character limit). */
export const MEMBER_SHORT_LENGTH = 13;

export const DATA_CONTAINER_NAME = "diabetes";
export const DATASTORE_NAME = "diabetes_oh4ml";
export const PRODUCTION_ENVIRONMENT = "production";
/** The team repository's default branch: set explicitly, trusted by OIDC, the only one that may deploy. */
export const DEFAULT_BRANCH = "main";

/** Lowercase letters and digits only. */
export function compact(value: string): string {
    return value.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The part of a team name that appears in storage account and key vault names. */
export function teamShortName(team: string): string {
    return compact(team).slice(0, TEAM_SHORT_LENGTH);
}

/** The part of a GitHub login that appears in the member's compute instance name. */
export function memberShortName(githubLogin: string): string {
    return githubLogin.toLowerCase().slice(0, MEMBER_SHORT_LENGTH).replace(/-+$/, "");
}

export interface TeamNames {
    readonly resourceGroup: string;
    readonly logAnalytics: string;
    readonly appInsights: string;
    readonly storageAccount: string;
    readonly keyVault: string;
    readonly containerRegistry: string;
    readonly workspace: string;
    readonly endpoint: string;
    readonly dataContainer: string;
    readonly datastore: string;
    readonly repository: string;
    readonly application: string;
    readonly budget: string;
}

export function teamNames(event: string, team: string, suffix: string): TeamNames {
    if (!SUFFIX_PATTERN.test(suffix)) {
        throw new Error(
            `team suffix must be ${SUFFIX_LENGTH} lowercase letters or digits, got ${JSON.stringify(suffix)}`,
        );
    }
    const short = teamShortName(team);
    return {
        resourceGroup: `rg-${event}-${team}`,
        logAnalytics: `log-${event}-${team}`,
        appInsights: `appi-${event}-${team}`,
        // 24 characters at most: event (<=10) + team short (<=8) + suffix (6).
        storageAccount: `${event}${short}${suffix}`,
        keyVault: `${event}${short}${suffix}`,
        containerRegistry: `cr${event}${compact(team)}${suffix}`,
        // Carries the suffix because a deleted workspace keeps its name for 14 days.
        workspace: `${event}-${team}-${suffix}`,
        endpoint: `${event}-${team}-ep${suffix}`,
        dataContainer: DATA_CONTAINER_NAME,
        datastore: DATASTORE_NAME,
        repository: `${event}-${team}`,
        application: `openhack-${event}-${team}`,
        budget: `budget-${event}-${team}`,
    };
}

/**
 * The team's fair-share policy definition (components/fairShare.ts). Definitions live in the
 * subscription, shared by every team there, so the name carries event and team (at most 34 of the
 * 64 characters Azure allows).
 */
export function fairShareDefinitionName(event: string, team: string): string {
    return `fair-share-${event}-${team}`;
}

/** `c` before the suffix: Azure wants a letter somewhere after every hyphen, and a suffix may be all digits. */
export function computeInstanceName(githubLogin: string, suffix: string): string {
    return `ci-${memberShortName(githubLogin)}-c${suffix}`;
}

/** Kinds of names, with the rule each must satisfy (docs/azure-facts.md, "Naming rules"). */
export const NAME_RULES: Readonly<
    Record<keyof TeamNames | "computeInstance" | "cluster", { pattern: RegExp; rule: string }>
> = {
    resourceGroup: {
        pattern: /^[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]$/,
        rule: "1-90 alphanumerics, -_.(), not ending in .",
    },
    logAnalytics: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/,
        rule: "4-63 alphanumerics and -",
    },
    appInsights: { pattern: /^[A-Za-z0-9_().-]{1,260}$/, rule: "1-260 characters" },
    storageAccount: { pattern: /^[a-z0-9]{3,24}$/, rule: "3-24 lowercase letters and digits" },
    keyVault: {
        pattern: /^[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){2,23}$/,
        rule: "3-24 letters, digits, -, starting with a letter, no --",
    },
    containerRegistry: { pattern: /^[A-Za-z0-9]{5,50}$/, rule: "5-50 alphanumerics" },
    workspace: {
        pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
        rule: "3-33 characters matching ^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$",
    },
    endpoint: {
        pattern: /^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/,
        rule: "3-32 letters, digits, -, starting with a letter",
    },
    computeInstance: {
        pattern: /^(?!.*-[0-9-]*$)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/,
        rule: "3-24 letters, digits, -, starting with a letter, a letter after every -",
    },
    cluster: {
        pattern: /^(?!.*-[0-9-]*$)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/,
        rule: "3-24 letters, digits, -, starting with a letter, a letter after every -",
    },
    dataContainer: {
        pattern: /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/,
        rule: "3-63 lowercase letters, digits, single -",
    },
    datastore: { pattern: /^[a-z0-9_]{1,255}$/, rule: "lowercase letters, digits, _" },
    repository: { pattern: /^[A-Za-z0-9_.-]{1,100}$/, rule: "1-100 of A-Za-z0-9_.-" },
    application: { pattern: /^.{1,120}$/, rule: "1-120 characters" },
    budget: { pattern: /^[A-Za-z0-9_-]{1,63}$/, rule: "1-63 alphanumerics, - and _" },
};

/** Every rule a name breaks, as `kind: name breaks rule` lines; empty when all names are valid. */
export function nameViolations(
    names: TeamNames,
    computeInstances: readonly string[],
    clusterName: string,
): string[] {
    const problems: string[] = [];
    const check = (kind: keyof typeof NAME_RULES, value: string): void => {
        const { pattern, rule } = NAME_RULES[kind];
        if (!pattern.test(value))
            problems.push(`${kind}: ${JSON.stringify(value)} breaks the rule ${rule}`);
    };
    for (const kind of Object.keys(names) as (keyof TeamNames)[]) check(kind, names[kind]);
    for (const ci of computeInstances) check("computeInstance", ci);
    check("cluster", clusterName);
    return problems;
}
