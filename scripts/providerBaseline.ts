/**
 * A second baseline for `npm run bench`: the very resources one team stack registers (same provider
 * classes, same inputs as plain values), registered with no program around them: no components,
 * no `apply`, no invokes, no validation. Plan time over this baseline is the program's own overhead;
 * this baseline over the trivial one is what the provider SDK classes themselves cost (an
 * azure-native resource declares dozens of output properties, each an Output with its promises).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../offline/mockCloud";

export interface TemplateResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

type ResourceClass = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/** The custom resources of a simulated team, as plain data a worker can receive. */
export function templateOf(resources: readonly RecordedResource[]): TemplateResource[] {
    return resources
        .filter((r) => !r.type.startsWith("openhack:"))
        .map((r) => ({
            type: r.type,
            name: r.name,
            inputs: JSON.parse(JSON.stringify(r.inputs)) as Record<string, unknown>,
        }));
}

function isResourceClass(value: unknown): value is ResourceClass {
    return typeof value === "function";
}

/**
 * The SDK class of a type token: `azure-native:storage:StorageAccount` -> `@pulumi/azure-native/storage`
 * `.StorageAccount`, `github:index/repository:Repository` -> `@pulumi/github` `.Repository`,
 * `pulumi:providers:github` -> `@pulumi/github` `.Provider`.
 */
export function classFor(type: string): ResourceClass {
    const [pkg, module, name] = type.split(":");
    const [modulePath, className] =
        pkg === "pulumi"
            ? [`@pulumi/${name}`, "Provider"]
            : pkg === "azure-native"
              ? [`@pulumi/azure-native/${module}`, name]
              : [`@pulumi/${pkg}`, name];
    // A dynamic require: the baseline registers whatever types the real program registered.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is only known at run time
    const loaded = require(modulePath) as Record<string, unknown>;
    const cls = loaded[className];
    if (!isResourceClass(cls))
        throw new Error(`no resource class ${className} in ${modulePath} for ${type}`);
    return cls;
}

/**
 * Times `register` in a fresh mock runtime whose cloud echoes inputs and answers no invoke: the
 * SDK's own cost for what `register` constructs. Shared by both baselines of the benchmark.
 */
export async function timeBareRegistration(
    tag: string,
    register: () => void,
): Promise<{ ms: number; count: number }> {
    const started = performance.now();
    let registered = 0;
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => {
            registered++;
            return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
        },
        call: () => {
            throw new Error("a baseline makes no calls");
        },
    };
    await pulumi.runtime.setMocks(mocks, "bench", `bench-${tag}`, false);
    register();
    await pulumi.runtime.disconnect();
    return { ms: performance.now() - started, count: registered };
}

/** Registers `copies` copies of the template in a fresh mock runtime; returns the time it took. */
export async function registerTemplate(
    tag: string,
    template: readonly TemplateResource[],
    copies: number,
): Promise<{ ms: number; count: number }> {
    const classes = template.map((r) => classFor(r.type));
    return timeBareRegistration(tag, () => {
        for (let copy = 0; copy < copies; copy++) {
            template.forEach((r, k) => new classes[k](`${tag}-${copy}-${r.name}`, r.inputs));
        }
    });
}

/** The template: what the real program registers for one team of `members` members (not timed). */
export async function recordTemplate(members: number): Promise<TemplateResource[]> {
    // Loaded here, not at the top: the trivial baseline's workers never need the program.
    const { simulateTeamStack } = await import("../offline/simulate");
    const { validateTeamStack } = await import("../stacks/validate");
    const now = new Date("2026-11-27T00:00:00Z");
    const valid = validateTeamStack(
        {
            name: "oh4mlbase",
            endsOn: "2026-12-18",
            github: { owner: "contoso-hack" },
            budget: { amount: 1000 },
        },
        {
            name: "template",
            members: Array.from({ length: members }, (_, m) => ({
                github: `tm${m + 1}`,
                userPrincipalName: `template.m${m + 1}@contoso.onmicrosoft.com`,
            })),
        },
        { now },
    );
    const simulation = await simulateTeamStack({ ...valid, location: "japaneast", now });
    return templateOf(simulation.resources);
}
