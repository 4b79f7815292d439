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

/** The API answered 200 with something else than a page of prices: this query failed. */
export class RetailPricesAnswerError extends Error {
    constructor(detail: string, url: string) {
        super(`unexpected answer from ${url}: ${detail}`);
        this.name = "RetailPricesAnswerError";
    }
}

/** `body` as a page, or why it is not one (Items a list, NextPageLink a string or null). */
export function asRetailPage(body: unknown, url: string): RetailPage {
    const page = body as { Items?: unknown; NextPageLink?: unknown } | null;
    if (page === null || typeof page !== "object" || !Array.isArray(page.Items))
        throw new RetailPricesAnswerError("no Items list", url);
    const next = page.NextPageLink;
    if (next !== undefined && next !== null && typeof next !== "string")
        throw new RetailPricesAnswerError("NextPageLink is neither a link nor null", url);
    return { Items: page.Items as RetailItem[], NextPageLink: next ?? null };
}

/** Every item in `currency` (the table's), or an error naming the first that is not. */
export function checkCurrency(items: readonly RetailItem[], currency: string, url: string): void {
    const other = items.find((i) => i.currencyCode !== currency);
    if (other !== undefined)
        throw new RetailPricesAnswerError(
            `an item in ${String(other.currencyCode)}, the table is in ${currency}`,
            url,
        );
}

/**
 * One page with Node's fetch; a request that takes longer than `timeoutMs` is abandoned. Redirects
 * are not followed (`manual`: Node's fetch then hands back the 3xx itself), so no answer can come
 * from outside prices.azure.com; a 3xx is reported as this query's HTTP error. A 200 whose body is
 * not a page is this query's "unexpected answer", never taken for an unreachable API.
 */
export async function fetchRetailPage(url: string, timeoutMs = 10_000): Promise<RetailPage> {
    const response = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
    });
    if (!response.ok) throw new RetailPricesHttpError(response.status, url);
    let body: unknown;
    try {
        body = await response.json();
    } catch (error) {
        throw new RetailPricesAnswerError(
            `not JSON (${error instanceof Error ? error.message : String(error)})`,
            url,
        );
    }
    return asRetailPage(body, url);
}
