/**
 * Problems the plan can see before Azure does: names that break a rule or collide between teams,
 * config that works but not as an organizer may expect, and an estimate above the budget.
 * A broken or colliding name is an ERROR (the deployment would fail on it); the rest are warnings.
 */
import { NAME_RULES, nameViolations, type TeamNames } from "../../stacks/names";
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { sharedMemberWarnings } from "../../stacks/sharedMembers";
import { configWarnings } from "../../stacks/validate";
import { describeMinutes, minutesChoices, type MinutesEstimate } from "./actionsMinutes";
import type { Problem, RegisteredNames, TeamFootprint } from "./model";

const NAME_KINDS: readonly (keyof TeamNames)[] = [
    "resourceGroup",
    "logAnalytics",
    "appInsights",
    "storageAccount",
    "keyVault",
    "containerRegistry",
    "workspace",
    "endpoint",
    "dataContainer",
    "datastore",
    "repository",
    "application",
    "budget",
];

/** Registered names as `TeamNames`, or the kinds the program did not register (a program change the plan must hear about). */
export function completeNames(
    names: RegisteredNames,
): { names: TeamNames } | { missing: (keyof TeamNames)[] } {
    const missing = NAME_KINDS.filter((kind) => names[kind] === undefined);
    if (missing.length > 0) return { missing };
    const get = (kind: keyof TeamNames): string => names[kind] ?? "";
    return {
        names: {
            resourceGroup: get("resourceGroup"),
            logAnalytics: get("logAnalytics"),
            appInsights: get("appInsights"),
            storageAccount: get("storageAccount"),
            keyVault: get("keyVault"),
            containerRegistry: get("containerRegistry"),
            workspace: get("workspace"),
            endpoint: get("endpoint"),
            dataContainer: get("dataContainer"),
            datastore: get("datastore"),
            repository: get("repository"),
            application: get("application"),
            budget: get("budget"),
        },
    };
}

/** Rule violations of one team's registered names (the rules of stacks/names.ts). */
export function nameRuleProblems(footprint: TeamFootprint): Problem[] {
    const complete = completeNames(footprint.names);
    if ("missing" in complete) {
        return [
            {
                severity: "error",
                code: "name-rule",
                team: footprint.team,
                message: `team ${footprint.team}: the program registered no ${complete.missing.join(", ")}, so the plan cannot check those names (update offline/plan/inventory.ts)`,
            },
        ];
    }
    // nameViolations takes exactly one cluster; the program registers one, and any other is checked alone.
    const [first, ...others] = footprint.clusterNames;
    const found = nameViolations(
        complete.names,
        footprint.computeInstanceNames,
        first ?? "no-cluster",
    ).filter((p) => first !== undefined || !p.startsWith("cluster:"));
    for (const cluster of others) {
        if (!NAME_RULES.cluster.pattern.test(cluster))
            found.push(
                `cluster: ${JSON.stringify(cluster)} breaks the rule ${NAME_RULES.cluster.rule}`,
            );
    }
    return found.map((message) => ({
        severity: "error",
        code: "name-rule",
        team: footprint.team,
        message: `team ${footprint.team}: ${message}`,
    }));
}

/** Where a name must be unique (docs/azure-facts.md, "Naming rules"). */
type Scope = "global" | "region" | "subscription" | "GitHub owner";

interface ScopedName {
    readonly kind: string;
    readonly scope: Scope;
    /** The scope's instance: region, subscription or owner ("" for global). */
    readonly within: string;
    readonly value: string;
}

function scopedNames(footprint: TeamFootprint, githubOwner: string): ScopedName[] {
    const n = footprint.names;
    const out: ScopedName[] = [];
    const push = (kind: string, scope: Scope, within: string, value: string | undefined): void => {
        // Azure compares these names case-insensitively.
        if (value !== undefined) out.push({ kind, scope, within, value: value.toLowerCase() });
    };
    push("storageAccount", "global", "", n.storageAccount);
    push("keyVault", "global", "", n.keyVault);
    push("containerRegistry", "global", "", n.containerRegistry);
    push("endpoint", "region", footprint.location, n.endpoint);
    for (const ci of footprint.computeInstanceNames)
        push("computeInstance", "region", footprint.location, ci);
    push("resourceGroup", "subscription", footprint.subscription, n.resourceGroup);
    push("repository", "GitHub owner", githubOwner.toLowerCase(), n.repository);
    return out;
}

