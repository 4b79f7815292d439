import { evaluate } from "../../policy/evaluate";
import {
    RG_ID,
    RG_NAME,
    SUB,
    TYPES,
    compliantStack,
    stackWith,
    stackWithout,
    violation,
} from "./helpers";

test("the compliant team stack breaks no policy", () => {
    expect(evaluate(compliantStack())).toEqual([]);
});

describe("team-resource-group", () => {
    const group = (message: string) =>
        violation("team-resource-group", TYPES.rg, "alpha-rg", message);
    test("compliant: extra tags are fine", () => {
        expect(evaluate(stackWith("alpha-rg", "tags.owner", "organizers"))).toEqual([]);
    });
    test("violated by a malformed endsOn tag (and the secret expiry can then not be checked)", () => {
        expect(evaluate(stackWith("alpha-rg", "tags.endsOn", "5 Dec 2026"))).toEqual([
            violation(
                "client-secret-expiry",
                TYPES.password,
                "alpha-identity-secret",
                "cannot check endDate: no endsOn in the context (tag endsOn on the team's resource group)",
            ),
            group('tags.endsOn must be the event\'s last day as YYYY-MM-DD (is "5 Dec 2026")'),
        ]);
    });
    test("violated by a name that does not follow its tags", () => {
        expect(evaluate(stackWith("alpha-rg", "resourceGroupName", "rg-alpha"))).toEqual([
            group(
                'resourceGroupName must be "rg-oh2026-alpha", from its event and team tags (is "rg-alpha")',
            ),
        ]);
    });
    test("violated by tags that differ from an explicit context", () => {
        expect(
            evaluate(compliantStack(), { event: "oh2026", team: "alpha", endsOn: "2026-12-06" }),
        ).toEqual([group('tags.endsOn must be "2026-12-06" (is "2026-12-05")')]);
    });
    test("violated by a missing team tag, which the context then takes from the name", () => {
        expect(evaluate(stackWith("alpha-rg", "tags.team", undefined))).toEqual([
            violation(
                "resource-tags",
                TYPES.rg,
                "alpha-rg",
                'tags.team must be "alpha" (is not set)',
            ),
            group('tags.team must be "alpha" (is not set)'),
        ]);
    });
});

describe("budget-per-resource-group", () => {
    const missing = violation(
        "budget-per-resource-group",
        TYPES.rg,
        "alpha-rg",
        `resource group "${RG_NAME}" has no azure-native:consumption:Budget scoped to it`,
    );
    test("compliant: matched by ARM id when the group's id is unknown", () => {
        const resources = compliantStack().map((r) =>
            r.type === TYPES.rg ? { ...r, id: undefined } : r,
        );
        expect(evaluate(resources)).toEqual([]);
    });
    test("violated when there is no budget", () =>
        expect(evaluate(stackWithout("alpha-budget"))).toEqual([missing]));
    test.each([
        ["the subscription", `/subscriptions/${SUB}`],
        ["another group", `/subscriptions/${SUB}/resourceGroups/rg-oh2026-beta`],
        ["a resource inside the group", `${RG_ID}/providers/Microsoft.Storage/storageAccounts/x`],
    ])("violated by a budget scoped to %s", (_, scope) => {
        expect(evaluate(stackWith("alpha-budget", "scope", scope))).toEqual([missing]);
    });
});
