/**
 * Checks of a component's plain arguments, raised as `pulumi.ResourceError` against the component,
 * so the engine reports the resource (its URN) beside the field and rule, without a stack trace.
 * The config is validated before the program runs (stacks/validate.ts); these checks guard the
 * components themselves when they are used from other code.
 */
import * as pulumi from "@pulumi/pulumi";

/** Throws unless `value` is an integer in [min, max] (`unit` names what it counts). */
export function requireIntegerInRange(
    resource: pulumi.Resource,
    field: string,
    value: number,
    range: { readonly min: number; readonly max: number; readonly unit: string },
): void {
    if (!Number.isInteger(value) || value < range.min || value > range.max)
        throw argError(
            resource,
            field,
            `must be a whole number of ${range.unit} from ${range.min} to ${range.max}`,
            value,
        );
}

/** Throws unless `value` matches `pattern`, whose meaning `rule` states. */
export function requireMatch(
    resource: pulumi.Resource,
    field: string,
    value: string,
    pattern: RegExp,
    rule: string,
): void {
    if (!pattern.test(value)) throw argError(resource, field, rule, value);
}

export function argError(
    resource: pulumi.Resource,
    field: string,
    rule: string,
    value: unknown,
): pulumi.ResourceError {
    return new pulumi.ResourceError(
        `${field}: ${rule} (got ${JSON.stringify(value)})`,
        resource,
        /* hideStack: the message says all there is */ true,
    );
}
