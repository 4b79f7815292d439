import { evaluate } from "../../policy/evaluate";
import { TYPES, stackWith, violation } from "./helpers";

const registry = (policy: string, message: string) =>
    violation(policy, TYPES.registry, "alpha-registry", message);

describe("registry-admin-user-disabled", () => {
    test.each([false, undefined])("compliant: adminUserEnabled %p", (value) => {
        expect(evaluate(stackWith("alpha-registry", "adminUserEnabled", value))).toEqual([]);
    });
    test("violated by true", () => {
        expect(evaluate(stackWith("alpha-registry", "adminUserEnabled", true))).toEqual([
            registry("registry-admin-user-disabled", "adminUserEnabled must be false (is true)"),
        ]);
    });
});

describe("registry-anonymous-pull-disabled", () => {
    test.each([false, undefined])("compliant: anonymousPullEnabled %p", (value) => {
        expect(evaluate(stackWith("alpha-registry", "anonymousPullEnabled", value))).toEqual([]);
    });
    test("violated by true", () => {
        expect(evaluate(stackWith("alpha-registry", "anonymousPullEnabled", true))).toEqual([
            registry(
                "registry-anonymous-pull-disabled",
                "anonymousPullEnabled must be false (is true)",
            ),
        ]);
    });
});
