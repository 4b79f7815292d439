/**
 * A team's teardown request carried out to the end through the CLI, as the workflow runs it:
 * `npm run -s event -- requests <roster> --apply` as a child process from the repository root, the
 * Pulumi CLI stand-in (tests/cli/standin) for pulumi, and the real SDK clients of
 * event/cloud/clients.ts (Octokit, @azure/arm-*, the Graph client) answered inside the child by the
 * test-only preload tests/helpers/nockPreload.cjs, every real connection refused.
 *
 * The Azure token comes from the Azure CLI stand-in (tests/helpers/azCliStandin/az, first on PATH
 * here only), which follows the contract of `az account get-access-token` as @azure/identity's
 * AzureCliCredential calls it. That credential is the first of the chain, so the chain stops there:
 * no sign-in, and no managed-identity probe (169.254.169.254 is not even in the chain by default).
 *
 * Bodies: GitHub from github/rest-api-description examples (tests/fixtures/github/), ARM and Graph
 * from tests/event/teardownFixtures.ts (each names its azure-rest-api-specs example or Microsoft
 * Graph reference page), with that file's names replaced by this sandbox's; every interceptor below
 * carries its `source`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { entraStackTag } from "../../stacks/entraTag";
import { REPO_ROOT, run, sandbox, type Sandbox } from "../cli/standin";
import * as fx from "../event/teardownFixtures";
import * as child from "./cliChild";

jest.setTimeout(240_000);

const GITHUB = child.GITHUB_API;
const ARM = "https://management.azure.com";
const GRAPH = "https://graph.microsoft.com";
const AZ_STANDIN = path.join(REPO_ROOT, "tests", "helpers", "azCliStandin");
const GITHUB_SOURCE =
    "github/rest-api-description examples (tests/fixtures/github/*.json name them)";

/** The subscription the organizer's workflow names (AZURE_SUBSCRIPTION_ID). */
const SUB = fx.SUB;
const SP_ID = "9a3c1e55-2b7d-4f0e-8c6a-1d2e3f4a5b6c";

interface Interceptor {
    readonly source: string;
    readonly method: string;
    readonly origin: string;
    readonly path: string;
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
    readonly times?: number;
}

let sb: Sandbox;
let tmp: string;
let names: { rg: string; app: string; repo: string; ws: string; vault: string };
beforeAll(() => {
    sb = sandbox("rqt");
    tmp = mkdtempSync(path.join(tmpdir(), "requests-teardown-"));
    // As stacks/names.ts names a team's resources; the workspace and vault keep their random suffix.
    names = {
        rg: `rg-${sb.event}-aurora`,
        app: `openhack-${sb.event}-aurora`,
        repo: `/repos/contoso-hack/${sb.event}-aurora`,
        ws: `${sb.event}-aurora-k3x9qz`,
        vault: `${sb.event}aurorak3x9qz`,
    };
    // The team's stack exists with resources (the stand-in's `up`; no GitHub token: nothing asked).
    // Set-up only (the preflight is tests/cli/documented.test.ts's): --skip-preflight.
    const up = run(sb, `npm run event -- up ${sb.roster} --team aurora --skip-preflight`);
    if (up.code !== 0) throw new Error(`up failed: ${up.stdout}\n${up.stderr}`);
});
afterAll(() => {
    sb.dispose();
    rmSync(tmp, { recursive: true, force: true });
});

/** A teardownFixtures body with that file's team, subscription and names replaced by this sandbox's. */
function ours(body: unknown): unknown {
    const text = JSON.stringify(body)
        .replaceAll(fx.RG, names.rg)
        .replaceAll(fx.WS, names.ws)
        .replaceAll(fx.VAULT, names.vault)
        .replaceAll(fx.APP_NAME, names.app);
    return JSON.parse(text) as unknown;
}

