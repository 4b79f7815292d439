import { evaluate } from "../../policy/evaluate";
import { TYPES, compliantStack, stackPlus, stackWith, urnOf, violation } from "./helpers";

describe("resource-tags", () => {
    test("compliant: child resources without tags support (container, role assignment, datastore) need none", () => {
        const childTypes: readonly string[] = [
            TYPES.container,
            TYPES.role,
            TYPES.datastore,
            TYPES.blobService,
            TYPES.budget,
        ];
        const untagged = compliantStack().filter((r) => childTypes.includes(r.type));
        expect(untagged).toHaveLength(5);
        expect(untagged.every((r) => r.props.tags === undefined)).toBe(true);
        expect(evaluate(compliantStack())).toEqual([]);
    });
    test("violated by a storage account without tags", () => {
        expect(evaluate(stackWith("alpha-storage", "tags", undefined))).toEqual([
            violation(
                "resource-tags",
                TYPES.storage,
                "alpha-storage",
                'tags.event must be "oh2026" (is not set)',
            ),
            violation(
                "resource-tags",
                TYPES.storage,
                "alpha-storage",
                'tags.team must be "alpha" (is not set)',
            ),
        ]);
    });
    test("violated by another team's tag", () => {
        expect(
            evaluate(stackWith("alpha-workspace", "tags", { event: "oh2026", team: "beta" })),
        ).toEqual([
            violation(
                "resource-tags",
                TYPES.workspace,
                "alpha-workspace",
                'tags.team must be "alpha" (is "beta")',
            ),
        ]);
    });
    test("without a team context, the tags must still be set", () => {
        const [account] = stackWith("alpha-storage", "tags", { event: "" }).filter(
            (r) => r.name === "alpha-storage",
        );
        expect(evaluate([account]).filter((v) => v.policy === "resource-tags")).toEqual([
            violation(
                "resource-tags",
                TYPES.storage,
                "alpha-storage",
                'tags.event must be set (is "")',
            ),
            violation(
                "resource-tags",
                TYPES.storage,
                "alpha-storage",
                "tags.team must be set (is not set)",
            ),
        ]);
    });
    test("fails closed on an azure-native module it has not classified", () => {
        const vnet = {
            type: "azure-native:network:VirtualNetwork",
            name: "alpha-vnet",
            inputs: { tags: { event: "oh2026", team: "alpha" } },
        };
        expect(evaluate(stackPlus(vnet))).toEqual([
            {
                policy: "resource-tags",
                urn: urnOf(vnet.type, vnet.name),
                message:
                    'azure-native module "network" is not classified for tags: add it to TAG_MODULES in policy/taggable.ts (tests/policy/taggable.test.ts prints the new list)',
            },
        ]);
    });
    test("ignores other providers (GitHub, Entra, random) and components", () => {
        const component = { type: "openhack:ml:Workspace", name: "alpha-ml", inputs: {} };
        expect(evaluate(stackPlus(component))).toEqual([]);
    });
});
