import { evaluate } from "../../policy/evaluate";
import {
    STORAGE_NAME,
    TYPES,
    compliantStack,
    secret,
    stackWith,
    urnOf,
    violation,
} from "./helpers";

const datastoreProperties = (credentials: unknown) => ({
    datastoreType: "AzureBlob",
    accountName: STORAGE_NAME,
    containerName: "diabetes",
    credentials,
});
const accountKey = (key: unknown) => ({
    credentialsType: "AccountKey",
    secrets: { secretsType: "AccountKey", key },
});

describe("credentials-secret", () => {
    test("compliant: only the nested key is secret", () => {
        expect(
            evaluate(
                stackWith(
                    "alpha-datastore",
                    "properties",
                    datastoreProperties(accountKey(secret("a2V5"))),
                ),
            ),
        ).toEqual([]);
    });
    test("compliant: an identity-based datastore has no credential", () => {
        expect(
            evaluate(
                stackWith(
                    "alpha-datastore",
                    "properties",
                    datastoreProperties({ credentialsType: "None" }),
                ),
            ),
        ).toEqual([]);
    });
    test("violated by a plain GitHub Actions secret value", () => {
        expect(
            evaluate(stackWith("alpha-secret-credentials", "value", '{"clientSecret":"s3cr3t"}')),
        ).toEqual([
            violation(
                "credentials-secret",
                TYPES.actionsSecret,
                "alpha-secret-credentials",
                "value must be a Pulumi secret: wrap it in pulumi.secret()",
            ),
        ]);
    });
    test("violated by a plain datastore account key (the discriminators are not credentials)", () => {
        expect(
            evaluate(
                stackWith("alpha-datastore", "properties", datastoreProperties(accountKey("a2V5"))),
            ),
        ).toEqual([
            violation(
                "credentials-secret",
                TYPES.datastore,
                "alpha-datastore",
                "properties.credentials.secrets.key must be a Pulumi secret: wrap it in pulumi.secret()",
            ),
        ]);
    });
    test.each([
        [
            '{"clientId":"x","clientSecret":"s3cr3t"}',
            "value holds a clientSecret field, which is a credential: store it in an Actions secret, not a variable",
        ],
        [
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=a2V5==",
            "value holds a storage account key, which is a credential: store it in an Actions secret, not a variable",
        ],
        [
            "https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abc%3D",
            "value holds a SAS signature, which is a credential: store it in an Actions secret, not a variable",
        ],
        [
            `ghp_${"a".repeat(36)}`,
            "value holds a GitHub token, which is a credential: store it in an Actions secret, not a variable",
        ],
    ])("violated by an Actions variable holding %s", (value, message) => {
        expect(evaluate(stackWith("alpha-variable-workspace", "value", value))).toEqual([
            violation(
                "credentials-secret",
                TYPES.actionsVariable,
                "alpha-variable-workspace",
                message,
            ),
        ]);
    });
    test("violated by a generated client secret that is not a secret output (when the options are known)", () => {
        const resources = compliantStack().map((r) =>
            r.type === TYPES.password ? { ...r, additionalSecretOutputs: [] } : r,
        );
        expect(evaluate(resources)).toEqual([
            violation(
                "credentials-secret",
                TYPES.password,
                "alpha-identity-secret",
                "value (a generated credential) must be listed in additionalSecretOutputs",
            ),
        ]);
        const declared = resources.map((r) =>
            r.type === TYPES.password ? { ...r, additionalSecretOutputs: ["value"] } : r,
        );
        expect(evaluate(declared)).toEqual([]);
    });
    test("a resource given without secretProps is taken to have no secret", () => {
        const resources = compliantStack().map((r) =>
            r.urn === urnOf(TYPES.actionsSecret, "alpha-secret-credentials")
                ? { ...r, secretProps: undefined }
                : r,
        );
        expect(evaluate(resources)).toEqual([
            violation(
                "credentials-secret",
                TYPES.actionsSecret,
                "alpha-secret-credentials",
                "value must be a Pulumi secret: wrap it in pulumi.secret()",
            ),
        ]);
    });
});