const issueLists = (aurora: unknown[]): Interceptor[] =>
    (["aurora", "borealis", "cirrus"] as const).map((t) => ({
        source: `${GITHUB_SOURCE}: issue.json`,
        method: "GET",
        origin: GITHUB,
        path: `/repos/contoso-hack/${sb.event}-${t}/issues`,
        status: 200,
        body: t === "aurora" ? aurora : [],
    }));

/** GitHub's answers while the request is carried out. */
function githubApply(): Interceptor[] {
    const repository = (archived: boolean) => ({
        ...child.REPOSITORY,
        name: `${sb.event}-aurora`,
        full_name: `contoso-hack/${sb.event}-aurora`,
        archived,
    });
    return [
        ...issueLists([child.auroraRequest(sb.event)]),
        {
            source: `${GITHUB_SOURCE}: repository.json`,
            method: "GET",
            origin: GITHUB,
            path: names.repo,
            status: 200,
            body: repository(false),
        },
        {
            source: "tests/fixtures/preflight/github-authenticated-user.json (names its source)",
            method: "GET",
            origin: GITHUB,
            path: "/user",
            status: 200,
            body: child.AUTHENTICATED,
        },
        {
            source: `${GITHUB_SOURCE}: nothing said yet on the request`,
            method: "GET",
            origin: GITHUB,
            path: `${names.repo}/issues/1/comments`,
            status: 200,
            body: [],
        },
        {
            source: `${GITHUB_SOURCE}: issue-comment.json`,
            method: "POST",
            origin: GITHUB,
            path: `${names.repo}/issues/1/comments`,
            status: 201,
            body: child.COMMENT,
        },
        {
            source: `${GITHUB_SOURCE}: issue.json`,
            method: "PATCH",
            origin: GITHUB,
            path: `${names.repo}/issues/1`,
            status: 200,
            body: { ...child.ISSUE, state: "closed" },
        },
        {
            source: `${GITHUB_SOURCE}: repository.json, archived as PATCH archived=true returns it`,
            method: "PATCH",
            origin: GITHUB,
            path: names.repo,
            status: 200,
            body: repository(true),
        },
    ];
}

