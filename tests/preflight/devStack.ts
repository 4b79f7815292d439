/**
 * The dev stack's preflight as tests (and README.md's sample) run it: the real plan of
 * Pulumi.dev.yaml, the real SDK clients with a fake credential and token, nock answering with
 * the published example bodies. A tenant without bob and a subscription short of regional quota.
 */
import * as path from "node:path";
import nock from "nock";
import { githubClient, graphClient } from "../../event/cloud/clients";
import { preflightMain } from "../../event/commands/preflight";
import type { PreflightIo } from "../../event/preflight/cli";
import { ARM, body, fixture, FakeCredential, GITHUB, GRAPH, SUB, VirtualClock } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");

export const DEV_NAMESPACES = [
    "Microsoft.Authorization",
    "Microsoft.Consumption",
    "Microsoft.ContainerRegistry",
    "Microsoft.Insights",
    "Microsoft.KeyVault",
    "Microsoft.MachineLearningServices",
    "Microsoft.OperationalInsights",
    "Microsoft.Resources",
    "Microsoft.Storage",
    "Microsoft.EventGrid",
    "Microsoft.Logic",
    "Microsoft.Web",
];

/** The answers of a ready subscription and tenant, and a roster member (bob) the tenant lacks. */
export function answerDevStack(): void {
    nock(ARM)
        .persist()
        .get(`/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`)
        .query(true)
        .reply(200, body("permissions-owner"))
        .get(
            `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/japaneast/usages`,
        )
        .query(true)
        .reply(200, body("ml-usages"))
        .get(
            `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/japaneast/vmSizes`,
        )
        .query(true)
        .reply(200, body("ml-vm-sizes"));
    // Exactly these namespaces, spelled as ARM spells them: the program's (from the plan) and challenge 6's.
    for (const namespace of DEV_NAMESPACES)
        nock(ARM)
            .get(`/subscriptions/${SUB}/providers/${namespace}`)
            .query(true)
            .reply(
                200,
                body<Record<string, unknown>>("provider-registering", (b) => {
                    b.id = `/subscriptions/${SUB}/providers/${namespace}`;
                    b.namespace = namespace;
                    b.registrationState = "Registered";
                }),
            );
    const user = (upn: string, id: string) =>
        body<Record<string, unknown>>("graph-user", (u) => {
            u.userPrincipalName = upn;
            u.id = id;
            u.userType = "Member";
        });
    nock(GRAPH)
        .get("/v1.0/me")
        .query(true)
        .reply(200, body("graph-user"))
        .get("/v1.0/policies/authorizationPolicy")
        .reply(200, body("graph-authorization-policy"))
        .get("/v1.0/me/ownedObjects/$count")
        .reply(200, "12", { "Content-Type": "text/plain" })
        .post("/v1.0/directory/deletedItems/getUserOwnedObjects")
        .reply(200, body("graph-deleted-owned-applications"))
        .get("/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal")
        .query(true)
        .reply(200, body("graph-deleted-service-principals"))
        .get("/v1.0/users/alice%40contoso.onmicrosoft.com")
        .query(true)
        .reply(200, user("alice@contoso.onmicrosoft.com", "87d349ed-44d7-43e1-9a83-5f2406dee5bd"))
        .get("/v1.0/users/bob%40contoso.onmicrosoft.com")
        .query(true)
        .reply(404, body("graph-error-404"))
        .get("/v1.0/users/4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a")
        .query(true)
        .reply(
            200,
            user("monalisa@contoso.onmicrosoft.com", "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a"),
        );
    const authenticated = fixture("github-authenticated-user");
    const githubUser = (login: string) =>
        body<Record<string, unknown>>("github-user", (u) => {
            u.login = login;
        });
    nock(GITHUB)
        .get("/user")
        // The example's scopes plus admin:org, which an organization owner's token carries for the
        // Actions policy and billing checks (event/preflight/github.ts missingOwnerScopes).
        .reply(200, authenticated.body, { "X-OAuth-Scopes": "repo, user, admin:org" })
        .get("/orgs/contoso-hack")
        .reply(
            200,
            body<{ login: string; plan: { name: string } }>("github-org", (o) => {
                o.login = "contoso-hack";
                o.plan.name = "free";
            }),
        )
        .get("/users/octocat")
        .reply(200, githubUser("octocat"))
        .get("/users/hubot")
        .reply(200, githubUser("hubot"))
        .get("/users/monalisa")
        .reply(200, githubUser("monalisa"))
        .get("/repos/contoso-hack/oh4mldev-team01")
        .reply(404, body("github-not-found"))
        // Selected actions as in GitHub's example (GitHub-owned ones and two patterns), no SHA pinning.
        .get("/orgs/contoso-hack/actions/permissions")
        .reply(
            200,
            body<Record<string, unknown>>("github-actions-permissions", (p) => {
                p.sha_pinning_required = false;
            }),
        )
        .get("/orgs/contoso-hack/actions/permissions/selected-actions")
        .reply(200, body("github-selected-actions"));
    // No billing usage call: the dev event (2030-06) is not in the test's month (2026-11), whose
    // usage says nothing about it (event/preflight/actions.ts minutesCheck).
}

/** Runs the command as the docs show it; returns exit code and output. */
export const runDevPreflight = (
    ...extra: string[]
): Promise<{ code: number; out: string; err: string }> => runDevPreflightIn(false, ...extra);

/** `withinUp`: as `up` runs it before starting any team. */
export async function runDevPreflightIn(
    withinUp: boolean,
    ...extra: string[]
): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const credential = new FakeCredential();
    const io: PreflightIo = {
        out: (t) => (out += t),
        err: (t) => (err += t),
        env: { ARM_SUBSCRIPTION_ID: SUB },
        cwd: ROOT,
        clock: new VirtualClock(),
        now: () => new Date("2026-11-27T00:00:00Z"),
        deadline: () => new AbortController().signal,
        planRun: { mode: "inline" },
        services: () =>
            Promise.resolve({
                azure: { client: credential },
                graph: { client: graphClient(credential) },
                github: { client: githubClient({ token: "fake-github-token" }) },
            }),
    };
    const code = await preflightMain(["Pulumi.dev.yaml", ...extra], io, withinUp);
    return { code, out, err };
}
