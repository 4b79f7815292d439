import { evaluate } from "../../policy/evaluate";
import { OWNER, RG_ID, SUB, TYPES, stackWith, stackWithout, urnOf, violation } from "./helpers";

const ROLE = "alpha-access-alice-contributor";
const role = (policy: string, message: string) => violation(policy, TYPES.role, ROLE, message);
const UAA = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`;

describe("role-assignment-safe", () => {
    test.each(["Group", "ServicePrincipal"])("compliant: principalType %s", (type) =>
        expect(evaluate(stackWith(ROLE, "principalType", type))).toEqual([]),
    );
    test("compliant: a resource inside the group, ids in another case", () => {
        const scope = `/subscriptions/${SUB}/resourcegroups/RG-OH2026-ALPHA/providers/Microsoft.MachineLearningServices/workspaces/oh2026-alpha-abc123`;
        expect(evaluate(stackWith(ROLE, "scope", scope))).toEqual([]);
    });
    test.each([
        [
            "principalType",
            undefined,
            "principalType must be one of User, Group, ServicePrincipal, ForeignGroup, Device (is not set)",
        ],
        [
            "principalType",
            "user",
            'principalType must be one of User, Group, ServicePrincipal, ForeignGroup, Device (is "user")',
        ],
        [
            "roleDefinitionId",
            OWNER,
            `roleDefinitionId must not be Owner, which can grant any role (is "${OWNER}")`,
        ],
        [
            "roleDefinitionId",
            UAA,
            `roleDefinitionId must not be User Access Administrator, which can grant any role (is "${UAA}")`,
        ],
    ])("violated by %s = %p", (path, value, message) => {
        expect(evaluate(stackWith(ROLE, path, value))).toEqual([
            role("role-assignment-safe", message),
        ]);
    });
    test("violated by a subscription scope (also outside the team's group)", () => {
        expect(evaluate(stackWith(ROLE, "scope", `/subscriptions/${SUB}`))).toEqual([
            role(
                "role-assignment-safe",
                `scope must be a resource group or a resource inside one (is "/subscriptions/${SUB}")`,
            ),
            role(
                "role-assignment-team-scope",
                `scope must be inside the team's resource group rg-oh2026-alpha (is "/subscriptions/${SUB}")`,
            ),
        ]);
    });
});

describe("role-assignment-team-scope", () => {
    test("compliant: the team's group", () =>
        expect(evaluate(stackWith(ROLE, "scope", RG_ID))).toEqual([]));
    test("violated by another team's group", () => {
        const scope = `/subscriptions/${SUB}/resourceGroups/rg-oh2026-beta`;
        expect(evaluate(stackWith(ROLE, "scope", scope))).toEqual([
            role(
                "role-assignment-team-scope",
                `scope must be inside the team's resource group rg-oh2026-alpha (is "${scope}")`,
            ),
        ]);
    });
    test("violated by a group whose name only starts like the team's", () => {
        const scope = `/subscriptions/${SUB}/resourceGroups/rg-oh2026-alpha2`;
        expect(evaluate(stackWith(ROLE, "scope", scope))).toEqual([
            role(
                "role-assignment-team-scope",
                `scope must be inside the team's resource group rg-oh2026-alpha (is "${scope}")`,
            ),
        ]);
    });
    test("fails closed without the team's context", () => {
        expect(evaluate(stackWithout("alpha-rg"))).toEqual([
            role(
                "role-assignment-team-scope",
                "cannot tell the team's resource group: no event and team in the context (tags event and team on the resource group)",
            ),
            violation(
                "client-secret-expiry",
                TYPES.password,
                "alpha-identity-secret",
                "cannot check endDate: no endsOn in the context (tag endsOn on the team's resource group)",
            ),
            {
                policy: "team-resource-group",
                urn: "",
                message:
                    "the stack has no azure-native:resources:ResourceGroup: a team stack creates rg-<event>-<team>, tagged with event, team and endsOn",
            },
        ]);
    });
    test("takes the team from an explicit context over the resource group", () => {
        const violations = evaluate(stackWith(ROLE, "scope", RG_ID), {
            event: "oh2026",
            team: "beta",
        }).filter((v) => v.urn === urnOf(TYPES.role, ROLE));
        expect(violations).toEqual([
            role(
                "role-assignment-team-scope",
                `scope must be inside the team's resource group rg-oh2026-beta (is "${RG_ID}")`,
            ),
        ]);
    });
});
