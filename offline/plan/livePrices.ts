/**
 * `npm run plan -- --prices live`: the dated table (prices.json) with each VM entry's price read
 * again from the Azure Retail Prices API, by the query its `source` records (Linux pay-as-you-go
 * meter). An entry whose query fails keeps its dated price, with a note saying so; after the first
 * failure to reach the API at all (no network, DNS, timeout) nothing more is asked, so an offline
 * machine falls back at once instead of waiting out a timeout per entry. Entries that are not VM
 * prices (registry, storage, logs) have no meter rule here and stay as dated.
 * This is the only part of the plan that goes online, and only when asked.
 */
import type { PriceEntry, PriceTable } from "./prices";
import {
    allItems,
    checkCurrency,
    linuxConsumptionPrice,
    RETAIL_PRICES_ORIGIN,
    type RetailPage,
} from "./retailPricesApi";

export interface LivePrices {
    readonly table: PriceTable;
    /** `sku@region` of the entries read live. */
    readonly live: readonly string[];
    /** `sku@region` of the VM entries that kept their dated price, each with why. */
    readonly fellBack: readonly { readonly entry: string; readonly reason: string }[];
    /** `sku@region` of the entries the API is not asked for (not VM prices). */
    readonly notQueried: readonly string[];
}

const label = (e: PriceEntry): string => `${e.sku}@${e.region}`;
const isVmQuery = (e: PriceEntry): boolean =>
    e.unit === "hour" &&
    e.sku.startsWith("Standard_") &&
    e.source.startsWith(`${RETAIL_PRICES_ORIGIN}/`);
/**
 * Whether a failure means the API could not be reached at all: Node's fetch rejects with a
 * TypeError ("fetch failed", the network's error in `cause`) when no answer came, and with a
 * TimeoutError when AbortSignal.timeout fired. Anything else is about this one query.
 */
// By name, not instanceof: the error may come from another realm (Node's fetch runs outside a
// test runner's sandbox, whose TypeError is not Node's).
const errorName = (error: unknown): unknown => (error as { name?: unknown } | null)?.name;
const errorMessage = (error: unknown): string => {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : String(error);
};
const unreachableError = (error: unknown): boolean =>
    ["TypeError", "TimeoutError", "AbortError"].includes(String(errorName(error)));
const reasonOf = (error: unknown): string => {
    // Node's fetch says "fetch failed" and puts the network's own error in `cause`.
    const cause = (error as { cause?: unknown } | null)?.cause;
    return cause === undefined
        ? errorMessage(error)
        : `${errorMessage(error)}: ${errorMessage(cause)}`;
};

export async function livePrices(
    base: PriceTable,
    fetchJson: (url: string) => Promise<RetailPage>,
    today: string,
): Promise<LivePrices> {
    const live: string[] = [];
    const fellBack: { entry: string; reason: string }[] = [];
    const notQueried: string[] = [];
    let unreachable: string | undefined;
    const entries: PriceEntry[] = [];
    for (const entry of base.entries) {
        if (!isVmQuery(entry)) {
            notQueried.push(label(entry));
            entries.push(entry);
            continue;
        }
        let reason = unreachable && `not asked: the API was not reachable (${unreachable})`;
        if (reason === undefined) {
            try {
                const items = await allItems(entry.source, fetchJson);
                // A price in another currency than the table's would be taken as the table's.
                checkCurrency(items, base.currency, entry.source);
                const price = linuxConsumptionPrice(items, entry.sku);
                if (price !== undefined) {
                    const { readFrom: _readFrom, note: _note, ...rest } = entry;
                    void _readFrom;
                    void _note;
                    entries.push({
                        ...rest,
                        price,
                        asOf: today,
                        note: "read live from the Retail Prices API",
                    });
                    live.push(label(entry));
                    continue;
                }
                reason = "the API lists no Linux pay-as-you-go price for it";
            } catch (error) {
                reason = reasonOf(error);
                if (unreachableError(error)) unreachable = reason;
            }
        }
        fellBack.push({ entry: label(entry), reason });
        entries.push({
            ...entry,
            note: [entry.note, `Retail Prices API not used (${reason}): dated table`]
                .filter((n) => n !== undefined)
                .join("; "),
        });
    }
    return { table: { currency: base.currency, entries }, live, fellBack, notQueried };
}

/** What the plan says on stderr about `--prices live`: how many live, and which entries fell back. */
export function livePricesSummary(result: LivePrices): string {
    const lines = [
        `prices: ${result.live.length} VM price(s) read live from ${RETAIL_PRICES_ORIGIN}; ${result.notQueried.length} non-VM entr${result.notQueried.length === 1 ? "y" : "ies"} kept from the dated table (offline/plan/prices.json)`,
    ];
    if (result.fellBack.length > 0) {
        const byReason = new Map<string, string[]>();
        for (const f of result.fellBack)
            byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f.entry]);
        lines.push(
            `prices: FELL BACK to the dated table for ${result.fellBack.length} VM price(s):`,
            ...[...byReason].map(([reason, names]) => `  ${reason}: ${names.join(", ")}`),
        );
    }
    return `${lines.join("\n")}\n`;
}
