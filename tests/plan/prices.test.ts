import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import {
    BUILT_IN_PRICES,
    findPrice,
    loadPriceOverride,
    mergePriceTables,
    parsePriceTable,
    PriceTableError,
} from "../../offline/plan/prices";
import { VM_SIZES } from "../../offline/plan/vmSizes";

const write = (content: unknown): string => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-prices-")), "prices.json");
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
};

describe("the built-in price table", () => {
    test.each(["japaneast", "eastus"])("prices every VM size of the size table in %s", (region) => {
        const unpriced = Object.keys(VM_SIZES).filter(
            (size) => findPrice(BUILT_IN_PRICES, size, region) === undefined,
        );
        expect(unpriced).toEqual([]);
    });

    test("every entry is dated and names a public source", () => {
        for (const e of BUILT_IN_PRICES.entries) {
            expect(e.asOf).toMatch(/^\d{4}-\d{2}/);
            expect(e.source).toMatch(
                /^https:\/\/(prices\.azure\.com\/api\/retail\/prices\?|azure\.microsoft\.com\/pricing\/)/,
            );
        }
        expect(BUILT_IN_PRICES.currency).toBe("USD");
    });

    test("every entry names the capture it was read from, or carries a note that it was recalled", () => {
        const unexplained = BUILT_IN_PRICES.entries.filter(
            (e) => e.readFrom === undefined && !(e.note ?? "").includes("recalled"),
        );
        expect(unexplained).toEqual([]);
        const read = BUILT_IN_PRICES.entries.filter((e) => e.readFrom !== undefined);
        for (const e of read)
            expect(e.readFrom).toMatch(
                /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\//,
            );
        // Every VM price was read from a capture: the quota-driving SKUs are not guesses.
        expect(read.filter((e) => e.unit === "hour")).toHaveLength(
            BUILT_IN_PRICES.entries.filter((e) => e.unit === "hour").length,
        );
    });

    test("each VM size's price names that size and region in its retail prices query", () => {
        const e = findPrice(BUILT_IN_PRICES, "Standard_DS2_v2", "japaneast");
        expect(e?.source).toContain("armRegionName%20eq%20'japaneast'");
        expect(e?.source).toContain("armSkuName%20eq%20'Standard_DS2_v2'");
    });
});

describe("--prices overrides", () => {
    const override = {
        currency: "USD",
        prices: [
            {
                sku: "Standard_D2_v2",
                region: "japaneast",
                unit: "hour",
                price: 0.5,
                asOf: "2026-11-01",
                source: "https://prices.azure.com/api/retail/prices?x",
            },
        ],
    };

    test("an entry replaces the built-in one of the same sku and region and leaves the others", () => {
        const merged = loadPriceOverride(write(override));
        expect(findPrice(merged, "Standard_D2_v2", "japaneast")?.price).toBe(0.5);
        expect(findPrice(merged, "Standard_D2_v2", "eastus")?.price).toBe(
            findPrice(BUILT_IN_PRICES, "Standard_D2_v2", "eastus")?.price,
        );
        expect(merged.entries).toHaveLength(BUILT_IN_PRICES.entries.length);
    });

    test("a table in another currency replaces the whole table instead of mixing currencies", () => {
        const yen = parsePriceTable({ ...override, currency: "JPY" }, "yen.json");
        const merged = mergePriceTables(BUILT_IN_PRICES, yen);
        expect(merged.currency).toBe("JPY");
        expect(merged.entries).toHaveLength(1);
    });

    test.each([
        [
            "a negative price",
            { ...override, prices: [{ ...override.prices[0], price: -1 }] },
            "must not be negative",
        ],
        [
            "no source",
            { ...override, prices: [{ ...override.prices[0], source: "somewhere" }] },
            "must be a URL",
        ],
        [
            "an unknown unit",
            { ...override, prices: [{ ...override.prices[0], unit: "minute" }] },
            "must be one of",
        ],
        ["not JSON", "{", "cannot read a JSON price table"],
    ])("%s is refused", (_name, content, message) => {
        expect(() => loadPriceOverride(write(content))).toThrow(PriceTableError);
        expect(() => loadPriceOverride(write(content))).toThrow(message);
    });
});
