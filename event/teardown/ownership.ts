/**
 * Which Entra objects teardown may act on: those it can tie to the team stack. A recorded client id
 * (written at `up`'s record time and before the destroy) decides when there is one; without it,
 * only objects carrying the tag the stack set (stacks/entraTag.ts). An object that merely has the
 * team's display name is never deleted: anyone in the tenant can create one (issue 22).
 */
import { entraStackTag } from "../../stacks/entraTag";
import type { DirectoryObjectRef } from "./cloud";
import type { TeardownNames } from "./names";

export function tiedToStack(object: DirectoryObjectRef, names: TeardownNames): boolean {
    if (names.clientId !== undefined) return object.appId === names.clientId;
    if (
        names.servicePrincipalObjectId !== undefined &&
        object.id === names.servicePrincipalObjectId
    )
        return true;
    return (object.tags ?? []).includes(entraStackTag(names.event, names.team));
}

export interface Owned<T> {
    /** Tied to the stack: teardown acts on these. */
    readonly ours: T[];
    /** Same name, not tied: reported, never acted on. */
    readonly others: T[];
}

export function byOwnership<T extends DirectoryObjectRef>(
    objects: readonly T[],
    names: TeardownNames,
): Owned<T> {
    return {
        ours: objects.filter((o) => tiedToStack(o, names)),
        others: objects.filter((o) => !tiedToStack(o, names)),
    };
}

/** Why an object of the team's name was left alone. */
export const NOT_TIED =
    "same display name, but neither the recorded client id nor this stack's tag: not acted on (check it by hand)";
