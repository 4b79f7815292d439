import { evaluate } from "../../policy/evaluate";
import { TYPES, stackWith, violation } from "./helpers";

const repository = (policy: string, message: string) =>
    violation(policy, TYPES.repository, "alpha-repository", message);

describe("github-repository-private", () => {
    test("compliant: private, deprecated private flag", () => {
        const resources = stackWith("alpha-repository", "visibility", undefined).map((r) =>
            r.name === "alpha-repository" ? { ...r, props: { ...r.props, private: true } } : r,
        );
        expect(evaluate(resources)).toEqual([]);
    });
    test.each(["public", "private"])(
        "compliant: %s when the event config says public",
        (visibility) => {
            expect(
                evaluate(stackWith("alpha-repository", "visibility", visibility), {
                    githubVisibility: "public",
                }),
            ).toEqual([]);
        },
    );
    test.each([
        ["public", 'visibility must be "private" (is "public")'],
        ["internal", 'visibility must be "private" (is "internal")'],
        [
            undefined,
            'visibility must be "private" (is not set, so GitHub creates the repository public)',
        ],
    ])("violated by %p", (visibility, message) => {
        expect(evaluate(stackWith("alpha-repository", "visibility", visibility))).toEqual([
            repository("github-repository-private", message),
        ]);
    });
    test("violated by the deprecated private flag set to false", () => {
        const resources = stackWith("alpha-repository", "visibility", undefined).map((r) =>
            r.name === "alpha-repository" ? { ...r, props: { ...r.props, private: false } } : r,
        );
        expect(evaluate(resources)).toEqual([
            repository(
                "github-repository-private",
                'visibility must be "private" (is not set, and private is false)',
            ),
        ]);
    });
    test("violated by internal when the event config says public", () => {
        expect(
            evaluate(stackWith("alpha-repository", "visibility", "internal"), {
                githubVisibility: "public",
            }),
        ).toEqual([
            repository(
                "github-repository-private",
                'visibility must be "private" or "public" (is "internal")',
            ),
        ]);
    });
});

describe("github-vulnerability-alerts", () => {
    test("compliant: true", () =>
        expect(evaluate(stackWith("alpha-repository", "vulnerabilityAlerts", true))).toEqual([]));
    test.each([
        [false, "vulnerabilityAlerts must be true (is false)"],
        [undefined, "vulnerabilityAlerts must be true (is not set)"],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-repository", "vulnerabilityAlerts", value))).toEqual([
            repository("github-vulnerability-alerts", message),
        ]);
    });
});
