/**
 * The one place where raw config (a team stack's Pulumi config, or an event roster) becomes typed,
 * validated objects. It creates no resources and reads no `pulumi.Config`, so the team program,
 * the event driver and the offline plan share exactly the same rules. All problems are collected
 * and reported together: an organizer fixing a roster of 40 teams should not need 40 runs.
 */
import { z } from "zod";
import {
    AZURE_REGION,
    GITHUB_LOGIN,
    eventSchema,
    rosterSchema,
    teamSchema,
    type EventConfig,
    type TeamConfig,
} from "./schema";
import { githubWriteCount } from "./githubFootprint";
import { derivedWriteDelayMs } from "./githubPacing";
import { environmentApplies, environmentAvailable, reviewersApply } from "./githubPlan";
import { memberShortName, teamShortName } from "./names";

export interface ConfigIssue {
    /** Where the bad value is, e.g. `openhack-mlops:team.members[2].github` or `teams[3].name`. */
    readonly path: string;
    /** The rule it breaks. */
    readonly rule: string;
    /** The offending value, or undefined when a value is missing. */
    readonly value: unknown;
}

export class ConfigError extends Error {
    constructor(readonly issues: readonly ConfigIssue[]) {
        super(
            `invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
                issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

export function formatIssue(issue: ConfigIssue): string {
    const shown =
        issue.value === undefined
            ? "missing"
            : `got ${truncate(typeof issue.value === "number" && !Number.isFinite(issue.value) ? String(issue.value) : JSON.stringify(issue.value))}`;
    return `${issue.path}: ${issue.rule} (${shown})`;
}

const truncate = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

export interface ValidateOptions {
    /**
     * Today, for rules that compare with the date (the event must not have ended). Omit it for
     * commands that run after the event (teardown, status): they must never be blocked by a date.
     */
    readonly now?: Date;
}

export interface ValidTeamStack {
    readonly event: EventConfig;
    readonly team: TeamConfig;
}

export interface ValidRoster {
    readonly location: string;
    readonly event: EventConfig;
    readonly teams: readonly TeamConfig[];
}

type Path = readonly (string | number)[];

/** `["members", 2, "github"]` under `openhack-mlops:team` -> `openhack-mlops:team.members[2].github`. */
export function joinPath(root: string, path: Path): string {
    return path.reduce<string>(
        (acc, part) =>
            typeof part === "number" ? `${acc}[${part}]` : acc === "" ? part : `${acc}.${part}`,
        root,
    );
}

function valueAt(raw: unknown, path: Path): unknown {
    let current: unknown = raw;
    for (const part of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string | number, unknown>)[part];
    }
    return current;
}

const TYPE_NAMES: Record<string, string> = {
    array: "a list",
    object: "a map of settings",
    string: "text",
    number: "a number",
    boolean: "true or false",
};

function zodIssues(root: string, raw: unknown, error: z.ZodError): ConfigIssue[] {
    // A value of the wrong type gets one message: the checks of the right type (length...) would be noise.
    const wrongType = new Set(
        error.issues
            .filter((i) => i.code === "invalid_type")
            .map((i) => i.path.map(String).join(".")),
    );
    return error.issues.flatMap((issue): ConfigIssue[] => {
        if (issue.code !== "invalid_type" && wrongType.has(issue.path.map(String).join(".")))
            return [];
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
                path: joinPath(root, [...issue.path.map(pathPart), key]),
                rule: "is not a known setting (check the spelling)",
                value: valueAt(raw, [...issue.path.map(pathPart), key]),
            }));
        }
        const path = issue.path.map(pathPart);
        const value = valueAt(raw, path);
        const rule =
            value === undefined && issue.code === "invalid_type"
                ? "is required"
                : issue.code === "invalid_type" && issue.message.startsWith("Invalid input")
                  ? `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`
                  : issue.message;
        return [{ path: joinPath(root, path), rule, value }];
    });
}

const pathPart = (p: PropertyKey): string | number => (typeof p === "number" ? p : String(p));

function parseWith<T extends z.ZodType>(
    schema: T,
    root: string,
    raw: unknown,
    issues: ConfigIssue[],
): z.output<T> | undefined {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    issues.push(...zodIssues(root, raw, result.error));
    return undefined;
}

/** `raw[key]` as a list, or empty: cross-entry checks also run on entries that fail other rules. */
const listAt = (raw: unknown, key: string): unknown[] => {
    const value =
        raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) ? value : [];
};
const textAt = (raw: unknown, key: string): string | undefined => {
    const value =
        raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" ? value : undefined;
};

/** Rules within the event that a schema cannot state. Reads the raw value, so they run even when other fields fail. */
function checkEvent(
    root: string,
    rawEvent: unknown,
    event: EventConfig | undefined,
    options: ValidateOptions,
    issues: ConfigIssue[],
): void {
    if (event && options.now !== undefined) {
        // A day of grace: `now` is UTC, and an event west of UTC is still on its last day when
        // UTC has moved on (its own time zone is a Windows id, which Node cannot convert).
        const today = options.now.toISOString().slice(0, 10);
        const yesterday = new Date(options.now.getTime() - 86_400_000).toISOString().slice(0, 10);
        if (event.endsOn < yesterday) {
            issues.push({
                path: `${root}.endsOn`,
                rule: `must not be in the past (today is ${today})`,
                value: event.endsOn,
            });
        }
    }
    if (event && event.startsOn !== undefined && event.startsOn > event.endsOn) {
        issues.push({
            path: `${root}.startsOn`,
            rule: `must not be after endsOn (${event.endsOn})`,
            value: event.startsOn,
        });
    }
    if (event && event.github.visibility === "internal" && event.github.plan !== "enterprise") {
        issues.push({
            path: `${root}.github.visibility`,
            rule: "internal repositories exist only on GitHub Enterprise: set github.plan: enterprise, or use private",
            value: "internal",
        });
    }
    if (event && event.github.reviewers.length > 0 && !event.github.extras.environment) {
        issues.push({
            path: `${root}.github.reviewers`,
            rule: "reviewers approve deployments to the production environment, which is opt-in: set github.extras.environment: true, or list no reviewers",
            value: event.github.reviewers.join(", "),
        });
    }
    const seen = new Set<string>();
    const rawGithub =
        rawEvent !== null && typeof rawEvent === "object"
            ? (rawEvent as Record<string, unknown>).github
            : undefined;
    listAt(rawGithub, "reviewers").forEach((login, i) => {
        if (typeof login !== "string") return;
        const key = login.toLowerCase();
        if (seen.has(key))
            issues.push({
                path: `${root}.github.reviewers[${i}]`,
                rule: "is listed twice",
                value: login,
            });
        seen.add(key);
    });
}

/** Rules across a team's members. Reads the raw members, so a duplicate is reported even beside other errors. */
function checkTeam(root: string, rawTeam: unknown, issues: ConfigIssue[]): void {
    const logins = new Map<string, number>();
    const shorts = new Map<string, number>();
    const objects = new Map<string, number>();
    listAt(rawTeam, "members").forEach((rawMember, i) => {
        const github = textAt(rawMember, "github");
        if (github === undefined) return;
        const member = {
            github,
            objectId: textAt(rawMember, "objectId"),
            userPrincipalName: textAt(rawMember, "userPrincipalName"),
            email: textAt(rawMember, "email"),
        };
        const login = member.github.toLowerCase();
        const short = memberShortName(member.github);
        const identity = (
            member.objectId ??
            member.userPrincipalName ??
            member.email ??
            ""
        ).toLowerCase();
        if (logins.has(login)) {
            issues.push({
                path: `${root}.members[${i}].github`,
                rule: `duplicates members[${logins.get(login)}].github (GitHub logins are case-insensitive)`,
                value: member.github,
            });
        } else if (shorts.has(short)) {
            issues.push({
                path: `${root}.members[${i}].github`,
                rule: `shares its first ${short.length} characters with members[${shorts.get(short)}].github, which would give both the same compute instance name`,
                value: member.github,
            });
        }
        if (identity !== "" && objects.has(identity)) {
            const key =
                member.objectId !== undefined
                    ? "objectId"
                    : member.userPrincipalName !== undefined
                      ? "userPrincipalName"
                      : "email";
            issues.push({
                path: `${root}.members[${i}].${key}`,
                rule: `is the same person as members[${objects.get(identity)}]`,
                value: member[key],
            });
        }
        if (!logins.has(login)) logins.set(login, i);
        if (!shorts.has(short)) shorts.set(short, i);
        if (!objects.has(identity)) objects.set(identity, i);
    });
}

/**
 * On a repository owned by a personal account GitHub gives collaborators `push` only: a reviewer who
 * is not a member of the team (and would be a read-only collaborator) cannot be added as asked.
 */
function checkReviewerAccess(
    eventRoot: string,
    event: EventConfig | undefined,
    team: TeamConfig | undefined,
    teamRoot: string,
    issues: ConfigIssue[],
): void {
    if (!event || !team || event.github.ownerType !== "user") return;
    if (!environmentApplies(event) || !reviewersApply(event)) return;
    const members = new Set(team.members.map((m) => m.github.toLowerCase()));
    event.github.reviewers.forEach((login, i) => {
        if (members.has(login.toLowerCase())) return;
        issues.push({
            path: `${eventRoot}.github.reviewers[${i}]`,
            rule:
                `is not a member of ${teamRoot === "openhack-mlops:team" ? "the team" : `${teamRoot} (${team.name})`}, so would be a read-only collaborator, ` +
                "which GitHub does not allow on a repository owned by a personal account (github.ownerType: user: collaborators get push only); " +
                "make the reviewer a team member, or use an organization as the owner",
            value: login,
        });
    });
}

/** Validates a team stack's `openhack-mlops:event` and `openhack-mlops:team` config values. */
export function validateTeamStack(
    rawEvent: unknown,
    rawTeam: unknown,
    options: ValidateOptions = {},
    /** `azure-native:location`, checked with the rest when given (the program always gives it). */
    location?: { readonly value: unknown },
): ValidTeamStack {
    const issues: ConfigIssue[] = [];
    if (location !== undefined) {
        const value = location.value;
        if (value === undefined || value === "") {
            issues.push({
                path: "azure-native:location",
                rule: "is required (the Azure region of the team, e.g. japaneast)",
                value: undefined,
            });
        } else if (typeof value !== "string" || !AZURE_REGION.test(value)) {
            issues.push({
                path: "azure-native:location",
                rule: "must be an Azure region name like japaneast",
                value,
            });
        }
    }
    const event = parseWith(eventSchema, "openhack-mlops:event", rawEvent, issues);
    const team = parseWith(teamSchema, "openhack-mlops:team", rawTeam, issues);
    checkEvent("openhack-mlops:event", rawEvent, event, options, issues);
    checkTeam("openhack-mlops:team", rawTeam, issues);
    checkReviewerAccess("openhack-mlops:event", event, team, "openhack-mlops:team", issues);
    if (issues.length > 0 || !event || !team) throw new ConfigError(issues);
    return { event, team };
}

/** Validates an event roster (`stacks/<event>.yaml`): the same rules, plus those across teams. */
export function validateRoster(raw: unknown, options: ValidateOptions = {}): ValidRoster {
    const issues: ConfigIssue[] = [];
    const roster = parseWith(rosterSchema, "", raw, issues);
    // Even when the roster's own fields fail (a bad location), its event and teams are still checked.
    const rawEvent = roster
        ? roster.event
        : raw !== null && typeof raw === "object"
          ? (raw as Record<string, unknown>).event
          : undefined;
    const event = parseWith(eventSchema, "event", rawEvent, issues);
    checkEvent("event", rawEvent, event, options, issues);
    const teams: TeamConfig[] = [];
    const names = new Map<string, number>();
    const shorts = new Map<string, number>();
    const emails = new Map<string, string>();
    (roster?.teams ?? listAt(raw, "teams")).forEach((rawTeam, i) => {
        const root = `teams[${i}]`;
        const team = parseWith(teamSchema, root, rawTeam, issues);
        checkTeam(root, rawTeam, issues);
        checkEmailsAcrossTeams(root, rawTeam, emails, issues);
        checkReviewerAccess("event", event, team, root, issues);
        if (team) teams.push(team);
        const name = textAt(rawTeam, "name");
        if (name === undefined) return;
        const short = teamShortName(name);
        if (names.has(name)) {
            issues.push({
                path: `${root}.name`,
                rule: `duplicates teams[${names.get(name)}].name`,
                value: name,
            });
        } else if (shorts.has(short)) {
            issues.push({
                path: `${root}.name`,
                rule: `must differ from teams[${shorts.get(short)}].name within its first ${short.length} letters and digits ("${short}"), which storage and key vault names keep`,
                value: name,
            });
        }
        if (!names.has(name)) names.set(name, i);
        if (!shorts.has(short)) shorts.set(short, i);
    });
    if (issues.length > 0 || !roster || !event) throw new ConfigError(issues);
    return { location: roster.location, event: withWriteDelay(event, teams), teams };
}

/**
 * One invited address belongs to one team: Graph answers a second invitation of an address with the
 * guest the first created, so both stacks would record that guest, and tearing down either team
 * would delete the other team's member (issue 22). Within a team, checkTeam reports the duplicate.
 */
function checkEmailsAcrossTeams(
    root: string,
    rawTeam: unknown,
    seen: Map<string, string>,
    issues: ConfigIssue[],
): void {
    const mine = new Set<string>();
    listAt(rawTeam, "members").forEach((rawMember, j) => {
        const email = textAt(rawMember, "email")?.toLowerCase();
        if (email === undefined || mine.has(email)) return;
        mine.add(email);
        const first = seen.get(email);
        if (first !== undefined)
            issues.push({
                path: `${root}.members[${j}].email`,
                rule: `is also invited by ${first}: one guest cannot belong to two team stacks (teardown of either would delete it); list the person in one team, or by userPrincipalName once they are in the tenant`,
                value: textAt(rawMember, "email"),
            });
        else seen.set(email, `${root}.members[${j}]`);
    });
}

/** The roster's event with its GitHub write delay: the roster's own, else derived from its teams. */
function withWriteDelay(event: EventConfig, teams: readonly TeamConfig[]): EventConfig {
    if (event.github.writeDelayMs !== undefined) return event;
    const writesPerTeam = Math.max(0, ...teams.map((t) => githubWriteCount(event, t)));
    return {
        ...event,
        github: { ...event.github, writeDelayMs: derivedWriteDelayMs(teams.length, writesPerTeam) },
    };
}

/** Non-fatal advice about a valid config: things that will work, but not as the organizer may expect. */
export function configWarnings(event: EventConfig, root = "openhack-mlops:event"): string[] {
    const warnings: string[] = [];
    if (event.github.extras.environment && !environmentAvailable(event)) {
        warnings.push(
            `${root}.github.plan: GitHub ${event.github.plan} has no environments on private repositories; ` +
                `the "production" environment (and its approval gate) is not created (set github.plan if the owner has Pro, Team or Enterprise)`,
        );
    } else if (event.github.reviewers.length > 0 && !reviewersApply(event)) {
        warnings.push(
            `${root}.github.reviewers: required reviewers on private repositories need GitHub Enterprise; ` +
                `the "production" environment is created without the approval gate (set github.plan: enterprise if the owner has it)`,
        );
    }
    if (event.budget.contactEmails.length === 0) {
        warnings.push(
            `${root}.budget.contactEmails: empty, so budget alerts go only to the resource group's Owner and Contributor role holders`,
        );
    }
    return warnings;
}

export const isGithubLogin = (s: string): boolean => GITHUB_LOGIN.test(s);
