/**
 * The price table of the cost estimate: a small list of dated entries, each with its region and
 * public source, so that every number the plan prints can be checked by hand. The built-in table
 * (prices.json) was read from stored captures of the Azure Retail Prices API, never fetched (the
 * plan never goes online); each entry says which capture, and the few that were recalled say so.
 * `--prices file.json` replaces or adds entries, keyed by sku and region.
 */
import { readFileSync } from "fs";
import { z } from "zod";
import builtIn from "./prices.json";

/** Non-VM SKUs the estimate prices, with the unit their price is quoted in. */
export const FIXED_SKUS = {
    containerRegistry: { sku: "ContainerRegistry/Basic", unit: "day" },
    storage: { sku: "Storage/Standard_LRS/Hot", unit: "GB-month" },
    logAnalytics: { sku: "LogAnalytics/PerGB2018", unit: "GB" },
} as const;

export const PRICE_UNITS = ["hour", "day", "GB-month", "GB"] as const;

const priceEntrySchema = z.strictObject({
    sku: z.string().min(1, "must not be empty"),
    region: z
        .string()
        .regex(/^[a-z][a-z0-9]{2,30}$/, "must be an Azure region name like japaneast"),
    unit: z.enum(PRICE_UNITS, `must be one of ${PRICE_UNITS.join(", ")}`),
    price: z.number("must be a number").nonnegative("must not be negative"),
    /** When the price was read (YYYY-MM or YYYY-MM-DD). */
    asOf: z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, "must be a date YYYY-MM or YYYY-MM-DD"),
    /** Where it can be checked today (retail prices API query or pricing page). */
    source: z.string().url("must be a URL"),
    /** The stored capture the price was read from, when it was not read at `source` itself. */
    readFrom: z.string().url("must be a URL").optional(),
    /** A caveat printed beside the source, e.g. that the price was recalled, not read. */
    note: z.string().min(1, "must not be empty").optional(),
});

const priceTableSchema = z.strictObject({
    $comment: z.string().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code like USD"),
    prices: z.array(priceEntrySchema),
});

export type PriceEntry = z.output<typeof priceEntrySchema>;

export interface PriceTable {
    readonly currency: string;
    readonly entries: readonly PriceEntry[];
}

export class PriceTableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PriceTableError";
    }
}

/** Validates a parsed price document; `origin` names it in error messages. */
export function parsePriceTable(raw: unknown, origin: string): PriceTable {
    const result = priceTableSchema.safeParse(raw);
    if (!result.success) {
        const lines = result.error.issues.map(
            (issue) => `  - ${origin}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`,
        );
        throw new PriceTableError(`invalid price table:\n${lines.join("\n")}`);
    }
    return { currency: result.data.currency, entries: result.data.prices };
}

export const BUILT_IN_PRICES: PriceTable = parsePriceTable(builtIn, "offline/plan/prices.json");

const key = (sku: string, region: string): string => `${sku}@${region}`;

/**
 * `base` with `override`'s entries replacing those of the same sku and region, and added otherwise.
 * An override in another currency replaces the whole table: mixing currencies would add yen to
 * dollars without a word, and a SKU it lacks is then reported as unpriced instead.
 */
export function mergePriceTables(base: PriceTable, override: PriceTable): PriceTable {
    if (base.currency !== override.currency) return override;
    const merged = new Map(base.entries.map((entry) => [key(entry.sku, entry.region), entry]));
    for (const entry of override.entries) merged.set(key(entry.sku, entry.region), entry);
    return { currency: base.currency, entries: [...merged.values()] };
}

/** Reads `--prices file.json` and merges it over the built-in table. */
export function loadPriceOverride(file: string, base: PriceTable = BUILT_IN_PRICES): PriceTable {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
        throw new PriceTableError(
            `${file}: cannot read a JSON price table (${error instanceof Error ? error.message : String(error)})`,
        );
    }
    return mergePriceTables(base, parsePriceTable(raw, file));
}

export function findPrice(table: PriceTable, sku: string, region: string): PriceEntry | undefined {
    return table.entries.find((entry) => entry.sku === sku && entry.region === region);
}
