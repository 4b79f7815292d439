/**
 * The config contract of a team stack (`openhack-mlops:event`, `openhack-mlops:team`) and of an
 * event roster (`stacks/<event>.yaml`), as zod schemas. Every rule here carries a message that
 * states the rule, because the message is what an organizer reads when a value is rejected.
 *
 * Patterns are ASCII-only on purpose: a Cyrillic "а" that looks like a Latin "a" must be rejected
 * here, not by Azure halfway through a deployment.
 */
import { MAX_WRITE_DELAY_MS } from "./githubPacing";
import { DEFAULT_SECRET_LIFETIME_DAYS, MAX_SECRET_LIFETIME_DAYS } from "./credentialLifetime";
import { z } from "zod";
import { isWindowsTimeZone, timeZoneRule } from "./timeZones";
import { emailProblem, upnProblem } from "./principalNames";

export const EVENT_NAME = /^[a-z][a-z0-9]{2,9}$/;
export const TEAM_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,11}$/;
/** GitHub logins: alphanumerics and single hyphens, not at either end, at most 39 characters. */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Budget alert addresses: an ASCII local part and a domain (members' addresses: principalNames.ts). */
export const EMAIL =
    /^[A-Za-z0-9._'+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** A DNS domain name in lowercase: dot-separated labels of letters, digits and inner hyphens, at least two. */
export const TENANT_DOMAIN =
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** Language of Entra's invitation e-mail, as ISO 639 (+ region) like Graph's messageLanguage: `ja-JP`, `en-US`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;
export const VM_SIZE = /^Standard_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Azure region names as ARM spells them: `japaneast`, `westus3`. */
export const AZURE_REGION = /^[a-z][a-z0-9]{2,30}$/;
/**
 * A name for an Azure ML online deployment: the online endpoint rule (3-32 letters, digits and `-`,
 * starting with a letter; docs/azure-facts.md), assumed for deployments too (UNVERIFIED here; the
 * only effect is which names the fair-share policy lets a team use: Azure itself judges the name).
 */
export const DEPLOYMENT_NAME = /^[A-Za-z][A-Za-z0-9-]{2,31}$/;
export const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** Azure ML compute names: 3-24, letters, digits and hyphens, starting with a letter. */
export const COMPUTE_NAME = /^[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]*[A-Za-z])){2,23}$/;

/** A string that `problem` accepts; its message is the rule broken (stacks/principalNames.ts). */
const checkedString = (problem: (value: string) => string | undefined) =>
    z.string("must be text").superRefine((value, ctx) => {
        const message = problem(value);
        if (message !== undefined) ctx.addIssue({ code: "custom", message });
    });

const isRealDate = (s: string): boolean => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The opt-in GitHub objects, each worth its writes only if the event's workflows use it. */
const githubExtras = z.strictObject({
    /** AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID secrets for `azure/login` with OIDC (3 writes). */
    oidcSecrets: z.boolean("must be true or false").default(false),
    /** Actions variables naming the location, workspace, cluster, endpoint, datastore, data assets (8 writes). */
    variables: z.boolean("must be true or false").default(false),
    /** The `production` environment, main-only, behind `reviewers` where the plan allows (2 writes). */
    environment: z.boolean("must be true or false").default(false),
    /**
     * Trust the `pull_request` subject too (2 more federated credentials, no GitHub write). Off by
     * default: any pull request's workflow could then sign in as the team principal, around the
     * main-only, reviewer-gated `production` environment (issue 22).
     */
    pullRequestOidc: z.boolean("must be true or false").default(false),
});

