import { evaluate } from "../../policy/evaluate";
import {
    STORAGE_NAME,
    TYPES,
    compliantStack,
    stackWith,
    stackWithout,
    urnOf,
    violation,
} from "./helpers";

const account = (policy: string, message: string) =>
    violation(policy, TYPES.storage, "alpha-storage", message);

describe("storage-https-only", () => {
    test("compliant: enableHttpsTrafficOnly true", () =>
        expect(evaluate(stackWith("alpha-storage", "enableHttpsTrafficOnly", true))).toEqual([]));
    test.each([
        [false, "enableHttpsTrafficOnly must be true (is false)"],
        [undefined, "enableHttpsTrafficOnly must be true (is not set)"],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-storage", "enableHttpsTrafficOnly", value))).toEqual([
            account("storage-https-only", message),
        ]);
    });
});

describe("storage-min-tls-1-2", () => {
    test("compliant: TLS1_3", () =>
        expect(evaluate(stackWith("alpha-storage", "minimumTlsVersion", "TLS1_3"))).toEqual([]));
    test.each([
        ["TLS1_0", 'minimumTlsVersion must be "TLS1_2" or "TLS1_3" (is "TLS1_0")'],
        ["TLS1_1", 'minimumTlsVersion must be "TLS1_2" or "TLS1_3" (is "TLS1_1")'],
        [undefined, 'minimumTlsVersion must be "TLS1_2" or "TLS1_3" (is not set)'],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-storage", "minimumTlsVersion", value))).toEqual([
            account("storage-min-tls-1-2", message),
        ]);
    });
});

describe("storage-no-anonymous-blob-access", () => {
    test("compliant: allowBlobPublicAccess false", () =>
        expect(evaluate(stackWith("alpha-storage", "allowBlobPublicAccess", false))).toEqual([]));
    test.each([
        [true, "allowBlobPublicAccess must be false (is true)"],
        [undefined, "allowBlobPublicAccess must be false (is not set)"],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-storage", "allowBlobPublicAccess", value))).toEqual([
            account("storage-no-anonymous-blob-access", message),
        ]);
    });
});

describe("storage-container-private", () => {
    test("compliant: publicAccess not set", () =>
        expect(evaluate(stackWith("alpha-container", "publicAccess", undefined))).toEqual([]));
    test.each(["Blob", "Container"])("violated by %p", (value) => {
        expect(evaluate(stackWith("alpha-container", "publicAccess", value))).toEqual([
            violation(
                "storage-container-private",
                TYPES.container,
                "alpha-container",
                `publicAccess must be "None" or not set (is "${value}")`,
            ),
        ]);
    });
});

describe("storage-blob-soft-delete", () => {
    const service = (message: string) =>
        violation("storage-blob-soft-delete", TYPES.blobService, "alpha-blob-service", message);
    test("compliant: 365 days", () =>
        expect(
            evaluate(stackWith("alpha-blob-service", "deleteRetentionPolicy.days", 365)),
        ).toEqual([]));
    test.each([
        [
            "deleteRetentionPolicy.enabled",
            false,
            "deleteRetentionPolicy.enabled must be true (is false)",
        ],
        [
            "deleteRetentionPolicy",
            undefined,
            "deleteRetentionPolicy.enabled must be true (is not set)",
        ],
        [
            "deleteRetentionPolicy.days",
            0,
            "deleteRetentionPolicy.days must be a whole number from 1 to 365 (is 0)",
        ],
        [
            "deleteRetentionPolicy.days",
            366,
            "deleteRetentionPolicy.days must be a whole number from 1 to 365 (is 366)",
        ],
        [
            "deleteRetentionPolicy.days",
            undefined,
            "deleteRetentionPolicy.days must be a whole number from 1 to 365 (is not set)",
        ],
    ])("violated by %s = %p", (path, value, message) => {
        expect(evaluate(stackWith("alpha-blob-service", path, value))).toEqual([service(message)]);
    });
});

describe("storage-blob-soft-delete-present", () => {
    test("compliant: linked by property dependency when names are not comparable (stack policy outputs)", () => {
        const resources = compliantStack().map((r) =>
            r.name === "alpha-blob-service"
                ? {
                      ...r,
                      props: { ...r.props, accountName: undefined },
                      propertyDependencies: {
                          accountName: [urnOf(TYPES.storage, "alpha-storage")],
                      },
                  }
                : r,
        );
        expect(evaluate(resources)).toEqual([]);
    });
    test("violated when a storage account has no blob service properties", () => {
        expect(evaluate(stackWithout("alpha-blob-service"))).toEqual([
            account(
                "storage-blob-soft-delete-present",
                `storage account "${STORAGE_NAME}" has no azure-native:storage:BlobServiceProperties, so blob soft delete is off`,
            ),
        ]);
    });
    test("violated when the blob service properties belong to another account", () => {
        expect(evaluate(stackWith("alpha-blob-service", "accountName", "someoneelse"))).toEqual([
            account(
                "storage-blob-soft-delete-present",
                `storage account "${STORAGE_NAME}" has no azure-native:storage:BlobServiceProperties, so blob soft delete is off`,
            ),
        ]);
    });
});
