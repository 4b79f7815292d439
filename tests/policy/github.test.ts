import { evaluate } from "../../policy/evaluate";
import { TYPES, compliantStack, stackWith, stackWithout, urnOf, violation } from "./helpers";

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
    const alerts = (message: string) =>
        violation(
            "github-vulnerability-alerts",
            TYPES.vulnerabilityAlerts,
            "alpha-vulnerability-alerts",
            message,
        );
    const withoutAlertsResource = (repositoryProps: Record<string, unknown>) =>
        stackWithout("alpha-vulnerability-alerts").map((r) =>
            r.name === "alpha-repository" ? { ...r, props: { ...r.props, ...repositoryProps } } : r,
        );

    test("compliant: a RepositoryVulnerabilityAlerts for the repository, enabled or left at its default", () => {
        expect(evaluate(compliantStack())).toEqual([]);
        expect(evaluate(stackWith("alpha-vulnerability-alerts", "enabled", undefined))).toEqual([]);
    });
    test("compliant: linked by property dependency when the name is not known yet", () => {
        const resources = stackWith("alpha-vulnerability-alerts", "repository", undefined).map(
            (r) =>
                r.name === "alpha-vulnerability-alerts"
                    ? {
                          ...r,
                          propertyDependencies: {
                              repository: [urnOf(TYPES.repository, "alpha-repository")],
                          },
                      }
                    : r,
        );
        expect(evaluate(resources)).toEqual([]);
    });
    test("compliant: the deprecated vulnerabilityAlerts: true on the repository", () => {
        expect(evaluate(withoutAlertsResource({ vulnerabilityAlerts: true }))).toEqual([]);
    });
    test("violated when the repository has no alerts resource (or one for another repository)", () => {
        const message = `repository "oh2026-alpha" has no ${TYPES.vulnerabilityAlerts} enabled for it, so Dependabot alerts are off`;
        expect(evaluate(withoutAlertsResource({}))).toEqual([
            repository("github-vulnerability-alerts", message),
        ]);
        expect(
            evaluate(stackWith("alpha-vulnerability-alerts", "repository", "someone-else")),
        ).toEqual([repository("github-vulnerability-alerts", message)]);
    });
    test("violated when the alerts resource is disabled", () => {
        expect(evaluate(stackWith("alpha-vulnerability-alerts", "enabled", false))).toEqual([
            alerts(
                'enabled must not be false: Dependabot alerts of repository "oh2026-alpha" would be off',
            ),
        ]);
    });
    test("violated by the deprecated flag false without an alerts resource", () => {
        expect(evaluate(withoutAlertsResource({ vulnerabilityAlerts: false }))).toEqual([
            repository(
                "github-vulnerability-alerts",
                `repository "oh2026-alpha" has no ${TYPES.vulnerabilityAlerts} enabled for it, so Dependabot alerts are off`,
            ),
        ]);
    });
    test("compliant: the repository's recorded flag is false (its output at creation) beside an enabled alerts resource", () => {
        expect(evaluate(stackWith("alpha-repository", "vulnerabilityAlerts", false))).toEqual([]);
    });
});
