/**
 * The GitHub client's pacing through nock in front of the real Octokit: a 429 is retried after the
 * delay GitHub names (retry-after), not the retry plugin's own 1 s / 4 s. Body: GitHub's published
 * secondary-rate-limit answer (tests/fixtures/preflight/github-secondary-rate-limit.json names its source).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import nock from "nock";
import { githubClient, waitOf429 } from "../../event/cloud/clients";
import { fixture } from "../preflight/helpers";
import { useNock } from "../helpers/nock";

useNock();

const API = "https://api.github.com";
const USER = { login: "octocat", id: 1, type: "User" };

test("a 429 with retry-after is retried after GitHub's delay, and the wait is said", async () => {
    const limited = fixture("github-secondary-rate-limit");
    nock(API)
        .get("/users/octocat")
        .reply(429, limited.body as nock.Body, { "retry-after": "2" })
        .get("/users/octocat")
        .reply(200, USER);
    const notices: string[] = [];
    const client = githubClient({ token: "fake", onNotice: (t) => notices.push(t) });
    const started = Date.now();
    const { data } = await client.rest.users.getByUsername({ username: "octocat" });
    expect(data.login).toBe("octocat");
    // The retry plugin alone would have retried after 1 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(notices).toEqual([
        "GitHub 429 on GET /users/{username}: waiting 2s as GitHub asks (retry 1 of 2)",
    ]);
});

test("a 429 that persists fails after the allowed retries, with GitHub's status", async () => {
    const limited = fixture("github-secondary-rate-limit");
    nock(API)
        .get("/users/octocat")
        .times(2)
        .reply(429, limited.body as nock.Body, { "retry-after": "0" });
    const client = githubClient({ token: "fake", rateLimitRetries: 1 });
    await expect(client.rest.users.getByUsername({ username: "octocat" })).rejects.toMatchObject({
        status: 429,
    });
    expect(nock.isDone()).toBe(true);
});

test("the delay: retry-after first, then the rate-limit reset, else GitHub's one minute", () => {
    expect(waitOf429({ "retry-after": "30" }, 0)).toBe(30);
    expect(waitOf429({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "100" }, 90_000)).toBe(
        11,
    );
    expect(waitOf429({}, 0)).toBe(60);
});

test("writes go out at least 1 s apart: the throttling plugin's spacing, which tests/helpers/unspacedGithubWrites.cjs switches off elsewhere", async () => {
    const repository = (
        JSON.parse(
            readFileSync(
                path.join(__dirname, "..", "fixtures", "github", "repository.json"),
                "utf8",
            ),
        ) as { value: Record<string, unknown> }
    ).value;
    const arrivals: number[] = [];
    nock(API)
        .patch("/repos/octocat/hello-world")
        .times(2)
        .reply(200, () => {
            arrivals.push(Date.now());
            return repository;
        });
    const client = githubClient({ token: "fake" });
    for (const description of ["first", "second"])
        await client.rest.repos.update({ owner: "octocat", repo: "hello-world", description });
    expect(arrivals).toHaveLength(2);
    // The plugin's `octokit-write` group starts writes 1000 ms apart (Bottleneck's minTime). That is
    // measured from the start of the first write, and the first request's own set-up (the first
    // fetch of the process) is part of it, so the answers come a little closer: ~850-1000 ms here.
    // Unspaced, the second write arrives within tens of ms of the first.
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(700);
});