const githubSettings = z.strictObject({
    owner: z
        .string()
        .regex(
            GITHUB_LOGIN,
            "must be a GitHub user or organization login (letters, digits, single hyphens, at most 39)",
        ),
    visibility: z
        .enum(["private", "public", "internal"], "must be one of private, public, internal")
        .default("private"),
    /** `owner/name` of a template repository, or "" for an empty repository. */
    template: z
        .string()
        .regex(
            /^(?:|[A-Za-z0-9-]{1,39}\/[A-Za-z0-9_.-]{1,100})$/,
            'must be "" or a template repository as owner/name',
        )
        .default(""),
    reviewers: z
        .array(z.string().regex(GITHUB_LOGIN, "must be a GitHub login"))
        .max(6, "at most 6 required reviewers (GitHub's limit per environment)")
        .default([]),
    /**
     * The owner's GitHub plan. Private repositories get environments only on Pro, Team and Enterprise,
     * and required reviewers only on Enterprise; public repositories get both on every plan.
     */
    plan: z
        .enum(["free", "pro", "team", "enterprise"], "must be one of free, pro, team, enterprise")
        .default("free"),
    /**
     * Whether `owner` is an organization or a personal account. On a personal account's repositories
     * GitHub gives collaborators `push` only, so read-only environment reviewers are refused there.
     */
    ownerType: z
        .enum(["organization", "user"], "must be one of organization, user")
        .default("organization"),
    /**
     * Coaches' GitHub logins: besides a team's own members, they may ask for any team's teardown
     * from its repository (event/requests/). Coaches are otherwise an Entra group
     * (coachesGroupObjectId), which says nothing about GitHub accounts.
     */
    coaches: z
        .array(z.string().regex(GITHUB_LOGIN, "must be a GitHub login"))
        .max(50, "at most 50 coaches")
        .optional(),
    /** Archive (true) or delete (false) the team repositories on teardown; archived ones keep the teams' work and cost nothing. */
    archiveOnDestroy: z.boolean("must be true or false").default(true),
    /**
     * GitHub objects beyond what the hack needs (hack-contract.md: the repository, the members and
     * three secrets). Off by default: each is a GitHub write per team, and one token may make 500
     * an hour (stacks/githubFootprint.ts counts them).
     */
    extras: githubExtras.prefault({}),
    /**
     * Milliseconds the team's github provider waits after each write (stacks/githubPacing.ts). In a
     * roster, left out, it is derived from the number of teams so that every team writing at once
     * stays within GitHub's 80 writes a minute; a single stack file uses the provider's 1000.
     */
    writeDelayMs: z
        .number("must be a number of milliseconds")
        .int("must be a whole number of milliseconds")
        // Older github providers refuse 0 ("write_delay_ms must be greater than 0ms").
        .min(1, "must be at least 1")
        .max(MAX_WRITE_DELAY_MS, `must be at most ${MAX_WRITE_DELAY_MS} (5 minutes)`)
        .optional(),
});

const budgetSettings = z.strictObject({
    amount: z
        .number("must be a number")
        .positive("must be greater than 0")
        .max(100000, "must be at most 100000"),
    contactEmails: z
        .array(z.string().regex(EMAIL, "must be an e-mail address"))
        .max(50, "at most 50 addresses")
        .default([]),
});

const computeSettings = z.strictObject({
    clusterName: z
        .string()
        .regex(
            COMPUTE_NAME,
            "must be 3-24 letters, digits or hyphens, starting with a letter, each hyphen followed later by a letter",
        )
        .default("demo-cpucluster1"),
    clusterVmSize: z
        .string()
        .regex(VM_SIZE, "must be an Azure VM size like Standard_D2_v2")
        .default("Standard_D2_v2"),
    clusterMaxNodes: z
        .number("must be a number")
        .int("must be a whole number")
        .min(1, "must be at least 1")
        .max(20, "must be at most 20")
        .default(2),
    instanceVmSize: z
        .string()
        .regex(VM_SIZE, "must be an Azure VM size like Standard_D2_v2")
        .default("Standard_D2_v2"),
    instancePerMember: z.boolean("must be true or false").default(true),
    idleShutdownMinutes: z
        .number("must be a number")
        .int("must be a whole number")
        .min(15, "must be at least 15 (Azure ML's minimum idle shutdown)")
        .max(4320, "must be at most 4320 (3 days, Azure ML's maximum)")
        .default(60),
    /** Local time (in `event.timeZone`) at which every compute instance is stopped each day. */
    dailyStopTime: z.string().regex(CLOCK_TIME, "must be a 24-hour time HH:MM").default("20:00"),
});

