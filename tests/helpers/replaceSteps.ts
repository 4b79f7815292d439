/**
 * TEST MODEL of how the Pulumi engine orders the steps of a replacement, read from pulumi/pulumi
 * (commit 1b59498 of 2026-08-21, pkg/resource/deploy/step_generator.go). No Pulumi CLI runs here, so
 * the tests feed this model what the real program registers (offline/dependencyGraph.ts records each
 * request's `deleteBeforeReplace`) and check the order the engine would produce.
 *
 * - `diff` (line 2891): a resource named by `--replace`/`--target-replace` (`isTargetedReplace`,
 *   line 216) gets a fixed "replace" diff blaming `id`, built without calling the provider's Diff; its
 *   `DeleteBeforeReplace` is Go's zero value, false.
 * - `generateSteps`, replace branch (lines 2043-2047): `deleteBeforeReplace := diff.DeleteBeforeReplace`,
 *   overridden by the resource option when the program set one (`goal.DeleteBeforeReplace != nil`).
 * - delete first (line 2147 and the return after it): `delete-replaced`, then `replace`, then
 *   `create-replacement`; otherwise (lines 2160-2165) `create-replacement`, `replace`, and the delete
 *   of the old resource "later on, after all creates/updates finish".
 */
export type ReplaceStep = "create-replacement" | "replace" | "delete-replaced";

export interface ReplaceInput {
    /** Named by `--replace`/`--target-replace` (the event driver's re-invitation). */
    readonly targeted: boolean;
    /** What the provider's Diff would answer; the engine does not ask it for a targeted replace. */
    readonly providerDeleteBeforeReplace: boolean;
    /** The program's resource option; undefined when unset. */
    readonly option: boolean | undefined;
}

export function replaceSteps(input: ReplaceInput): ReplaceStep[] {
    const fromDiff = input.targeted ? false : input.providerDeleteBeforeReplace;
    const deleteFirst = input.option ?? fromDiff;
    return deleteFirst
        ? ["delete-replaced", "replace", "create-replacement"]
        : ["create-replacement", "replace", "delete-replaced"];
}
