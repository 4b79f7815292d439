/**
 * policy/taggable.ts must match the provider it runs against: re-derive, from the installed
 * @pulumi/azure-native typings, which types of TAG_MODULES have a `tags` argument.
 */
import { readFileSync, readdirSync } from "fs";
import { dirname, join } from "path";
import { TAGGABLE_TYPES, TAG_MODULES } from "../../policy/taggable";

const ROOT = dirname(require.resolve("@pulumi/azure-native/package.json"));

/** Type tokens of the module's resources whose `<Name>Args` interface declares `tags`. */
function taggableTypes(module: string): string[] {
    return readdirSync(join(ROOT, module))
        .filter((file) => file.endsWith(".d.ts") && file !== "index.d.ts")
        .flatMap((file) => {
            const dts = readFileSync(join(ROOT, module, file), "utf8");
            const cls = /export declare class (\w+) extends pulumi\.CustomResource/.exec(dts)?.[1];
            if (cls === undefined) return [];
            const args =
                new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ??
                "";
            if (!/\n {4}tags\?: /.test(args)) return [];
            const js = readFileSync(join(ROOT, module, file.replace(/\.d\.ts$/, ".js")), "utf8");
            const token = /static __pulumiType = '([^']+)'/.exec(js)?.[1];
            if (token === undefined) throw new Error(`no type token in ${module}/${file}`);
            return [token];
        });
}

test("TAGGABLE_TYPES lists exactly the taggable types of TAG_MODULES in the installed azure-native", () => {
    const expected = TAG_MODULES.flatMap(taggableTypes).sort();
    const actual = [...TAGGABLE_TYPES].sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        // The replacement for TAGGABLE_TYPES in policy/taggable.ts, ready to paste.
        console.log(`TAGGABLE_TYPES should be:\n${expected.map((t) => `    "${t}",`).join("\n")}`);
    }
    expect(actual).toEqual(expected);
});

test("the types the team program creates are classified as expected", () => {
    for (const tagged of [
        "azure-native:resources:ResourceGroup",
        "azure-native:storage:StorageAccount",
        "azure-native:keyvault:Vault",
        "azure-native:containerregistry:Registry",
        "azure-native:operationalinsights:Workspace",
        "azure-native:applicationinsights:Component",
        "azure-native:machinelearningservices:Workspace",
        "azure-native:machinelearningservices:Compute",
        "azure-native:machinelearningservices:OnlineEndpoint",
    ]) {
        expect(TAGGABLE_TYPES.has(tagged)).toBe(true);
    }
    for (const child of [
        "azure-native:storage:BlobContainer",
        "azure-native:storage:BlobServiceProperties",
        "azure-native:storage:Blob",
        "azure-native:authorization:RoleAssignment",
        "azure-native:consumption:Budget",
        "azure-native:machinelearningservices:Datastore",
        "azure-native:machinelearningservices:DataContainer",
        "azure-native:machinelearningservices:DataVersion",
    ]) {
        expect(TAGGABLE_TYPES.has(child)).toBe(false);
    }
});