const workspaces = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces`;
const workspace = () =>
    `/subscriptions/${SUB}/resourceGroups/${names.rg}/providers/Microsoft.MachineLearningServices/workspaces/${names.ws}`;
const deletedVaults = `/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults`;

/**
 * ARM and Graph while the team is torn down: the soft-deleted workspace and vault are listed once,
 * purged, and not listed afterwards; the team's service principal is found once (before the
 * destroy), its deleted application once (after it); everything else answers "none".
 * `times: 1` then a persisted answer: nock answers in the order interceptors were made.
 */
function azureApply(): Interceptor[] {
    const deletedVault = (fx.deletedVaults.body as { value: unknown[] }).value[0];
    const application = (fx.deletedApplications.body as { value: Record<string, unknown>[] })
        .value[0];
    const tags = [entraStackTag(sb.event, "aurora")];
    const sp = fx.emptyGraphList("servicePrincipal");
    const app = fx.emptyGraphList("application");
    const vaultPurge = `/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/${names.vault}/purge`;
    return [
        answer(ARM, "GET", workspaces, fx.workspaceListWithTeam, { times: 1 }),
        answer(ARM, "GET", workspaces, fx.workspaceListWithoutTeam),
        // The example's 200 answer: nothing to poll, the purge is over.
        answer(
            ARM,
            "DELETE",
            workspace(),
            {
                source: `${fx.workspaceDeleteAccepted.source}; the 200 {} response`,
                body: {},
            },
            { times: 1 },
        ),
        answer(
            ARM,
            "GET",
            deletedVaults,
            {
                source: `${fx.deletedVaults.source}; the team's vault only`,
                body: { value: [deletedVault] },
            },
            { times: 1 },
        ),
        answer(ARM, "GET", deletedVaults, {
            source: `${fx.deletedVaults.source}; no vault left`,
            body: { value: [] },
        }),
        answer(
            ARM,
            "POST",
            vaultPurge,
            {
                source: `${fx.vaultPurgeAccepted.source}; the 200 {} response`,
                body: {},
            },
            { times: 1 },
        ),
        answer(
            ARM,
            "GET",
            `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`,
            {
                source: `${fx.roleAssignments.source}; value emptied (Pulumi deleted the assignments it made)`,
                body: { value: [] },
            },
        ),
        answer(
            ARM,
            "GET",
            `/subscriptions/${SUB}/resourcegroups/${names.rg}`,
            fx.resourceGroupNotFound,
            {
                status: 404,
            },
        ),
        answer(
            GRAPH,
            "GET",
            "/v1.0/servicePrincipals",
            {
                source: `${fx.activeApplications.source}; the item as the team's service principal (servicePrincipal-list has the same collection shape), tags: the stack's tag (stacks/entraTag.ts)`,
                body: {
                    "@odata.context":
                        "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,displayName,appId,tags)",
                    value: [
                        {
                            id: SP_ID,
                            appId: "00000000-0000-0000-0000-000000000000",
                            displayName: names.app,
                            tags,
                        },
                    ],
                },
            },
            { times: 1 },
        ),
        answer(GRAPH, "GET", "/v1.0/servicePrincipals", sp),
        answer(GRAPH, "GET", "/v1.0/applications", app),
        deletedNone("servicePrincipal"),
        answer(
            GRAPH,
            "GET",
            "/v1.0/directory/deletedItems/microsoft.graph.application",
            {
                source: `${fx.deletedApplications.source}; tags: the stack's tag (stacks/entraTag.ts)`,
                body: {
                    ...(fx.deletedApplications.body as object),
                    value: [{ ...application, tags }],
                },
            },
            { times: 1 },
        ),
        deletedNone("application"),
        answer(
            GRAPH,
            "DELETE",
            `/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`,
            {
                source: "https://learn.microsoft.com/graph/api/directory-deleteditems-delete (v1.0: 204 No Content)",
                body: undefined,
            },
            { status: 204, times: 1 },
        ),
    ];
}

/** Graph's deleted items of one type, with nothing in them. */
function deletedNone(kind: "application" | "servicePrincipal"): Interceptor {
    const empty = fx.emptyGraphList(kind);
    return answer(GRAPH, "GET", `/v1.0/directory/deletedItems/microsoft.graph.${kind}`, {
        source: `${empty.source} (deleted items: the same collection shape)`,
        body: empty.body,
    });
}

/** An interceptor answering `fixture` (its body with this sandbox's names), naming its source. */
function answer(
    origin: string,
    method: string,
    p: string,
    fixture: fx.Fixture,
    options: { readonly status?: number; readonly times?: number } = {},
): Interceptor {
    return {
        source: fixture.source,
        method,
        origin,
        path: p,
        status: options.status ?? 200,
        body: fixture.body === undefined ? undefined : ours(fixture.body),
        ...(options.times === undefined ? {} : { times: options.times }),
    };
}

/** One run of a documented command with the preload: what was asked, in order, and what was never used. */
function childRun(name: string, commandLine: string, interceptors: readonly Interceptor[]) {
    const file = (ext: string) => path.join(tmp, `${name}.${ext}`);
    writeFileSync(file("fixture.json"), JSON.stringify({ interceptors }, null, 2));
    const started = Date.now();
    const r = run(sb, commandLine, {
        PATH: `${AZ_STANDIN}${path.delimiter}${sb.env.PATH ?? ""}`,
        AZ_STANDIN_CALLS: file("az"),
        AZ_STANDIN_SUBSCRIPTION: SUB,
        AZURE_SUBSCRIPTION_ID: SUB,
        GITHUB_TOKEN: "test-token-not-real",
        NODE_OPTIONS: `--require ${child.PRELOAD}`,
        NOCK_PRELOAD_FIXTURE: file("fixture.json"),
        NOCK_PRELOAD_LOG: file("log"),
        NOCK_PRELOAD_PENDING: file("pending"),
    });
    const lines = (f: string): string[] =>
        existsSync(f)
            ? readFileSync(f, "utf8")
                  .split("\n")
                  .filter((l) => l !== "")
            : [];
    return {
        ...r,
        seconds: (Date.now() - started) / 1000,
        asked: lines(file("log")).map((l) => JSON.parse(l) as child.Logged),
        pending: existsSync(file("pending"))
            ? (JSON.parse(readFileSync(file("pending"), "utf8")) as string[])
            : ["(no process wrote a pending list: no request was made)"],
        az: lines(file("az")),
    };
}

