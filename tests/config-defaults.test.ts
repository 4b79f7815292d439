/**
 * The config defaults are written three times for three readers: stacks/schema.ts (applied by the
 * validation), Pulumi.yaml (the CLI's project schema: `default` and the description) and docs/configuration.md's
 * config table. The schema is the source; this test keeps the other two in agreement with it.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { z } from "zod";
import { eventSchema, teamSchema } from "../stacks/schema";

const REPO = path.join(__dirname, "..");

interface Def {
    readonly type: string;
    readonly defaultValue?: unknown;
    readonly innerType?: z.ZodType;
    readonly shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Dotted path -> default value of every field of the schema that has one; `undefined` marks a field without. */
function schemaDefaults(
    schema: z.ZodType,
    at: string,
    out: Map<string, unknown>,
): Map<string, unknown> {
    const def = defOf(schema);
    if (def.type === "default") {
        out.set(at, def.defaultValue);
        return def.innerType ? schemaDefaults(def.innerType, at, out) : out;
    }
    if ((def.type === "prefault" || def.type === "optional") && def.innerType)
        return schemaDefaults(def.innerType, at, out);
    if (def.type === "object" && def.shape) {
        for (const [key, field] of Object.entries(def.shape)) {
            const child = `${at}.${key}`;
            if (!out.has(child)) out.set(child, undefined);
            schemaDefaults(field, child, out);
        }
    }
    return out;
}

const defaults = new Map<string, unknown>();
schemaDefaults(eventSchema, "event", defaults);
schemaDefaults(teamSchema, "team", defaults);
const withDefault = [...defaults].filter(([, v]) => v !== undefined);

function leaves(value: unknown, at: string): [string, unknown][] {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => leaves(v, `${at}.${k}`))
        : [[at, value]];
}

const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as {
    config: Record<string, { default?: unknown; description?: string }>;
};

test("the schema walk finds the defaults (it would prove nothing otherwise)", () => {
    expect(defaults.get("event.compute.clusterName")).toBe("demo-cpucluster1");
    expect(defaults.get("event.github.plan")).toBe("free");
    expect(withDefault.length).toBeGreaterThanOrEqual(18);
});

test.each(["event", "team"])(
    "Pulumi.yaml's default for openhack-mlops:%s is the schema's",
    (root) => {
        const pinned = leaves(project.config[`openhack-mlops:${root}`].default, root);
        expect(pinned.length).toBeGreaterThan(0);
        const wrong = pinned
            .filter(([at, value]) => JSON.stringify(defaults.get(at)) !== JSON.stringify(value))
            .map(
                ([at, value]) =>
                    `${at}: Pulumi.yaml says ${JSON.stringify(value)}, stacks/schema.ts ${JSON.stringify(defaults.get(at)) ?? "has no default"}`,
            );
        expect(wrong).toEqual([]);
    },
);

test("every default Pulumi.yaml's descriptions state (key=value) is the schema's", () => {
    const text = Object.values(project.config)
        .map((c) => c.description ?? "")
        .join(" ");
    const stated = [...text.matchAll(/(\w+)=("[^"]*"|\[\]|[^,}\s]+)/g)].map(
        ([, key, raw]) => [key, raw.startsWith('"') ? raw.slice(1, -1) : raw] as const,
    );
    expect(stated.length).toBeGreaterThanOrEqual(15);
    const wrong = stated.flatMap(([key, value]) => {
        const matches = withDefault.filter(([at]) => at.endsWith(`.${key}`));
        const ok = matches.some(
            ([, d]) => (Array.isArray(d) ? JSON.stringify(d) : String(d)) === value,
        );
        return ok
            ? []
            : [
                  `${key}=${value}: stacks/schema.ts has ${matches.map(([at, d]) => `${at}=${JSON.stringify(d)}`).join(", ") || "no default"}`,
              ];
    });
    // And every schema default is stated there.
    const unstated = withDefault
        .filter(
            ([at]) =>
                !stated.some(([key]) => at.endsWith(`.${key}`)) &&
                !text.includes(`default ${JSON.stringify(defaults.get(at))}`),
        )
        .map(([at]) => `${at}: default not stated in Pulumi.yaml's description`);
    expect([...wrong, ...unstated]).toEqual([]);
});

test("docs/configuration.md's config table gives the schema's default of every field", () => {
    const readme = fs.readFileSync(path.join(REPO, "docs", "configuration.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `((?:event|team)\.[\w.[\]]+)` \| ([^|]+) \|/gm)].map(
        ([, key, cell]) => [key.replace("[]", ""), cell.trim()] as const,
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const wrong = rows.flatMap(([key, cell]) => {
        const d = defaults.get(key);
        if (!defaults.has(key))
            return [`${key}: docs/configuration.md lists a field the schema does not have`];
        const shown = /^`(.*)`$/.exec(cell)?.[1];
        if (d === undefined)
            return cell === "(required)" || cell === "(none)"
                ? []
                : [`${key}: docs/configuration.md says ${cell}, the schema has no default`];
        return shown === (typeof d === "string" ? (d === "" ? '""' : d) : JSON.stringify(d))
            ? []
            : [`${key}: docs/configuration.md says ${cell}, stacks/schema.ts ${JSON.stringify(d)}`];
    });
    const missing = withDefault
        .filter(([at]) => !rows.some(([key]) => key === at))
        .map(([at]) => `${at}: not in docs/configuration.md's config table`);
    expect([...wrong, ...missing]).toEqual([]);
});