const endpointSettings = z.strictObject({
    authMode: z
        .enum(["key", "token", "aadToken"], "must be one of key, token, aadToken")
        .default("key"),
    instanceType: z
        .string()
        .regex(VM_SIZE, "must be an Azure VM size like Standard_DS2_v2")
        .default("Standard_DS2_v2"),
    /**
     * Most instances of an online deployment: the fair-share policy refuses more
     * (components/fairShare.ts) and the plan's quota counts this many (offline/plan/quota.ts).
     */
    maxInstances: z
        .number("must be a number")
        .int("must be a whole number")
        .min(1, "must be at least 1")
        .max(20, "must be at most 20")
        .default(1),
    /**
     * The only names an online deployment may have: the fair-share policy refuses others, so a team
     * cannot multiply `maxInstances` by making more deployments, and the plan counts one deployment
     * per name. The materials deploy `blue` (docs/hack-contract.md, challenge 3); add `green` for a
     * blue-green rollout in challenge 6, which doubles the endpoint quota the plan counts.
     */
    deploymentNames: z
        .array(
            z
                .string()
                .regex(
                    DEPLOYMENT_NAME,
                    "must be 3-32 letters, digits and '-', starting with a letter (an Azure ML deployment name)",
                ),
        )
        .min(1, "must name at least one deployment")
        .max(4, "must name at most 4 deployments")
        .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, {
            message: "must not repeat a name",
        })
        .default(["blue"]),
});

/** The fair-share Azure Policy of every team's resource group (components/fairShare.ts). */
const guardSettings = z.strictObject({
    /** `deny` refuses what exceeds the limits; `audit` only reports it in the group's compliance. */
    effect: z.enum(["deny", "audit"], "must be one of deny, audit").default("deny"),
});

/** Members given by `email` are invited to the tenant as B2B guests (components/guestInvitations.ts). */
const invitationSettings = z.strictObject({
    /** Entra sends its invitation e-mail (true), or the organizers hand out the redeem links themselves. */
    sendMessage: z.boolean("must be true or false").default(true),
    /** Language of Entra's invitation e-mail. */
    language: z
        .string()
        .regex(LANGUAGE_TAG, "must be a language tag like ja-JP or en-US")
        .default("en-US"),
    /**
     * DNS domains whose people are already in the tenant (e.g. `contoso.onmicrosoft.com`,
     * `contoso.com`): `roster import` warns about a row that gives such an address as an e-mail,
     * since that person must be listed by UPN (an `email` member is an invited guest, which teardown
     * deletes). Lowercase, as Entra lists its verified domains.
     */
    tenantDomains: z
        .array(
            z
                .string("must be text")
                .max(253, "must be a DNS domain name of at most 253 characters")
                .regex(
                    TENANT_DOMAIN,
                    "must be a lowercase DNS domain name like contoso.com (letters, digits, inner hyphens, dot-separated labels)",
                ),
            "must be a list of domain names",
        )
        .max(20, "must list at most 20 domains")
        .refine((list) => new Set(list).size === list.length, "must not list a domain twice")
        .optional(),
});

/** Teardown after the event (event/requests/): off unless `afterDays` is set. */
const teardownSettings = z.strictObject({
    /**
     * Tear down every team whose event ended this many days ago (counted from endsOn, in the event's
     * time zone's calendar), warning the team on its repository one day before. Unset: never.
     */
    afterDays: z
        .number("must be a number of days")
        .int("must be a whole number of days")
        .min(1, "must be at least 1 (the day after endsOn)")
        .max(365, "must be at most 365")
        .optional(),
});

