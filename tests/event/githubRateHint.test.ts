import { githubWaitMs } from "../../event/githubRateHint";

const NOW = Date.UTC(2026, 11, 14, 9, 0, 0);

describe("GitHub's own wait, read from the engine's output", () => {
    test("go-github's rate-limit error: [rate reset in 12m05s]", () => {
        // The shape of go-github's RateLimitError.Error(): method, URL, status, message, formatRateReset.
        const text =
            "    error: POST https://api.github.com/orgs/contoso-hack/repos: 403 API rate limit exceeded for user ID 1. [rate reset in 12m05s]";
        expect(githubWaitMs(text, NOW)).toBe(725_000);
    });

    test("seconds only: [rate reset in 7s]", () => {
        expect(githubWaitMs("403 ... [rate reset in 7s]", NOW)).toBe(7_000);
    });

    test("a Retry-After header in a provider debug log", () => {
        expect(githubWaitMs("< HTTP/1.1 403 Forbidden\n< Retry-After: 60\n", NOW)).toBe(60_000);
    });

    test("X-RateLimit-Remaining: 0 with X-RateLimit-Reset: the wait until the reset", () => {
        const reset = Math.floor(NOW / 1000) + 300;
        const text = `X-Ratelimit-Remaining: 0\nX-Ratelimit-Reset: ${reset}\n`;
        expect(githubWaitMs(text, NOW)).toBe(300_000);
    });

    test("a reset time without the remaining count at 0 is not a wait", () => {
        const reset = Math.floor(NOW / 1000) + 300;
        expect(
            githubWaitMs(`X-Ratelimit-Remaining: 12\nX-Ratelimit-Reset: ${reset}\n`, NOW),
        ).toBeUndefined();
    });

    test("the longest of several answers wins", () => {
        expect(githubWaitMs("Retry-After: 30 ... [rate reset in 1m00s]", NOW)).toBe(60_000);
    });

    test("ordinary output is no answer", () => {
        expect(
            githubWaitMs("+ github:index/repository:Repository created (2s)", NOW),
        ).toBeUndefined();
    });
});
