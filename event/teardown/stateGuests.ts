/**
 * The guests a stack invited, read from its state rather than its outputs (issue 22). Pulumi
 * checkpoints each resource in the state as soon as it is created, but the stack's outputs are
 * written only when the program finishes: after a first `up` that failed late, the azuread
 * `Invitation` (and the user it created) is in the state while the stack exports nothing. Without
 * this, the next `up` would refuse the guest the stack invited itself (stacks/guestGuard.ts) and
 * teardown would not know the user.
 *
 * Input: the `deployment` of `pulumi stack export` (apitype.DeploymentV3: `resources[]` with `urn`,
 * `type`, `parent`, `outputs`, `created`; pulumi/pulumi sdk/go/common/apitype/core.go). Only the
 * invitations' `userId` and the root Stack resource's `created` are taken; nothing else of the
 * state (which the Automation API exports with `--show-secrets`) leaves this module.
 */

/** azuread's type token (node_modules/@pulumi/azuread/invitation.js, `Invitation.__pulumiType`). */
export const INVITATION_TYPE = "azuread:index/invitation:Invitation";
/** The root resource every program registers first (pulumi/pulumi sdk/go/common/resource/stack). */
export const STACK_TYPE = "pulumi:pulumi:Stack";
/** The secret envelope's signature key and value (pulumi/pulumi sdk/go/common/resource/sig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface StateGuest {
    readonly login: string;
    readonly objectId: string;
}

/** What the state tells about the guests a stack invited and since when it exists. */
export interface GuestState {
    readonly guests: readonly StateGuest[];
    /**
     * When the stack's root `pulumi:pulumi:Stack` resource entered the state (its `created`, RFC 3339):
     * the start of the stack's first `up`, kept in the backend with the state (so known where no
     * local record is, e.g. in the GitHub workflows). ResourceV3.Created: "when the remote resource
     * was first added to state by pulumi. Checkpoints prior to early 2023 do not include this"
     * (pulumi/pulumi sdk/go/common/apitype/core.go); undefined then. The engine sets it in
     * CreateStep.Apply (`now := time.Now().UTC(); s.new.Created = &now`) and UpdateStep keeps the
     * old one (pkg/resource/deploy/step.go), and the root Stack is registered before any of its
     * children, so every invitation of the stack is created after it.
     */
    readonly stackCreated?: string;
}

/**
 * ResourceV3 `Delete`: "true when the resource should be deleted during the next update"
 * (pulumi/pulumi sdk/go/common/apitype/core.go): the old copy of a resource replaced with
 * create-before-delete, or one whose delete failed, left in the checkpoint beside its successor.
 * - The root Stack: such an entry is not the live Stack, and its `created` belongs to a resource
 *   being removed, so it is skipped; only the live root Stack's `created` is the lower bound.
 * - An Invitation: kept. Its `userId` is a user that this stack's invitation created (the provider
 *   wrote it when the invitation was created), and the invitations are `retainOnDelete`
 *   (components/guestInvitations.ts), so "deleting" that entry never deletes the user: it may well
 *   still be in the tenant. Dropping it would forget a guest this stack created; keeping it only
 *   puts the id on the list, and teardown still removes it only after Graph shows an invited
 *   guest created at or after the first `up` (event/teardown/guestOwnership.ts), and the `up`
 *   guard accepts it only as this stack's own (stacks/guestGuard.ts), which it is.
 */
const pendingDeletion = (r: { delete?: unknown }): boolean => r.delete === true;

/** The last `::` part of a URN: the resource's name. */
const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/**
 * A string output as the export shows it: plain, or a secret envelope with its `plaintext` (the
 * JSON of the value, `--show-secrets`). An envelope without plaintext (only `ciphertext`: exported
 * without `--show-secrets`) throws: a guest whose id cannot be read is not "no guest".
 */
function stringOf(value: unknown, where: string): string | undefined {
    if (typeof value === "string") return value;
    if (typeof value !== "object" || value === null) return undefined;
    const envelope = value as Record<string, unknown>;
    if (envelope[SIG_KEY] !== SECRET_SIG) return undefined;
    if (typeof envelope.plaintext !== "string")
        throw new Error(
            `the exported state holds ${where} encrypted (no plaintext): export it with --show-secrets`,
        );
    const inner: unknown = JSON.parse(envelope.plaintext);
    return typeof inner === "string" ? inner : undefined;
}

/**
 * GitHub login and object id of every invitation in the exported deployment that has its `userId`.
 * components/guestInvitations.ts names each invitation `<component>-<login>` under its
 * `GuestInvitations` parent, so the login is the name after the parent's; an invitation without
 * that parent keeps its whole name (the id is what matters: the guard and teardown act on ids).
 * Throws on a deployment that is not the documented shape: an unreadable state is not "no guests".
 */
export function invitedGuestsInState(deployment: unknown): StateGuest[] {
    // A stack that was created but never updated exports `"deployment": null`.
    if (deployment === null || deployment === undefined) return [];
    if (typeof deployment !== "object" || Array.isArray(deployment))
        throw new Error("the exported state is not a deployment object");
    const resources = (deployment as { resources?: unknown }).resources;
    if (resources === undefined) return [];
    if (!Array.isArray(resources))
        throw new Error("the exported state's `resources` is not a list");
    const guests: StateGuest[] = [];
    // Invitations marked `delete: true` are kept (see pendingDeletion): their user was created by
    // this stack's invitation and, retained on delete, may still be in the tenant.
    for (const r of resources as {
        urn?: unknown;
        type?: unknown;
        parent?: unknown;
        outputs?: unknown;
    }[]) {
        if (r?.type !== INVITATION_TYPE || typeof r.urn !== "string") continue;
        const userId = stringOf(
            (r.outputs as Record<string, unknown> | undefined)?.userId,
            `the userId of ${nameOf(r.urn)}`,
        );
        if (userId === undefined || userId === "") continue;
        const name = nameOf(r.urn);
        const parent = typeof r.parent === "string" ? `${nameOf(r.parent)}-` : undefined;
        const login =
            parent !== undefined && name.startsWith(parent) ? name.slice(parent.length) : name;
        guests.push({ login, objectId: userId });
    }
    return guests;
}

/**
 * The guests (invitedGuestsInState) and the live root Stack resource's `created` time (an entry
 * pending deletion is skipped: pendingDeletion). A `created` that is present but not a time throws (a state that cannot be read is not "no lower bound").
 */
export function guestStateOf(deployment: unknown): GuestState {
    const guests = invitedGuestsInState(deployment);
    const resources = (deployment as { resources?: unknown } | null | undefined)?.resources;
    const stack = Array.isArray(resources)
        ? (
              resources as {
                  type?: unknown;
                  parent?: unknown;
                  created?: unknown;
                  delete?: unknown;
              }[]
          ).find(
              (r) =>
                  r?.type === STACK_TYPE &&
                  (r.parent === undefined || r.parent === "") &&
                  !pendingDeletion(r),
          )
        : undefined;
    const created = stack?.created;
    if (created === undefined || created === null) return { guests };
    if (typeof created !== "string" || isNaN(Date.parse(created)))
        throw new Error("the exported state's Stack resource has a `created` that is not a time");
    return { guests, stackCreated: created };
}