const describeWithin = (name: ScopedName): string =>
    name.scope === "global"
        ? "globally"
        : name.scope === "subscription"
          ? `in subscription ${name.within === "" ? "(the provider's default)" : name.within}`
          : `in ${name.scope} ${name.within}`;

/**
 * Names two teams would both claim, across every event in the plan. `teams` pairs each footprint
 * with its event's GitHub owner and a label (`oh4ml/team01`).
 */
export function collisionProblems(
    teams: readonly { footprint: TeamFootprint; githubOwner: string; label: string }[],
): Problem[] {
    const claims = new Map<string, { name: ScopedName; teams: Set<string>; labels: string[] }>();
    for (const { footprint, githubOwner, label } of teams) {
        // A team is its name within its file: the same name twice in one roster is the duplicate
        // validation reports once (stacks/validate.ts), not a collision on every name it derives.
        // The same name in two files (two rosters of one event) is two teams and does collide.
        const team = `${footprint.source}\u0000${label}`;
        for (const name of scopedNames(footprint, githubOwner)) {
            const k = `${name.kind}\u0000${name.scope}\u0000${name.within}\u0000${name.value}`;
            const claim = claims.get(k) ?? { name, teams: new Set<string>(), labels: [] };
            if (!claim.teams.has(team)) {
                claim.teams.add(team);
                claim.labels.push(label);
            }
            claims.set(k, claim);
        }
    }
    return [...claims.values()]
        .filter((c) => c.teams.size > 1)
        .map((c) => ({
            severity: "error" as const,
            code: "name-collision" as const,
            message: `${c.name.kind} name ${JSON.stringify(c.name.value)} is claimed by ${c.labels.join(", ")}: it must be unique ${describeWithin(c.name)}`,
        }));
}

/** `configWarnings` (no environments on the GitHub plan, reviewers that cannot apply, no budget contacts) as plan problems. */
export function adviceProblems(event: EventConfig, eventRoot: string): Problem[] {
    return configWarnings(event, eventRoot).map((message) => {
        // Each message starts with the path it is about; the stack root itself holds a ":".
        const end = message.startsWith(eventRoot) ? message.indexOf(": ", eventRoot.length) : -1;
        return {
            severity: "warning" as const,
            code: "config-advice" as const,
            message,
            path: end > 0 ? message.slice(0, end) : undefined,
        };
    });
}

/** The teams one plan source (a roster or a stack file) contributes to an event. */
export interface EventTeams {
    readonly event: EventConfig;
    /** Where the source keeps its members: `teams[].members[]` in a roster, `openhack-mlops:team.members[]` in a stack. */
    readonly membersPath: string;
    readonly teams: readonly TeamConfig[];
}

/**
 * A person listed in two teams of the same event (`sharedMemberWarnings`), across every source the
 * plan reads: one roster, or one stack file per team (the first source of an event names the
 * path). Teams that failed validation are not planned, so they are not compared either; different
 * events may share people.
 */
export function sharedMemberProblems(sources: readonly EventTeams[]): Problem[] {
    const byEvent = new Map<string, { first: EventTeams; teams: TeamConfig[] }>();
    for (const source of sources) {
        const group = byEvent.get(source.event.name) ?? { first: source, teams: [] };
        group.teams.push(...source.teams);
        byEvent.set(source.event.name, group);
    }
    return [...byEvent.values()].flatMap(({ first, teams }) =>
        sharedMemberWarnings(teams, {
            path: first.membersPath,
            instancePerMember: first.event.compute.instancePerMember,
        }).map((warning) => ({
            severity: "warning" as const,
            code: "shared-member" as const,
            message: warning.message,
            path: warning.path,
        })),
    );
}

/** Sizes and names the hack materials use verbatim (docs/hack-contract.md, "Exact names and values"). */
export const MATERIALS = {
    cluster: "Standard_D2_v2",
    instance: "Standard_D2_v2",
    endpoint: "Standard_DS2_v2",
    deployment: "blue",
} as const;

/**
 * Config that departs from what the materials do by themselves: the teams' own commands still
 * create a Standard_D2_v2 cluster (challenge 2), compute instances (challenge 0, when none is
 * pre-provisioned) and a Standard_DS2_v2 deployment `blue` (challenge 3), which this plan does not
 * count. With `guard.effect: deny` the fair-share policy (components/fairShareRule.ts) refuses such
 * a step outright, and the warning says so: the team's notebook cell then fails with
 * RequestDisallowedByPolicy in the middle of the challenge.
 */