export const eventSchema = z.strictObject({
    name: z
        .string("must be a string")
        .regex(
            EVENT_NAME,
            "must be 3-10 characters, a lowercase letter then lowercase letters or digits",
        ),
    // `abort`: a value that is not even shaped like a date gets one message, not two.
    endsOn: z
        .string("must be a date YYYY-MM-DD")
        .regex(ISO_DATE, { error: "must be a date YYYY-MM-DD", abort: true })
        .refine(isRealDate, "must be a real calendar date"),
    /**
     * Most days a team's client secret lives after its creation (stacks/credentialLifetime.ts): it
     * ends at the earlier of endsOn + 7 days and this many days after the first `up`.
     */
    secretLifetimeDays: z
        .number("must be a number of days")
        .int("must be a whole number of days")
        .min(1, "must be at least 1")
        .max(MAX_SECRET_LIFETIME_DAYS, `must be at most ${MAX_SECRET_LIFETIME_DAYS}`)
        .default(DEFAULT_SECRET_LIFETIME_DAYS),
    /** First day of the event (optional): the offline plan's cost estimate covers startsOn..endsOn. */
    startsOn: z
        .string("must be a date YYYY-MM-DD")
        .regex(ISO_DATE, { error: "must be a date YYYY-MM-DD", abort: true })
        .refine(isRealDate, "must be a real calendar date")
        .optional(),
    timeZone: z
        .string()
        .superRefine((id, ctx) => {
            if (!isWindowsTimeZone(id)) ctx.addIssue({ code: "custom", message: timeZoneRule(id) });
        })
        .default("Tokyo Standard Time"),
    github: githubSettings,
    coachesGroupObjectId: z
        .string()
        .regex(
            new RegExp(`^(?:|${GUID.source.slice(1, -1)})$`),
            'must be "" or an Entra group object id (GUID)',
        )
        .default(""),
    budget: budgetSettings,
    compute: computeSettings.prefault({}),
    endpoint: endpointSettings.prefault({}),
    guard: guardSettings.prefault({}),
    invitation: invitationSettings.prefault({}),
    teardown: teardownSettings.prefault({}),
});

const memberSchema = z
    .strictObject({
        github: z
            .string("must be a string")
            .regex(
                GITHUB_LOGIN,
                "must be a GitHub login (letters, digits, single hyphens, at most 39)",
            ),
        userPrincipalName: checkedString(upnProblem).optional(),
        objectId: z.string().regex(GUID, "must be an Entra object id (GUID)").optional(),
        /** Someone not in the tenant yet: the stack invites this address as a B2B guest. */
        email: checkedString(emailProblem).optional(),
        /** Display name of an invited guest (optional; Entra otherwise shows the e-mail). */
        displayName: z
            .string("must be text")
            .min(1, "must not be empty")
            .max(256, "at most 256 characters (Entra ID's limit)")
            .optional(),
    })
    .refine(
        (m) =>
            [m.userPrincipalName, m.objectId, m.email].filter((v) => v !== undefined).length === 1,
        { message: "needs exactly one of userPrincipalName, objectId or email" },
    );

export const teamSchema = z.strictObject({
    name: z
        .string("must be a string")
        .regex(
            TEAM_NAME,
            "must be 2-12 characters: a lowercase letter, then lowercase letters, digits or single inner hyphens",
        ),
    subscriptionId: z
        .string()
        .regex(
            new RegExp(`^(?:|${GUID.source.slice(1, -1)})$`),
            'must be "" or a subscription id (GUID)',
        )
        .default(""),
    members: z
        .array(memberSchema, "must be a list of members")
        .min(1, "needs at least 1 member")
        .max(8, "at most 8 members"),
});

export const rosterSchema = z.strictObject({
    /** Azure region every team stack of this event deploys to. */
    location: z
        .string()
        .regex(AZURE_REGION, "must be an Azure region name like japaneast")
        .default("japaneast"),
    // Checked on its own by eventSchema (under the path "event"), so that a missing event is reported once.
    event: z.unknown().optional(),
    teams: z
        .array(z.unknown(), "must be a list of teams")
        .min(1, "needs at least 1 team")
        .max(100, "at most 100 teams"),
});

export type EventConfig = z.output<typeof eventSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type MemberConfig = TeamConfig["members"][number];
export type EventInput = z.input<typeof eventSchema>;
export type TeamInput = z.input<typeof teamSchema>;
