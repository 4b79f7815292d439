/**
 * What a team's handout says, built from the team stack's outputs and the event roster. Every value
 * shown comes from one of them: outputs for what was created (names, links, secret and variable
 * names), the roster for the event's rules (time zone, daily stop, end date).
 *
 * A value marked secret is never read into the model: the handout says "not shown" instead. A
 * required output that is missing or malformed is a problem of that team (no page), named by its
 * output and rule, so a coach never hands out a page with a wrong or empty value.
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { secretEndDate } from "../../stacks/credentialLifetime";
import type { OutputValue } from "../engine";

export type Lang = "ja" | "en";
export const LANGS: readonly Lang[] = ["ja", "en"];

/** The student materials the hack's coaches hand out (hack-contract.md). */
export const MATERIALS_REPOSITORY =
    "https://github.com/nohanaga/openhack-for-mlops-v2-students.git";

/** A value of the page: the text, or `secret` when the stack marked the output secret (never shown). */
export type Shown = { readonly value: string } | { readonly secret: true };

export interface DataAsset {
    readonly name: string;
    readonly version: string;
    /** `azureml:<name>:<version>`, as the jobs reference it. */
    readonly reference: string;
}

export interface MemberCompute {
    readonly github: string;
    /** The member's own compute instance, or undefined when the event gives none. */
    readonly instance?: string;
}

/** A member invited as an Entra guest (listed by e-mail), who accepts the invitation first. */
export interface InvitedMember {
    readonly github: string;
    /** The invitation's redeem link when Entra sent no e-mail (`invitation.sendMessage: false`). */
    readonly redeemUrl?: string;
}

export interface TeamHandout {
    readonly event: string;
    readonly team: string;
    readonly stackName: string;
    /** Built from simulated outputs (offline plan): every page says so. */
    readonly sample: boolean;
    readonly location: string;
    readonly subscriptionId: Shown;
    readonly tenantId: Shown;
    readonly resourceGroup: Shown;
    readonly workspace: Shown;
    readonly endpoint: Shown;
    readonly endpointAuthMode: string;
    readonly endpointInstanceType: string;
    readonly portalUrl: Shown;
    readonly studioUrl: Shown;
    readonly repository: Shown;
    readonly repositoryUrl: Shown;
    /** Template the repository was created from, or "" for an empty repository. */
    readonly template: string;
    readonly storageAccount: Shown;
    readonly datastore: Shown;
    readonly dataAssets: readonly DataAsset[];
    readonly cluster: Shown;
    readonly clusterVmSize: string;
    readonly clusterMaxNodes: number;
    readonly instanceVmSize: string;
    /** The fair-share policy's deployment limit and effect (components/fairShare.ts). */
    readonly endpointMaxInstances: number;
    readonly endpointDeploymentNames: readonly string[];
    readonly guardEffect: "deny" | "audit";
    readonly members: readonly MemberCompute[];
    /** Members invited as guests of the hack's tenant (this team's only). */
    readonly guests: readonly InvitedMember[];
    /** Entra e-mailed the invitations (else each guest's redeem link is on the page). */
    readonly invitationEmailed: boolean;
    /** Names of the Actions secrets/variables the stack set; undefined when its outputs do not say. */
    readonly repositorySecrets?: readonly string[];
    readonly repositoryVariables?: readonly string[];
    readonly endsOn: string;
    /** `event.teardown.afterDays`: environments nobody asked to tear down go this many days after endsOn. */
    readonly teardownAfterDays?: number;
    /** When the team principal's client secret (inside AZURE_CREDENTIALS) expires, RFC 3339 UTC. */
    readonly credentialsExpire: string;
    /** Windows time zone id of the event. */
    readonly timeZone: string;
    readonly dailyStopTime: string;
    readonly idleShutdownMinutes: number;
}

export interface HandoutInput {
    readonly event: EventConfig;
    readonly location: string;
    readonly team: TeamConfig;
    readonly stackName: string;
    readonly outputs: Readonly<Record<string, OutputValue>>;
    readonly sample?: boolean;
}

export type HandoutResult =
    | { readonly ok: true; readonly handout: TeamHandout }
    | { readonly ok: false; readonly problems: readonly string[] };

