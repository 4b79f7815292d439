/**
 * Bad config never registers a resource: each malformed config below runs the real entry point and
 * must fail with the field path and rule, before a single resource exists.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, validateTeamStack } from "../stacks/validate";
import { runProgram } from "./helpers/program";
import { NOW, sampleEvent, sampleTeam } from "./helpers/fixtures";

// Only Date is faked: Pulumi's runtime needs real timers and promises.
beforeAll(() => {
    jest.useFakeTimers({
        now: NOW,
        doNotFake: [
            "nextTick",
            "setImmediate",
            "clearImmediate",
            "setTimeout",
            "clearTimeout",
            "setInterval",
            "clearInterval",
            "queueMicrotask",
            "hrtime",
            "performance",
        ],
    });
});
afterAll(() => jest.useRealTimers());

type Raw = Record<string, unknown>;
const event = (patch: (e: Raw) => void): Raw => {
    const e = structuredClone(sampleEvent()) as Raw;
    patch(e);
    return e;
};
const team = (patch: (t: Raw) => void): Raw => {
    const t = structuredClone(sampleTeam(3)) as Raw;
    patch(t);
    return t;
};
const members = (t: Raw): Raw[] => t.members as Raw[];
const sub = (o: Raw, key: string): Raw => o[key] as Raw;

const E = "openhack-mlops:event";
const T = "openhack-mlops:team";

const cases: [string, Raw, Raw, string][] = [
    ["event name with uppercase", event((e) => (e.name = "OH4ML")), sampleTeam(3), `${E}.name`],
    ["event name too long", event((e) => (e.name = "openhackmlops")), sampleTeam(3), `${E}.name`],
    [
        "event name starting with a digit",
        event((e) => (e.name = "4ml")),
        sampleTeam(3),
        `${E}.name`,
    ],
    ["endsOn not a date", event((e) => (e.endsOn = "next friday")), sampleTeam(3), `${E}.endsOn`],
    [
        "endsOn an impossible date",
        event((e) => (e.endsOn = "2026-02-30")),
        sampleTeam(3),
        `${E}.endsOn`,
    ],
    ["endsOn in the past", event((e) => (e.endsOn = "2026-01-15")), sampleTeam(3), `${E}.endsOn`],
    [
        "visibility typo",
        event((e) => (sub(e, "github").visibility = "privte")),
        sampleTeam(3),
        `${E}.github.visibility`,
    ],
    [
        "github owner with a space",
        event((e) => (sub(e, "github").owner = "contoso hack")),
        sampleTeam(3),
        `${E}.github.owner`,
    ],
    [
        "seven reviewers",
        event((e) => (sub(e, "github").reviewers = ["a1", "a2", "a3", "a4", "a5", "a6", "a7"])),
        sampleTeam(3),
        `${E}.github.reviewers`,
    ],
    [
        "negative budget",
        event((e) => (sub(e, "budget").amount = -5)),
        sampleTeam(3),
        `${E}.budget.amount`,
    ],
    [
        "budget amount as a string",
        event((e) => (sub(e, "budget").amount = "150")),
        sampleTeam(3),
        `${E}.budget.amount`,
    ],
    [
        "contact e-mail without a domain",
        event((e) => (sub(e, "budget").contactEmails = ["organizer"])),
        sampleTeam(3),
        `${E}.budget.contactEmails[0]`,
    ],
    [
        "cluster VM size in the wrong format",
        event((e) => (sub(e, "compute").clusterVmSize = "D2_v2")),
        sampleTeam(3),
        `${E}.compute.clusterVmSize`,
    ],
    [
        "idle shutdown below Azure's minimum",
        event((e) => (sub(e, "compute").idleShutdownMinutes = 5)),
        sampleTeam(3),
        `${E}.compute.idleShutdownMinutes`,
    ],
    [
        "cluster max nodes zero",
        event((e) => (sub(e, "compute").clusterMaxNodes = 0)),
        sampleTeam(3),
        `${E}.compute.clusterMaxNodes`,
    ],
    [
        "endpoint auth mode none",
        event((e) => (sub(e, "endpoint").authMode = "none")),
        sampleTeam(3),
        `${E}.endpoint.authMode`,
    ],
    [
        "coaches group not a GUID",
        event((e) => (e.coachesGroupObjectId = "coaches")),
        sampleTeam(3),
        `${E}.coachesGroupObjectId`,
    ],
    [
        "unknown event key (typo)",
        event((e) => (e.endsAt = "2026-12-18")),
        sampleTeam(3),
        `${E}.endsAt`,
    ],
    ["team name with an underscore", sampleEvent(), team((t) => (t.name = "team_01")), `${T}.name`],
    ["team name too long", sampleEvent(), team((t) => (t.name = "theverylongteam")), `${T}.name`],
    [
        "team name with a Cyrillic look-alike",
        sampleEvent(),
        team((t) => (t.name = "tеam01")),
        `${T}.name`,
    ],
    ["no members", sampleEvent(), team((t) => (t.members = [])), `${T}.members`],
    [
        "nine members",
        sampleEvent(),
        team(
            (t) =>
                (t.members = Array.from({ length: 9 }, (_, i) => ({
                    github: `m${i}`,
                    objectId: "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a",
                }))),
        ),
        `${T}.members`,
    ],
    [
        "member login with a space",
        sampleEvent(),
        team((t) => (members(t)[2].github = "bad login")),
        `${T}.members[2].github`,
    ],
    [
        "duplicate member login (case-insensitive)",
        sampleEvent(),
        team((t) => (members(t)[1].github = "MEMBER0")),
        `${T}.members[1].github`,
    ],
    [
        "member with both UPN and objectId",
        sampleEvent(),
        team((t) => (members(t)[0].objectId = "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a")),
        `${T}.members[0]`,
    ],
    [
        "member with neither UPN nor objectId",
        sampleEvent(),
        team((t) => delete members(t)[0].userPrincipalName),
        `${T}.members[0]`,
    ],
    [
        "invalid UPN",
        sampleEvent(),
        team((t) => (members(t)[0].userPrincipalName = "alice@")),
        `${T}.members[0].userPrincipalName`,
    ],
    [
        "invalid object id",
        sampleEvent(),
        team((t) => (members(t)[2].objectId = "not-a-guid")),
        `${T}.members[2].objectId`,
    ],
    [
        "subscription id not a GUID",
        sampleEvent(),
        team((t) => (t.subscriptionId = "my-subscription")),
        `${T}.subscriptionId`,
    ],
    ["missing team name", sampleEvent(), team((t) => delete t.name), `${T}.name`],
    [
        "tenant domain in uppercase",
        event((e) => (e.invitation = { tenantDomains: ["Contoso.com"] })),
        sampleTeam(3),
        `${E}.invitation.tenantDomains[0]`,
    ],
];

const baseConfig = { "azure-native:location": "japaneast" };

describe.each(cases)("%s", (_label, rawEvent, rawTeam, expectedPath) => {
    test(`fails naming ${expectedPath}, with zero resources registered`, () => {
        const run = runProgram({ ...baseConfig, [E]: rawEvent, [T]: rawTeam });
        // Reported as a RunError: the engine shows the message without a stack trace.
        expect(run.pulumi.RunError.isInstance(run.error)).toBe(true);
        expect(run.error?.message).toMatch(/^invalid configuration \(\d+ problems?\):/);
        expect(run.error?.message).toContain(`${expectedPath}: `);
        expect(run.cloud.resources).toEqual([]);
        expect(run.cloud.calls).toEqual([]);
    });
});

test("there are at least 20 malformed configs in the table", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
});

test("every problem of a config is reported at once, each with path, rule and value", () => {
    const badEvent = event((e) => {
        e.name = "X";
        sub(e, "budget").amount = -1;
    });
    const badTeam = team((t) => (members(t)[1].github = "-nope-"));
    let error: unknown;
    try {
        validateTeamStack(badEvent, badTeam, { now: NOW });
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual([
        `${E}.budget.amount`,
        `${E}.name`,
        `${T}.members[1].github`,
    ]);
    expect((error as ConfigError).message).toContain(
        `${T}.members[1].github: must be a GitHub login (letters, digits, single hyphens, at most 39) (got "-nope-")`,
    );
});

test("missing config keys are reported as required, not as a crash", () => {
    const run = runProgram(baseConfig);
    expect(run.error?.message).toContain(`${E}: is required (missing)`);
    expect(run.error?.message).toContain(`${T}: is required (missing)`);
    expect(run.cloud.resources).toEqual([]);
});

test("a missing region is reported with the other problems, before anything is registered", () => {
    const run = runProgram({ [E]: sampleEvent(), [T]: { ...sampleTeam(1), name: "Team 1" } });
    expect(run.error?.message).toBe(
        [
            "invalid configuration (2 problems):",
            "  - azure-native:location: is required (the Azure region of the team, e.g. japaneast) (missing)",
            `  - ${T}.name: must be 2-12 characters: a lowercase letter, then lowercase letters, digits or single inner hyphens (got "Team 1")`,
        ].join("\n"),
    );
    expect(run.cloud.resources).toEqual([]);
});

test("a region that is not a region name is rejected", () => {
    const run = runProgram({
        "azure-native:location": "Japan East",
        [E]: sampleEvent(),
        [T]: sampleTeam(1),
    });
    expect(run.error?.message).toContain(
        'azure-native:location: must be an Azure region name like japaneast (got "Japan East")',
    );
    expect(run.cloud.resources).toEqual([]);
});

test("an event on its last day west of UTC is not yet over: one day of grace", () => {
    // NOW is 2026-11-27T09:00Z: an event that ended on 11-26 (UTC) may still be on its last day locally.
    expect(() =>
        validateTeamStack(sampleEvent({ endsOn: "2026-11-26" }), sampleTeam(1), { now: NOW }),
    ).not.toThrow();
    expect(() =>
        validateTeamStack(sampleEvent({ endsOn: "2026-11-25" }), sampleTeam(1), { now: NOW }),
    ).toThrow(`${E}.endsOn: must not be in the past (today is 2026-11-27) (got "2026-11-25")`);
});

test("a date rule never applies without `now` (teardown, status)", () => {
    expect(() =>
        validateTeamStack(
            event((e) => (e.endsOn = "2020-01-01")),
            sampleTeam(1),
        ),
    ).not.toThrow();
});

test("defaults fill every optional field", () => {
    const minimal = {
        name: "oh4ml",
        endsOn: "2026-12-18",
        github: { owner: "contoso-hack" },
        budget: { amount: 100 },
    };
    const { event: parsed } = validateTeamStack(
        minimal,
        {
            name: "team01",
            members: [{ github: "octocat", objectId: "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a" }],
        },
        { now: NOW },
    );
    expect(parsed).toEqual({
        name: "oh4ml",
        endsOn: "2026-12-18",
        timeZone: "Tokyo Standard Time",
        github: {
            owner: "contoso-hack",
            ownerType: "organization",
            visibility: "private",
            template: "",
            reviewers: [],
            plan: "free",
            archiveOnDestroy: true,
            extras: {
                oidcSecrets: false,
                variables: false,
                environment: false,
                pullRequestOidc: false,
            },
        },
        secretLifetimeDays: 90,
        coachesGroupObjectId: "",
        budget: { amount: 100, contactEmails: [] },
        compute: {
            clusterName: "demo-cpucluster1",
            clusterVmSize: "Standard_D2_v2",
            clusterMaxNodes: 2,
            instanceVmSize: "Standard_D2_v2",
            instancePerMember: true,
            idleShutdownMinutes: 60,
            dailyStopTime: "20:00",
        },
        endpoint: {
            authMode: "key",
            instanceType: "Standard_DS2_v2",
            maxInstances: 1,
            deploymentNames: ["blue"],
        },
        guard: { effect: "deny" },
        invitation: { sendMessage: true, language: "en-US" },
        teardown: {},
    });
});

test("the sample stack (Pulumi.dev.yaml) runs through the entry point and exports the handout outputs", async () => {
    const stackFile = parse(
        fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8"),
    ) as { config: Record<string, unknown> };
    const run = runProgram(stackFile.config);
    expect(run.error).toBeUndefined();
    const { outputs, error } = await run.result;
    expect(error).toBeUndefined();
    const exported = outputs ?? {};
    expect(Object.keys(exported).sort()).toEqual(
        [
            "team",
            "subscriptionId",
            "tenantId",
            "resourceGroup",
            "workspace",
            "studioUrl",
            "portalUrl",
            "storageAccount",
            "datastore",
            "dataAssets",
            "computeCluster",
            "computeInstances",
            "endpoint",
            "repository",
            "repositoryUrl",
            "servicePrincipalClientId",
            "credentialsEndDate",
            "invitedGuests",
            "invitationRedeemUrls",
            "repositorySecrets",
            "repositoryVariables",
        ].sort(),
    );
    const outputOf = (key: string): Promise<unknown> => {
        const value = exported[key];
        return run.pulumi.Output.isInstance(value)
            ? new Promise((resolve) =>
                  (value as { apply: (f: (v: unknown) => void) => void }).apply(resolve),
              )
            : Promise.resolve(value);
    };
    expect(await outputOf("team")).toBe("team01");
    expect(await outputOf("resourceGroup")).toBe("rg-oh4mldev-team01");
    expect(await outputOf("repository")).toBe("contoso-hack/oh4mldev-team01");
    expect(Object.keys((await outputOf("computeInstances")) as object).sort()).toEqual([
        "hubot",
        "monalisa",
        "octocat",
    ]);
    await run.pulumi.runtime.disconnect();
    expect(run.cloud.resources.length).toBeGreaterThan(50);
});

test("event.invitation.tenantDomains: lowercase domain names, at most 20, none twice", () => {
    const withDomains = (tenantDomains: unknown) =>
        validateTeamStack(
            event((e) => (e.invitation = { tenantDomains })),
            sampleTeam(1),
        );
    expect(
        withDomains(["contoso.com", "contoso.onmicrosoft.com"]).event.invitation.tenantDomains,
    ).toEqual(["contoso.com", "contoso.onmicrosoft.com"]);
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.contoso.com`);
    expect(() => withDomains(many.slice(0, 20))).not.toThrow();
    expect(() => withDomains(many)).toThrow(
        `${E}.invitation.tenantDomains: must list at most 20 domains`,
    );
    expect(() => withDomains(["contoso.com", "contoso.com"])).toThrow(
        `${E}.invitation.tenantDomains: must not list a domain twice`,
    );
    expect(() => withDomains(["contoso.com", "contoso"])).toThrow(
        `${E}.invitation.tenantDomains[1]: must be a lowercase DNS domain name like contoso.com`,
    );
    expect(() => withDomains("contoso.com")).toThrow(
        `${E}.invitation.tenantDomains: must be a list of domain names`,
    );
});

test("endpoint.deploymentNames: names Azure ML accepts, at least one, none repeated", () => {
    const withNames = (deploymentNames: string[]) =>
        validateTeamStack(sampleEvent({ endpoint: { deploymentNames } }), sampleTeam(1), {
            now: NOW,
        });
    expect(withNames(["blue", "green"]).event.endpoint.deploymentNames).toEqual(["blue", "green"]);
    expect(() => withNames([])).toThrow(
        `${E}.endpoint.deploymentNames: must name at least one deployment`,
    );
    expect(() => withNames(["blue", "Blue"])).toThrow(
        `${E}.endpoint.deploymentNames: must not repeat a name`,
    );
    expect(() => withNames(["1st"])).toThrow(
        `${E}.endpoint.deploymentNames[0]: must be 3-32 letters`,
    );
});
