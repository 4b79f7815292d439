import { evaluate } from "../../policy/evaluate";
import { TYPES, stackWith, violation } from "./helpers";

const vault = (policy: string, message: string) =>
    violation(policy, TYPES.vault, "alpha-vault", message);

describe("keyvault-rbac-authorization", () => {
    test("compliant: enableRbacAuthorization true", () =>
        expect(
            evaluate(stackWith("alpha-vault", "properties.enableRbacAuthorization", true)),
        ).toEqual([]));
    test.each([
        [false, "properties.enableRbacAuthorization must be true (is false)"],
        [undefined, "properties.enableRbacAuthorization must be true (is not set)"],
    ])("violated by %p", (value, message) => {
        expect(
            evaluate(stackWith("alpha-vault", "properties.enableRbacAuthorization", value)),
        ).toEqual([vault("keyvault-rbac-authorization", message)]);
    });
});

describe("keyvault-soft-delete", () => {
    test("compliant: enableSoftDelete true", () =>
        expect(evaluate(stackWith("alpha-vault", "properties.enableSoftDelete", true))).toEqual(
            [],
        ));
    test.each([
        [false, "properties.enableSoftDelete must be true (is false)"],
        [undefined, "properties.enableSoftDelete must be true (is not set)"],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-vault", "properties.enableSoftDelete", value))).toEqual([
            vault("keyvault-soft-delete", message),
        ]);
    });
});

describe("keyvault-no-purge-protection", () => {
    test.each([false, undefined])("compliant: enablePurgeProtection %p", (value) => {
        expect(
            evaluate(stackWith("alpha-vault", "properties.enablePurgeProtection", value)),
        ).toEqual([]);
    });
    test("violated by true", () => {
        expect(
            evaluate(stackWith("alpha-vault", "properties.enablePurgeProtection", true)),
        ).toEqual([
            vault(
                "keyvault-no-purge-protection",
                "properties.enablePurgeProtection must be false or not set (is true): it cannot be undone and blocks purging the vault at teardown",
            ),
        ]);
    });
});