const commentsPosted = (asked: readonly child.Logged[]): string[] =>
    asked
        .filter((a) => a.method === "POST" && a.url.endsWith("/comments"))
        .map((a) => (JSON.parse(a.body ?? "{}") as { body: string }).body);

/** The verification report inside a comment (the fenced block). */
const fencedReport = (comment: string): string =>
    /```text\n([\s\S]*?)\n```/.exec(comment)?.[1] ?? "(no report in the comment)";

/** The report's check rows ("  <status>  <item>  <name>  <detail>"). */
const checkRows = (report: string): string[] =>
    report.split("\n").filter((l) => /^\s+(gone|pending|leftover|unknown)\s/.test(l));

test("requests --apply through the CLI: authorised, started, only that team destroyed, purged, verified clean, reported as verify-teardown reports it, archived, closed; the next run has nothing to do", () => {
    const r = childRun("apply", `npm run -s event -- requests ${sb.roster} --apply`, [
        ...githubApply(),
        ...azureApply(),
    ]);
    const trace = `\n${r.stdout}\n${r.stderr}\n${JSON.stringify(r.asked, null, 1)}`;
    // Every call was answered by an interceptor and every interceptor was needed.
    expect({ unmatched: r.asked.filter((a) => a.noMatch), pending: r.pending }).toEqual({
        unmatched: [],
        pending: [],
    });
    expect(`${r.code}${r.code === 0 ? "" : trace}`).toBe("0");
    expect(r.stdout).toMatch(/aurora\s+#1\s+@ben-okafor\s+honour \(member\)/);

    // The token came from the Azure CLI stand-in, one resource at a time, as AzureCliCredential asks.
    expect(r.az.length).toBeGreaterThan(0);
    for (const call of r.az)
        expect(call).toMatch(
            /^account get-access-token --output json --resource https:\/\/(management\.azure\.com|graph\.microsoft\.com)$/,
        );
    const signedFor = (origin: string) =>
        new Set(r.asked.filter((a) => a.url.startsWith(origin)).map((a) => a.authorization));
    expect(signedFor(ARM)).toEqual(new Set(["Bearer az-standin-token-for-management.azure.com"]));
    expect(signedFor(GRAPH)).toEqual(new Set(["Bearer az-standin-token-for-graph.microsoft.com"]));
    // Nothing else was contacted: no sign-in endpoint, no instance metadata.
    expect(
        r.asked.filter((a) => ![GITHUB, ARM, GRAPH].some((o) => a.url.startsWith(`${o}/`))),
    ).toEqual([]);

    // The stand-in destroyed that team's stack and nothing else.
    const destroys = sb.invocations().filter((i) => i.args[0] === "destroy");
    expect(destroys.map((i) => i.args[i.args.indexOf("--stack") + 1])).toEqual([
        `${sb.event}-aurora`,
    ]);

    // The order of the writes: said, purged, answered, closed, archived.
    const writes = r.asked
        .filter((a) => a.method !== "GET")
        .map((a) => `${a.method} ${a.url.replace(`/repos/contoso-hack/${sb.event}-aurora`, "")}`);
    expect(writes).toEqual([
        `POST ${GITHUB}/issues/1/comments`,
        `DELETE ${ARM}${workspace()}`,
        `POST ${ARM}/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/${names.vault}/purge`,
        `DELETE ${GRAPH}/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`,
        `POST ${GITHUB}/issues/1/comments`,
        `PATCH ${GITHUB}/issues/1`,
        `PATCH ${GITHUB}`,
    ]);
    const asked = (method: string, p: string) =>
        r.asked.find((a) => a.method === method && a.url === p);
    expect(asked("DELETE", `${ARM}${workspace()}`)?.requested).toContain("forceToPurge=true");
    expect(
        decodeURIComponent(
            asked(
                "GET",
                `${ARM}/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`,
            )?.requested ?? "",
        ),
    ).toContain(`principalId eq '${SP_ID}'`);
    expect(JSON.parse(asked("PATCH", `${GITHUB}${names.repo}/issues/1`)?.body ?? "{}")).toEqual({
        state: "closed",
        state_reason: "completed",
    });
    expect(JSON.parse(asked("PATCH", `${GITHUB}${names.repo}`)?.body ?? "{}")).toEqual({
        archived: true,
    });

    const [start, result] = commentsPosted(r.asked);
    expect(start).toMatch(/^Tearing down the environment of team aurora now/);
    expect(result).toMatch(/^The environment of team aurora is torn down\./);
    expect(result).toContain("This repository is archived now");
    const report = fencedReport(result);
    // Everything gone; the repository alone pending: it is archived right after this comment.
    const statuses = checkRows(report).map((l) =>
        l
            .trim()
            .split(/\s{2,}/)
            .slice(0, 2)
            .join(": "),
    );
    expect(statuses).toEqual([
        "gone: resource group",
        "gone: ML workspace (active or soft-deleted)",
        "gone: soft-deleted key vault",
        "gone: Entra application",
        "gone: service principal",
        "gone: role assignments of the team principal",
        "pending: GitHub repository",
    ]);
    expect(report).toContain(
        "1 team verified: 0 clean, 1 pending, 0 with leftovers, 0 not verified",
    );
    expect(r.stdout + r.stderr + start + result).not.toContain("test-token-not-real");
    expect(r.stdout + r.stderr + start + result).not.toContain("az-standin-token");
    expect(r.stdout).toContain("archive repository: done");

    // verify-teardown, run now against the same services, prints the same rows; only the
    // repository row differs (held for the request while it was answered, archived now).
    const verify = childRun(
        "verify",
        `npm run -s event -- verify-teardown ${sb.roster} --team aurora`,
        [
            {
                ...githubApply().find((i) => i.method === "PATCH" && i.path === names.repo)!,
                method: "GET",
            },
            ...azureApply().filter((i) => i.times === undefined),
        ],
    );
    expect({ code: verify.code, unmatched: verify.asked.filter((a) => a.noMatch) }).toEqual({
        code: 0,
        unmatched: [],
    });
    const rows = (text: string) => checkRows(text).filter((l) => !l.includes("GitHub repository"));
    expect(rows(verify.stdout)).toHaveLength(6);
    expect(rows(report)).toEqual(rows(verify.stdout));
    expect(checkRows(verify.stdout).find((l) => l.includes("GitHub repository"))).toMatch(
        /^\s+gone\s+GitHub repository\s+contoso-hack\/\S+-aurora\s+archived \(kept on purpose\)$/,
    );

    // The next run: the request is closed, GitHub lists no open request; nothing is done.
    const again = childRun(
        "again",
        `npm run -s event -- requests ${sb.roster} --apply`,
        issueLists([]),
    );
    expect({
        code: again.code,
        unmatched: again.asked.filter((a) => a.noMatch),
        pending: again.pending,
        writes: again.asked.filter((a) => a.method !== "GET"),
        az: again.az,
    }).toEqual({ code: 0, unmatched: [], pending: [], writes: [], az: [] });
    expect(again.stdout).toContain("No open requests.");
    expect(sb.invocations().filter((i) => i.args[0] === "destroy")).toHaveLength(1);
    process.stdout.write(
        `requests --apply ${r.seconds}s, verify-teardown ${verify.seconds}s, second run ${again.seconds}s\n`,
    );
});
