/**
 * Pins of resource identities (URNs) and the check of a program's identities against them.
 * A pin file lists, per case, every URN the program registered and the older URNs each one still
 * answers to through `aliases`. Live stacks hold resources under exactly these URNs.
 */
import * as fs from "fs";
import * as path from "path";
import type { ResourceIdentity } from "../../offline/identity";

export const PINS_DIR = path.join(__dirname, "pins");
/** The command that rewrites the pins, as the failure messages quote it. */
export const WRITE_PINS = "npx tsx tests/identity/writePins.ts";
export const ALIAS_DOC = "docs/changing-live-stacks.md#keep-a-resource-through-a-rename-aliases";

export interface PinFile {
    readonly case: string;
    readonly stack: string;
    /** URN -> earlier URNs it answers to through aliases (empty when it was never renamed). */
    readonly resources: Record<string, string[]>;
}

export function pinFileOf(
    caseName: string,
    stack: string,
    ids: readonly ResourceIdentity[],
): PinFile {
    const sorted = [...ids].sort((a, b) => a.urn.localeCompare(b.urn));
    return {
        case: caseName,
        stack,
        resources: Object.fromEntries(sorted.map((id) => [id.urn, [...id.aliases]])),
    };
}

export function pinPath(caseName: string): string {
    return path.join(PINS_DIR, `${caseName}.json`);
}

export function readPins(caseName: string): PinFile | undefined {
    const file = pinPath(caseName);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PinFile) : undefined;
}

/**
 * The old logical name as a component writes it, `${name}-environment` for team01-github-environment
 * under the component team01-github (found among the pins by its URN's type chain).
 */
function oldNameInCode(urn: string, pinned: readonly string[]): string {
    const [, , qualified, name] = urn.split("::");
    const parentQualified = qualified.slice(0, Math.max(0, qualified.lastIndexOf("$")));
    const parents = pinned.filter((u) => u.split("::")[2] === parentQualified);
    const parentName = parents.length === 1 ? parents[0].split("::")[3] : undefined;
    return parentName !== undefined && name.startsWith(`${parentName}-`)
        ? `\`\${name}${name.slice(parentName.length)}\` (here "${name}")`
        : JSON.stringify(name);
}

/** `type::name` of a URN, the part people recognise. */
function shortUrn(urn: string): string {
    const parts = urn.split("::");
    return `${parts[2].split("$").pop() ?? ""}::${parts[3]}`;
}

/**
 * Problems of the current identities against the pins, each a paragraph that says what `pulumi up`
 * would do to a live stack and how to avoid it. Empty when every pinned identity is still answered.
 */
export function identityProblems(
    caseName: string,
    pins: PinFile,
    ids: readonly ResourceIdentity[],
): string[] {
    const answers = new Map<string, ResourceIdentity>();
    for (const id of ids) {
        answers.set(id.urn, id);
        for (const alias of id.aliases) if (!answers.has(alias)) answers.set(alias, id);
    }
    const pinned = new Set<string>();
    for (const [urn, aliases] of Object.entries(pins.resources)) {
        pinned.add(urn);
        for (const alias of aliases) pinned.add(alias);
    }
    const unpinned = ids.filter((id) => !pinned.has(id.urn));
    const problems: string[] = [];

    for (const [urn, aliases] of Object.entries(pins.resources)) {
        for (const old of [urn, ...aliases]) {
            if (answers.has(old)) continue;
            const sameType = unpinned.filter(
                (id) => id.type === urn.split("::")[2].split("$").pop(),
            );
            const likely = sameType.length > 0 ? sameType : unpinned;
            const wasAlias = old !== urn;
            problems.push(
                [
                    `[${caseName}] ${shortUrn(old)} is no longer registered under its identity`,
                    `  ${old}`,
                    wasAlias
                        ? `  This was an alias of ${urn}: stacks last updated before that rename still hold the resource under it.`
                        : "",
                    likely.length > 0
                        ? `  The program now registers instead: ${likely.map((id) => id.urn).join(", ")}`
                        : "  No resource of the program answers to it any more.",
                    "  On every live team stack, `pulumi up` would DELETE the live resource and CREATE a new one",
                    "  (URN = parent types + type + logical name): the team's work in it (code, runs, models,",
                    "  deployments, notebooks, protection rules, ...) is lost, or the create fails because the",
                    "  old name is still taken in Azure or GitHub.",
                    "  To keep it: give the renamed resource its old identity as an alias, e.g.",
                    `    { parent: this, aliases: [{ name: ${oldNameInCode(old, [...pinned])} }] }`,
                    `  (a changed type token: aliases: [{ type: "<old token>" }]); see ${ALIAS_DOC}.`,
                    "  If deleting it from every live stack is really intended, rewrite the pins with",
                    `  \`${WRITE_PINS}\` and say why in the commit.`,
                ]
                    .filter((line) => line !== "")
                    .join("\n"),
            );
        }
    }

    for (const id of unpinned) {
        const aliased = id.aliases.filter((a) => pinned.has(a));
        if (problems.length > 0 && aliased.length === 0) continue; // already shown above as "instead"
        problems.push(
            aliased.length > 0
                ? `[${caseName}] ${shortUrn(id.urn)} answers to the pinned ${aliased.join(", ")} through an alias: ` +
                      `live stacks keep the resource. Record the new identity with \`${WRITE_PINS}\` (the alias stays pinned).`
                : `[${caseName}] ${shortUrn(id.urn)} is new and not pinned yet: ${id.urn}\n` +
                      `  Pin it with \`${WRITE_PINS}\`, so that a later rename of it is caught before it replaces live resources.`,
        );
    }
    return problems;
}
