/**
 * The Azure Retail Prices API (https://prices.azure.com/api/retail/prices, public, no sign-in;
 * Microsoft Learn "Azure Retail Prices overview",
 * https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices). Microsoft
 * publishes no SDK for it (the page documents only the REST endpoint, its OData `$filter` and its
 * JSON), so it is read with Node's own fetch. Used by `npm run plan -- --prices live`
 * (offline/plan/livePrices.ts) and by scripts/retailPrices.ts, which regenerates the dated table.
 */

/** One item of the API's `Items` (the fields read here; names as in the page's sample response). */
export interface RetailItem {
    readonly currencyCode: string;
    readonly retailPrice: number;
    readonly armRegionName: string;
    readonly armSkuName: string;
    readonly productName: string;
    readonly skuName: string;
    readonly type: string;
    readonly unitOfMeasure: string;
}

/** One page of an answer: `Items`, and `NextPageLink` while more follow (null on the last). */
export interface RetailPage {
    readonly Items: readonly RetailItem[];
    readonly NextPageLink: string | null;
}

export const RETAIL_PRICES_ORIGIN = "https://prices.azure.com";

/** The Linux pay-as-you-go hourly price of a VM size among an answer's items, or undefined. */
export function linuxConsumptionPrice(
    items: readonly RetailItem[],
    sku: string,
): number | undefined {
    const candidates = items.filter(
        (i) =>
            i.armSkuName === sku &&
            i.type === "Consumption" &&
            i.unitOfMeasure === "1 Hour" &&
            !/Windows/i.test(i.productName) &&
            !/Spot|Low Priority/i.test(i.skuName),
    );
    const prices = [...new Set(candidates.map((i) => i.retailPrice))];
    // Two different prices for one size would be a filter this code does not understand: say so.
    if (prices.length > 1)
        throw new Error(`${sku}: ${prices.length} Linux consumption prices (${prices.join(", ")})`);
    return prices[0];
}

/** Every page of one query, following NextPageLink (only within the API's own origin). */
export async function allItems(
    url: string,
    fetchJson: (url: string) => Promise<RetailPage>,
): Promise<RetailItem[]> {
    const items: RetailItem[] = [];
    for (let next: string | null = url; next !== null;) {
        if (new URL(next).origin !== RETAIL_PRICES_ORIGIN)
            throw new Error(
                `the Retail Prices API pointed its next page outside ${RETAIL_PRICES_ORIGIN}: ${next}`,
            );
        const page: RetailPage = await fetchJson(next);
        items.push(...page.Items);
        next = page.NextPageLink;
    }
    return items;
}

/** The API answered, with an HTTP error: this query failed, the API itself is reachable. */
export class RetailPricesHttpError extends Error {
    constructor(
        readonly status: number,
        url: string,
    ) {
        super(`HTTP ${status} from ${url}`);
        this.name = "RetailPricesHttpError";
    }
}

/** One page with Node's fetch; a request that takes longer than `timeoutMs` is abandoned. */
export async function fetchRetailPage(url: string, timeoutMs = 10_000): Promise<RetailPage> {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new RetailPricesHttpError(response.status, url);
    return (await response.json()) as RetailPage;
}
