/**
 * Building blocks for the few Azure Resource Manager operations the installed SDK packages do not
 * describe (a newer api-version, a scope the SDK lacks). The operation is sent by the SDK client's
 * own `sendOperationRequest`, so authentication, retries and error parsing stay the SDK's; only the
 * operation's description is written here, in the shapes the generated SDKs use.
 */
import {
    createSerializer,
    type OperationParameter,
    type OperationQueryParameter,
    type OperationURLParameter,
} from "@azure/core-client";

/** A required string in the URL path (`subscriptionId`, `resourceGroupName`, ...). */
export const pathParameter = (name: string): OperationURLParameter => ({
    parameterPath: name,
    mapper: { serializedName: name, required: true, type: { name: "String" } },
});

/** The endpoint (`https://management.azure.com`), as the client fills it in. */
export const hostParameter: OperationURLParameter = {
    ...pathParameter("$host"),
    skipEncoding: true,
};

/** A fixed `api-version` query parameter. */
export const apiVersionParameter = (version: string): OperationQueryParameter => ({
    parameterPath: "apiVersion",
    mapper: {
        defaultValue: version,
        isConstant: true,
        serializedName: "api-version",
        type: { name: "String" },
    },
});

export const acceptJsonHeader: OperationParameter = {
    parameterPath: "accept",
    mapper: {
        defaultValue: "application/json",
        isConstant: true,
        serializedName: "Accept",
        type: { name: "String" },
    },
};

/** No body mappers: responses are read as parsed JSON. */
export const plainJsonSerializer = createSerializer({}, false);
