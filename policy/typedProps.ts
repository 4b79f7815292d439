/**
 * Property access checked by the compiler against the providers' own argument types. A rule reads
 * `storageAccount(r, "allowBlobPublicAccess")`: the path must exist in `storage.StorageAccountArgs`
 * (through inputs, nested objects, arrays and union members), so a property the provider renames
 * or removes fails `tsc` instead of making the rule read `undefined` and pass or fail silently.
 *
 * The values are still read without trusting their shape (they arrive as JSON): the accessor
 * returns `unknown`, and each rule checks the type it needs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { get } from "./props";
import type { PolicyResource } from "./types";

type Depth = [never, 0, 1, 2, 3, 4, 5];

/** Dotted paths into a plain (unwrapped) args type, e.g. `properties.properties.scaleSettings.minNodeCount`. */
export type PropPath<T, D extends number = 5> = [D] extends [never]
    ? never
    : T extends readonly (infer E)[]
      ? `${number}` | `${number}.${PropPath<NonNullable<E>, Depth[D]>}`
      : T extends object
        ? {
              [K in keyof T & string]-?: K | `${K}.${PropPath<NonNullable<T[K]>, Depth[D]>}`;
          }[keyof T & string]
        : never;

/**
 * Property paths of a resource's args, for resource options that name properties (`ignoreChanges`,
 * `replaceOnChanges`): `pathsOf<OnlineEndpointArgs>("properties.traffic")` fails tsc when the
 * provider renames the property, where a plain string would silently stop ignoring anything.
 */
export function pathsOf<Args>(...paths: PropPath<pulumi.Unwrap<Args>>[]): string[] {
    return paths;
}

/** The reader of one resource type's properties, typed by that type's provider args. */
export type PropReader<Args> = (r: PolicyResource, path: PropPath<pulumi.Unwrap<Args>>) => unknown;

/** `const storageAccount = propsOf<storage.StorageAccountArgs>()`. */
export function propsOf<Args>(): PropReader<Args> {
    return (r, path) => get(r.props, path);
}