const HTTPS_URL = /^https:\/\/[^\s<>"'`]+$/;

/** Reads outputs, collecting one problem per missing or malformed output. */
class OutputReader {
    readonly problems: string[] = [];
    constructor(private readonly outputs: Readonly<Record<string, OutputValue>>) {}

    /** A string output; `secret` if marked secret (its value is not even looked at). */
    string(name: string, rule?: { pattern: RegExp; says: string }): Shown {
        const output = this.outputs[name];
        if (output === undefined) {
            this.problems.push(`output ${name}: is missing (has \`up\` succeeded for this team?)`);
            return { value: "" };
        }
        if (output.secret) return { secret: true };
        if (typeof output.value !== "string" || output.value.trim() === "") {
            this.problems.push(`output ${name}: must be a non-empty string`);
            return { value: "" };
        }
        if (rule && !rule.pattern.test(output.value)) {
            this.problems.push(`output ${name}: ${rule.says}`);
            return { value: "" };
        }
        return { value: output.value };
    }

    url(name: string): Shown {
        return this.string(name, { pattern: HTTPS_URL, says: "must be an https:// address" });
    }

    /** A map of strings; undefined (with a problem) if missing, malformed or secret. */
    record(name: string): Record<string, string> | undefined {
        const output = this.outputs[name];
        if (output === undefined) {
            this.problems.push(`output ${name}: is missing (has \`up\` succeeded for this team?)`);
            return undefined;
        }
        if (output.secret) {
            this.problems.push(`output ${name}: is marked secret; a handout never shows it`);
            return undefined;
        }
        const value = output.value;
        if (
            value === null ||
            typeof value !== "object" ||
            Array.isArray(value) ||
            !Object.values(value).every((v) => typeof v === "string")
        ) {
            this.problems.push(`output ${name}: must be a map of strings`);
            return undefined;
        }
        return value as Record<string, string>;
    }

    /** A list of names, or undefined when the stack does not export it (stacks deployed before it existed). */
    optionalNames(name: string): readonly string[] | undefined {
        const output = this.outputs[name];
        if (output === undefined || output.secret) return undefined;
        if (!Array.isArray(output.value) || !output.value.every((v) => typeof v === "string")) {
            this.problems.push(`output ${name}: must be a list of names`);
            return undefined;
        }
        return output.value;
    }

    /** An RFC 3339 time, or undefined when the stack does not export it (stacks deployed before it existed). */
    optionalTime(name: string): string | undefined {
        const output = this.outputs[name];
        if (output === undefined || output.secret) return undefined;
        if (typeof output.value !== "string" || Number.isNaN(Date.parse(output.value))) {
            this.problems.push(`output ${name}: must be an RFC 3339 time`);
            return undefined;
        }
        return output.value;
    }
}

/** `azureml:diabetes_data_oh4ml:1` -> name and version. */
const ASSET_REFERENCE = /^azureml:([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)$/;

export function buildTeamHandout(input: HandoutInput): HandoutResult {
    const { event, team } = input;
    const read = new OutputReader(input.outputs);
    const exported = read.string("team");
    if ("value" in exported && exported.value !== "" && exported.value !== team.name)
        read.problems.push(
            `output team: is ${JSON.stringify(exported.value)}, but the stack belongs to team ${team.name}`,
        );
    const assets = read.record("dataAssets");
    const dataAssets: DataAsset[] = [];
    for (const [key, reference] of Object.entries(assets ?? {})) {
        const match = ASSET_REFERENCE.exec(reference);
        if (match === null) {
            read.problems.push(
                `output dataAssets.${key}: must be azureml:<name>:<version> (got ${JSON.stringify(reference)})`,
            );
            continue;
        }
        dataAssets.push({ name: match[1], version: match[2], reference });
    }
    const instances = event.compute.instancePerMember ? read.record("computeInstances") : {};
    const members = team.members.map((m) => ({
        github: m.github,
        instance: instances?.[m.github],
    }));
    if (instances !== undefined && event.compute.instancePerMember) {
        for (const m of members)
            if (m.instance === undefined)
                read.problems.push(
                    `output computeInstances: has no instance for member ${m.github}`,
                );
    }
    const invited = team.members.filter((m) => m.email !== undefined);
    const emailed = event.invitation.sendMessage;
    const redeemUrls = invited.length > 0 && !emailed ? read.record("invitationRedeemUrls") : {};
    const guests: InvitedMember[] = invited.map((m) => ({
        github: m.github,
        ...(emailed ? {} : { redeemUrl: redeemUrls?.[m.github] }),
    }));
    if (redeemUrls !== undefined && !emailed)
        for (const g of guests)
            if (g.redeemUrl === undefined || !HTTPS_URL.test(g.redeemUrl))
                read.problems.push(
                    `output invitationRedeemUrls: has no https:// redeem link for member ${g.github}`,
                );
    const handout: TeamHandout = {
        event: event.name,
        team: team.name,
        stackName: input.stackName,
        sample: input.sample ?? false,
        location: input.location,
        subscriptionId: read.string("subscriptionId"),
        tenantId: read.string("tenantId"),
        resourceGroup: read.string("resourceGroup"),
        workspace: read.string("workspace"),
        endpoint: read.string("endpoint"),
        endpointAuthMode: event.endpoint.authMode,
        endpointInstanceType: event.endpoint.instanceType,
        portalUrl: read.url("portalUrl"),
        studioUrl: read.url("studioUrl"),
        repository: read.string("repository"),
        repositoryUrl: read.url("repositoryUrl"),
        template: event.github.template,
        storageAccount: read.string("storageAccount"),
        datastore: read.string("datastore"),
        dataAssets: dataAssets.sort((a, b) => a.name.localeCompare(b.name)),
        cluster: read.string("computeCluster"),
        clusterVmSize: event.compute.clusterVmSize,
        clusterMaxNodes: event.compute.clusterMaxNodes,
        instanceVmSize: event.compute.instanceVmSize,
        endpointMaxInstances: event.endpoint.maxInstances,
        endpointDeploymentNames: event.endpoint.deploymentNames,
        guardEffect: event.guard.effect,
        members,
        guests,
        invitationEmailed: emailed,
        repositorySecrets: read.optionalNames("repositorySecrets"),
        repositoryVariables: read.optionalNames("repositoryVariables"),
        endsOn: event.endsOn,
        ...(event.teardown.afterDays !== undefined
            ? { teardownAfterDays: event.teardown.afterDays }
            : {}),
        // The stack's own record of it (capped at creation); stacks from before the output: the event's rule.
        credentialsExpire: read.optionalTime("credentialsEndDate") ?? secretEndDate(event.endsOn),
        timeZone: event.timeZone,
        dailyStopTime: event.compute.dailyStopTime,
        idleShutdownMinutes: event.compute.idleShutdownMinutes,
    };
    return read.problems.length > 0
        ? { ok: false, problems: read.problems }
        : { ok: true, handout };
}

/** Fields of a JSON document inside a secret that are themselves credentials. */
const SECRET_FIELD = /secret|password|key|token|credential/i;

/**
 * Every string a secret output holds, for the last check before a file is written: nested values
 * included. A JSON document inside a secret (AZURE_CREDENTIALS) also contributes its credential
 * fields (`clientSecret`), but not its ids and endpoint URLs, which pages show on purpose. Short
 * strings are left out: "true" or "key" inside a secret would match ordinary words.
 */
export function secretStrings(outputs: Readonly<Record<string, OutputValue>>): string[] {
    const found = new Set<string>();
    const visit = (value: unknown, inDocument: boolean, field: string): void => {
        if (typeof value === "string") {
            if (value.length >= 8 && (!inDocument || SECRET_FIELD.test(field))) found.add(value);
            const trimmed = value.trim();
            if (trimmed.startsWith("{")) {
                try {
                    visit(JSON.parse(trimmed), true, field);
                } catch {
                    // Not JSON: the whole string is already in the set.
                }
            }
        } else if (Array.isArray(value)) value.forEach((v) => visit(v, inDocument, field));
        else if (value !== null && typeof value === "object")
            for (const [key, v] of Object.entries(value)) visit(v, inDocument, key);
    };
    for (const output of Object.values(outputs)) if (output.secret) visit(output.value, false, "");
    return [...found];
}
