/**
 * Policy property paths are checked by the compiler against the providers' args types: a renamed
 * or removed provider property fails `tsc` (the `@ts-expect-error` lines below fail the build if a
 * wrong path ever type-checks), and a right path reads the value.
 */
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as storage from "@pulumi/azure-native/storage";
import { pathsOf, propsOf } from "../../policy/typedProps";
import type { PolicyResource } from "../../policy/types";

const storageAccount = propsOf<storage.StorageAccountArgs>();
const compute = propsOf<machinelearningservices.ComputeArgs>();

const resource = (props: Record<string, unknown>): PolicyResource => ({
    type: "t",
    name: "n",
    urn: "urn:pulumi:dev::p::t::n",
    props,
});

test("a path of the provider's args reads the value, through nested objects and union members", () => {
    expect(
        storageAccount(resource({ allowBlobPublicAccess: false }), "allowBlobPublicAccess"),
    ).toBe(false);
    const cluster = resource({
        properties: {
            computeType: "AmlCompute",
            properties: { scaleSettings: { minNodeCount: 0 } },
        },
    });
    expect(compute(cluster, "properties.properties.scaleSettings.minNodeCount")).toBe(0);
    expect(compute(cluster, "properties.properties.idleTimeBeforeShutdown")).toBeUndefined();
});

test("paths the provider does not have do not compile", () => {
    const r = resource({ allowBlobPublicAcces: true });
    // @ts-expect-error a misspelt property is not a path of StorageAccountArgs
    expect(storageAccount(r, "allowBlobPublicAcces")).toBe(true);
    // @ts-expect-error the cluster settings live under properties.properties, not properties
    expect(compute(r, "properties.scaleSettings.minNodeCount")).toBeUndefined();
});

test("resource options name provider properties through checked paths too (ignoreChanges)", () => {
    expect(
        pathsOf<machinelearningservices.OnlineEndpointArgs>("properties.traffic", "tags"),
    ).toEqual(["properties.traffic", "tags"]);
    // @ts-expect-error traffic is under properties: a top-level path would silently ignore nothing
    expect(pathsOf<machinelearningservices.OnlineEndpointArgs>("traffic")).toEqual(["traffic"]);
});