export function materialsProblems(event: EventConfig, eventRoot: string): Problem[] {
    const problems: Problem[] = [];
    const c = event.compute;
    const refused =
        event.guard.effect === "deny"
            ? "; with event.guard.effect: deny the fair-share policy REFUSES that step (RequestDisallowedByPolicy)"
            : "";
    if (c.clusterVmSize !== MATERIALS.cluster) {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.compute.clusterVmSize`,
            message: `${eventRoot}.compute.clusterVmSize is ${c.clusterVmSize}, but challenge 2's \`az ml compute create\` uses ${MATERIALS.cluster}: keep Standard Dv2 Family quota too, or edit the materials${refused}`,
        });
    }
    if (!c.instancePerMember) {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.compute.instancePerMember`,
            message: `${eventRoot}.compute.instancePerMember is false: members create their own compute instance (${MATERIALS.instance}) in challenge 0, and that quota and cost are NOT counted in this plan${refused ? `${refused}: no instance name is allowed (use event.guard.effect: audit)` : ""}`,
        });
    } else if (c.instanceVmSize !== MATERIALS.instance) {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.compute.instanceVmSize`,
            message: `${eventRoot}.compute.instanceVmSize is ${c.instanceVmSize}; the materials assume ${MATERIALS.instance}`,
        });
    }
    if (event.endpoint.instanceType !== MATERIALS.endpoint) {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.endpoint.instanceType`,
            message: `${eventRoot}.endpoint.instanceType is ${event.endpoint.instanceType}, but the materials' deployment YAML uses ${MATERIALS.endpoint}: tell the teams, or the quota above is for the wrong family${refused}`,
        });
    }
    if (!event.endpoint.deploymentNames.includes(MATERIALS.deployment)) {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.endpoint.deploymentNames`,
            message: `${eventRoot}.endpoint.deploymentNames does not name ${MATERIALS.deployment}, the deployment challenge 3 creates (Notebooks/exercise03_publish_model.ipynb)${refused || ": with event.guard.effect: audit it is only reported"}`,
        });
    }
    // Notebooks/exercise03_publish_model.ipynb writes `auth_mode: key` into 03_managed_endpoint.yml
    // and tests the endpoint with `{API_KEY}` from `az ml online-endpoint get-credentials`.
    if (event.endpoint.authMode !== "key") {
        problems.push({
            severity: "warning",
            code: "materials",
            path: `${eventRoot}.endpoint.authMode`,
            message: `${eventRoot}.endpoint.authMode is ${event.endpoint.authMode}, but challenge 3's notebook (Notebooks/exercise03_publish_model.ipynb) tests the endpoint with a key ({API_KEY} from \`az ml online-endpoint get-credentials\`, auth_mode: key): with ${event.endpoint.authMode} there is no key, so that cell fails unless the teams are told how to get a token; set authMode: key to follow the materials`,
        });
    }
    return problems;
}

/**
 * The event's Actions minutes above what the owner's plan includes per month (private and internal
 * repositories only): a warning with the estimate, its assumptions and the choices.
 */
export function actionsMinutesProblems(
    event: EventConfig,
    eventRoot: string,
    estimate: MinutesEstimate,
): Problem[] {
    if (!estimate.counted || estimate.total <= estimate.included) return [];
    return [
        {
            severity: "warning",
            code: "actions-minutes",
            path: `${eventRoot}.github.plan`,
            message: `GitHub Actions minutes: ${describeMinutes(estimate)}; the ${event.github.plan} plan of ${event.github.owner} includes ${estimate.included} per month for ${event.github.visibility} repositories, shared with everything else the owner runs this month (npm run event -- preflight reads the current usage): ${minutesChoices(event.github.owner)}`,
        },
    ];
}

/** The estimate per team above the monthly budget each team gets. */
export function budgetProblems(
    event: EventConfig,
    eventRoot: string,
    perTeam: number,
    currency: string,
): Problem[] {
    if (perTeam <= event.budget.amount) return [];
    return [
        {
            severity: "warning",
            code: "budget",
            path: `${eventRoot}.budget.amount`,
            message: `the estimate per team (${perTeam.toFixed(2)} ${currency}) exceeds ${eventRoot}.budget.amount (${event.budget.amount} a month, in the billing currency): expect budget alerts; raise the amount, or pass --days N if the event is shorter than the plan assumed`,
        },
    ];
}
