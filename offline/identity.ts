/**
 * The identity Pulumi gives every resource of a program: its URN, built from the stack, the
 * project, the type tokens of its parents and its own, and its logical name. A live stack's state
 * is keyed by URN, so a changed URN is a different resource to `pulumi up`: it deletes the old one
 * and creates the new one (docs/changing-live-stacks.md).
 *
 * The mock runtime's own URNs only carry the immediate parent's type, not the whole chain the
 * engine uses; so this module records each resource's type, name, parent and aliases as the SDK
 * sees them (a resource transformation, inherited by every child) and builds the engine's URNs.
 */
import * as pulumi from "@pulumi/pulumi";

export interface ResourceIdentity {
    /** The URN the engine gives this resource now. */
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent, or undefined at the top of the program (under the root stack). */
    readonly parentUrn?: string;
    /**
     * Earlier URNs this resource answers to through `aliases`, its own or inherited from a parent's
     * (the engine derives a child's aliases from its parent's, renaming a `${parent}-x` child too).
     */
    readonly aliases: readonly string[];
    /** `ignoreChanges` of the resource: input paths the engine never diffs (recorded beside the identity). */
    readonly ignoreChanges: readonly string[];
}

interface Registration {
    readonly type: string;
    readonly name: string;
    readonly parent?: pulumi.Resource;
    readonly aliases: readonly (string | pulumi.Alias)[];
    readonly ignoreChanges: readonly string[];
}

/** Records every resource registered under the component it is attached to (`transformations`). */
export class IdentityRecorder {
    private readonly registrations = new Map<pulumi.Resource, Registration>();

    constructor(
        private readonly project: string,
        private readonly stack: string,
    ) {}

    /** Pass as `transformations: [recorder.transformation]` to the top component. */
    readonly transformation: pulumi.ResourceTransformation = (args) => {
        // `instanceof`: the SDK sets its own marker only after this transformation has run.
        const custom = args.resource instanceof pulumi.CustomResource;
        const aliases = (args.opts.aliases ?? [])
            .map((alias) => plainAlias(alias, args.name))
            .filter((alias) => !(custom && isProviderTypeAlias(alias, args.type)));
        this.registrations.set(args.resource, {
            type: args.type,
            name: args.name,
            parent: args.opts.parent,
            aliases,
            ignoreChanges: [...(args.opts.ignoreChanges ?? [])],
        });
        return undefined;
    };

    /** Every recorded resource's identity, in registration order. */
    identities(): ResourceIdentity[] {
        return [...this.registrations.keys()].map((resource) => this.identityOf(resource));
    }

    private identityOf(resource: pulumi.Resource): ResourceIdentity {
        const r = this.registration(resource);
        const parentUrn = r.parent ? this.urnOf(r.parent) : undefined;
        return {
            urn: this.urnOf(resource),
            type: r.type,
            name: r.name,
            parentUrn,
            aliases: [...new Set(this.oldUrnsOf(resource))].sort(),
            ignoreChanges: r.ignoreChanges,
        };
    }

    private registration(resource: pulumi.Resource): Registration {
        const found = this.registrations.get(resource);
        if (!found)
            throw new Error(
                "identity recorder: a parent was registered outside the recorded component",
            );
        return found;
    }

    private prefix(): string {
        return `urn:pulumi:${this.stack}::${this.project}::`;
    }

    private qualifiedType(resource: pulumi.Resource): string {
        const r = this.registration(resource);
        return r.parent ? `${this.qualifiedType(r.parent)}$${r.type}` : r.type;
    }

    urnOf(resource: pulumi.Resource): string {
        return `${this.prefix()}${this.qualifiedType(resource)}::${this.registration(resource).name}`;
    }

    /** The URNs this resource answered to before its aliased renames (empty without aliases). */
    private oldUrnsOf(resource: pulumi.Resource): string[] {
        const r = this.registration(resource);
        const current = this.urnOf(resource);
        const parentUrns = r.parent ? [this.urnOf(r.parent), ...this.oldUrnsOf(r.parent)] : [];
        const parentName = r.parent ? this.registration(r.parent).name : "";
        const out: string[] = [];
        // The resource's own aliases, each under its parent's current URN (or the one it names).
        const own: { type: string; name: string; parentUrn?: string }[] = [
            { type: r.type, name: r.name, parentUrn: r.parent ? this.urnOf(r.parent) : undefined },
        ];
        for (const alias of r.aliases) {
            if (typeof alias === "string") {
                out.push(alias);
                continue;
            }
            // As the SDK reads it: an explicit `parent: undefined` means no parent.
            const parentUrn = !Object.prototype.hasOwnProperty.call(alias, "parent")
                ? own[0].parentUrn
                : alias.parent === undefined
                  ? undefined
                  : pulumi.Resource.isInstance(alias.parent)
                    ? this.urnOf(alias.parent)
                    : (alias.parent as string);
            const entry = {
                type: (alias.type as string | undefined) ?? r.type,
                name: (alias.name as string | undefined) ?? r.name,
                parentUrn,
            };
            own.push(entry);
            out.push(this.urn(entry.type, entry.name, entry.parentUrn));
        }
        // Each of the parent's old URNs, with the child's name renamed the way the engine does.
        for (const parentOld of parentUrns.slice(1)) {
            const parentOldName = parentOld.slice(parentOld.lastIndexOf("::") + 2);
            for (const { type, name } of own) {
                const childName = name.startsWith(parentName)
                    ? parentOldName + name.slice(parentName.length)
                    : name;
                out.push(this.urn(type, childName, parentOld));
            }
        }
        return out.filter((urn) => urn !== current);
    }

    private urn(type: string, name: string, parentUrn?: string): string {
        if (parentUrn === undefined) return `${this.prefix()}${type}::${name}`;
        const parentQualified = parentUrn.slice(this.prefix().length, parentUrn.lastIndexOf("::"));
        return `${this.prefix()}${parentQualified}$${type}::${name}`;
    }
}

/** Aliases in this program are plain values; an Output alias could not be pinned before it resolves. */
function plainAlias(
    alias: pulumi.Input<string | pulumi.Alias>,
    name: string,
): string | pulumi.Alias {
    if (pulumi.Output.isInstance(alias))
        throw new Error(
            `identity recorder: ${name} has an Output alias; write aliases as plain values`,
        );
    const value = alias as string | pulumi.Alias;
    if (typeof value === "string") return value;
    for (const field of ["name", "type", "parent", "stack", "project"] as const) {
        if (pulumi.Output.isInstance(value[field]))
            throw new Error(
                `identity recorder: ${name} has an alias whose ${field} is an Output; write aliases as plain values`,
            );
    }
    if (value.stack !== undefined || value.project !== undefined)
        throw new Error(
            `identity recorder: ${name} has an alias to another stack or project, which a pin cannot check`,
        );
    return value;
}

/**
 * Provider SDKs alias their own earlier tokens (azure-native: every API-version module, renamed
 * types such as `insights:Component`); those are the provider's, stable across our changes, and would
 * bury the program's own aliases in the pins. Such an alias changes only the type, within the package.
 */
function isProviderTypeAlias(alias: string | pulumi.Alias, type: string): boolean {
    if (typeof alias === "string") return false;
    const keys = Object.keys(alias).filter((k) => alias[k as keyof pulumi.Alias] !== undefined);
    const pkg = (token: string): string => token.split(":")[0];
    return (
        keys.length === 1 &&
        keys[0] === "type" &&
        typeof alias.type === "string" &&
        pkg(alias.type) === pkg(type)
    );
}
