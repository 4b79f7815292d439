import { backoffDelay, classifyTransient, diagnosticText, withRetry } from "../../event/retry";
import { FakeClock } from "./fakes";

describe("classifyTransient", () => {
    test.each([
        [
            'error: Status=429 Code="TooManyRequests" Message="Number of requests exceeded the limit"',
            "throttled (429 TooManyRequests)",
        ],
        ["unexpected status 429 (429 Too Many Requests)", "throttled (429 TooManyRequests)"],
        ["Requests are being throttled, retry later", "throttled (429 TooManyRequests)"],
        [
            'Code="AnotherOperationInProgress" Message="Another operation on this or dependent resource is in progress."',
            "AnotherOperationInProgress",
        ],
        [
            'Code="PrincipalNotFound" Message="Principal 5f2c... does not exist in the directory"',
            "PrincipalNotFound (new principal still replicating)",
        ],
        [
            "POST https://api.github.com/repos/contoso-hack/x/collaborators: 403 You have exceeded a secondary rate limit.",
            "GitHub secondary rate limit",
        ],
    ])("%s is transient", (text, reason) => {
        expect(classifyTransient(`code: 255\n stdout: ${text}\n`)?.reason).toBe(reason);
    });

    test.each([
        'Code="AuthorizationFailed" Message="The client does not have authorization to perform action"',
        'Code="InvalidTemplateDeployment"',
        "error: the stack is currently locked by 1 lock(s)",
        "POST https://api.github.com/user/repos: 422 name already exists on this account",
        "Storage account name oh4mlexaurora4290x is already taken",
        "error: no stack named 'oh4mlex-aurora' found",
    ])("%s is not transient", (text) => {
        expect(classifyTransient(text)).toBeUndefined();
    });
});

describe("backoffDelay", () => {
    const throttled = { reason: "throttled", minDelayMs: 0 };

    test("doubles per retry from the base and is capped", () => {
        const full = (retry: number): number =>
            backoffDelay(retry, throttled, {
                baseDelayMs: 1_000,
                maxDelayMs: 5_000,
                random: () => 1,
            });
        expect([1, 2, 3, 4, 5].map(full)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    });

    test("jitter scales into [50%, 100%]", () => {
        expect(backoffDelay(1, throttled, { baseDelayMs: 1_000, random: () => 0 })).toBe(500);
        expect(backoffDelay(3, throttled, { baseDelayMs: 1_000, random: () => 0.5 })).toBe(3_000);
    });

    test("GitHub's secondary rate limit waits at least a minute", () => {
        const github = classifyTransient("secondary rate limit");
        expect(github).toBeDefined();
        if (github)
            expect(backoffDelay(1, github, { baseDelayMs: 1_000, random: () => 0 })).toBe(60_000);
    });
});

describe("withRetry", () => {
    const transient = (): Error => new Error('error: Code="TooManyRequests"');

    test("retries a transient failure at most `retries` times, with growing waits", async () => {
        const clock = new FakeClock();
        const attempts: number[] = [];
        const delays: number[] = [];
        const outcome = await clock.run(
            withRetry(
                async (n) => {
                    attempts.push(clock.now());
                    throw Object.assign(transient(), { n });
                },
                {
                    retries: 3,
                    clock,
                    random: () => 1,
                    baseDelayMs: 1_000,
                    onRetry: (r) => delays.push(r.delayMs),
                },
            ),
        );
        expect(outcome.ok).toBe(false);
        expect(outcome.attempts).toBe(4);
        expect(delays).toEqual([1_000, 2_000, 4_000]);
        expect(attempts).toEqual([0, 1_000, 3_000, 7_000]);
    });

    test("does not retry a permanent failure", async () => {
        const clock = new FakeClock();
        let calls = 0;
        const outcome = await clock.run(
            withRetry(
                async () => {
                    calls++;
                    throw new Error('Code="AuthorizationFailed"');
                },
                { retries: 3, clock },
            ),
        );
        expect(calls).toBe(1);
        expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    });

    test("returns the value once an attempt succeeds", async () => {
        const clock = new FakeClock();
        const outcome = await clock.run(
            withRetry(
                async (n) => {
                    if (n < 3) throw transient();
                    return `done on ${n}`;
                },
                { retries: 3, clock, random: () => 1, baseDelayMs: 10 },
            ),
        );
        expect(outcome).toEqual({ ok: true, value: "done on 3", attempts: 3 });
    });

    test("retries 0 means one attempt", async () => {
        const clock = new FakeClock();
        let calls = 0;
        await clock.run(
            withRetry(
                async () => {
                    calls++;
                    throw transient();
                },
                { retries: 0, clock },
            ),
        );
        expect(calls).toBe(1);
    });

    test("a stop signal ends the wait and starts no new attempt", async () => {
        const clock = new FakeClock();
        const stop = new AbortController();
        let calls = 0;
        clock.at(500, () => stop.abort());
        const outcome = await clock.run(
            withRetry(
                async () => {
                    calls++;
                    throw transient();
                },
                { retries: 3, clock, random: () => 1, baseDelayMs: 60_000, stop: stop.signal },
            ),
        );
        expect(calls).toBe(1);
        expect(outcome.ok).toBe(false);
        expect(clock.now()).toBe(500);
    });
});

describe("only the engine's diagnostics decide a retry", () => {
    const cliOutput = [
        "Updating (oh4mlex-a-429):",
        " +  azure-native:resources:ResourceGroup a-429-rg creating (0s)",
        "warning: retrying after a throttled request (429 TooManyRequests)",
        '    error: Code="QuotaExceeded" Message="Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota."',
    ].join("\n");

    test("a quota failure is not retried, though the output mentions throttling and a team named a-429", () => {
        expect(classifyTransient(diagnosticText(cliOutput))).toBeUndefined();
    });

    test("a throttled step is retried", () => {
        expect(
            classifyTransient(
                diagnosticText(
                    `${cliOutput.split("\n").slice(0, 2).join("\n")}\n    error: Status=429 Code="TooManyRequests"`,
                ),
            )?.reason,
        ).toBe("throttled (429 TooManyRequests)");
    });

    test("a resource name containing 429 is not a status", () => {
        expect(
            classifyTransient('error: creating a-429-rg: Code="AuthorizationFailed"'),
        ).toBeUndefined();
    });
});
