/**
 * `--prices live` through Node's real fetch, answered by nock (no connection leaves the process).
 * The pages have the shape Microsoft documents on "Azure Retail Prices overview"
 * (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices): the
 * envelope BillingCurrency, CustomerEntityId, CustomerEntityType, Items, NextPageLink, Count, and
 * items with the fields of its "API response examples". The first item below is that page's sample
 * item verbatim (F16s Spot, Windows, DevTestConsumption: never a price the plan may take); the other
 * items copy its shape with this test's SKU, region and prices. They are NOT recorded from the live
 * API (this machine has no network): they prove the selection, the paging and the fall-back, not
 * any price.
 */
import nock from "nock";
import { main } from "../../offline/plan/cli";
import { livePrices, livePricesSummary } from "../../offline/plan/livePrices";
import type { PriceTable } from "../../offline/plan/prices";
import { fetchRetailPage } from "../../offline/plan/retailPricesApi";
import { useNock } from "../helpers/nock";
import { retailPage } from "./helpers";

useNock({ failOnPending: true });

const ORIGIN = "https://prices.azure.com";
const query = (sku: string) =>
    `${ORIGIN}/api/retail/prices?currencyCode='USD'&$filter=serviceName%20eq%20'Virtual%20Machines'%20and%20armRegionName%20eq%20'eastus'%20and%20armSkuName%20eq%20'${sku}'%20and%20priceType%20eq%20'Consumption'`;

/** The docs page's sample item, verbatim. */
const DOCS_SAMPLE_ITEM = {
    currencyCode: "USD",
    tierMinimumUnits: 0.0,
    retailPrice: 0.176346,
    unitPrice: 0.176346,
    armRegionName: "westeurope",
    location: "EU West",
    effectiveStartDate: "2020-08-01T00:00:00Z",
    meterId: "000a794b-bdb0-58be-a0cd-0c3a0f222923",
    meterName: "F16s Spot",
    productId: "DZH318Z0BQPS",
    skuId: "DZH318Z0BQPS/00TG",
    productName: "Virtual Machines FS Series Windows",
    skuName: "F16s Spot",
    serviceName: "Virtual Machines",
    serviceId: "DZH313Z7MMC8",
    serviceFamily: "Compute",
    unitOfMeasure: "1 Hour",
    type: "DevTestConsumption",
    isPrimaryMeterRegion: true,
    armSkuName: "Standard_F16s",
};

/** The sample's shape with this test's values: a Linux pay-as-you-go meter of `sku` in eastus. */
const linuxItem = (sku: string, retailPrice: number, skuName: string) => ({
    ...DOCS_SAMPLE_ITEM,
    retailPrice,
    unitPrice: retailPrice,
    armRegionName: "eastus",
    location: "US East",
    meterName: skuName,
    productName: "Virtual Machines Dv2 Series",
    skuName,
    type: "Consumption",
    armSkuName: sku,
});

const page = retailPage;

const entry = (sku: string, price: number) => ({
    sku,
    region: "eastus",
    unit: "hour" as const,
    price,
    asOf: "2026-06-18",
    source: query(sku),
    readFrom: "https://github.com/Azure/karpenter-provider-azure",
});

const TABLE: PriceTable = {
    currency: "USD",
    entries: [
        entry("Standard_D2_v2", 0.146),
        entry("Standard_DS2_v2", 0.146),
        {
            sku: "Storage/Standard_LRS/Hot",
            region: "eastus",
            unit: "GB-month",
            price: 0.0208,
            asOf: "2025-01",
            source: "https://azure.microsoft.com/pricing/details/storage/blobs/",
        },
    ],
};

/** nock matches the path and the query as sent: the recorded `source` URL, split. */
const intercept = (url: string) => {
    const u = new URL(url);
    return nock(ORIGIN).get(u.pathname).query(Object.fromEntries(u.searchParams));
};

/** DS2's query answered with its Linux meter: the entry after a failing one is still asked. */
const ds2Answers = () =>
    intercept(query("Standard_DS2_v2")).reply(
        200,
        page([linuxItem("Standard_DS2_v2", 0.15, "DS2 v2")], null),
    );

test("reads each VM entry's recorded query, follows NextPageLink, keeps the Linux meter; a failing query keeps the dated price, said per entry", async () => {
    // NextPageLink as the docs page shows it: the origin with its port, the filter, `$skip`.
    const next = `${ORIGIN}:443/api/retail/prices?currencyCode='USD'&$filter=serviceName%20eq%20'Virtual%20Machines'%20and%20armRegionName%20eq%20'eastus'%20and%20armSkuName%20eq%20'Standard_D2_v2'%20and%20priceType%20eq%20'Consumption'&$skip=1000`;
    intercept(query("Standard_D2_v2")).reply(200, page([DOCS_SAMPLE_ITEM], next));
    intercept(next).reply(200, page([linuxItem("Standard_D2_v2", 0.152, "D2 v2")], null));
    intercept(query("Standard_DS2_v2")).reply(503, "Service Unavailable");

    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.live).toEqual(["Standard_D2_v2@eastus"]);
    expect(result.fellBack).toEqual([
        { entry: "Standard_DS2_v2@eastus", reason: `HTTP 503 from ${query("Standard_DS2_v2")}` },
    ]);
    expect(result.notQueried).toEqual(["Storage/Standard_LRS/Hot@eastus"]);
    const [d2, ds2, storage] = result.table.entries;
    expect(d2).toMatchObject({ price: 0.152, asOf: "2026-12-06" });
    expect(d2.readFrom).toBeUndefined();
    expect(ds2).toMatchObject({ price: 0.146, asOf: "2026-06-18" });
    expect(ds2.note).toContain("Retail Prices API not used (HTTP 503");
    expect(storage).toEqual(TABLE.entries[2]);
    expect(livePricesSummary(result)).toContain(
        "FELL BACK to the dated table for 1 VM price(s):\n  HTTP 503",
    );
});

test("an unreachable API: the first failure stops the queries, every VM entry falls back at once", async () => {
    // disableNetConnect: the request fails as an offline machine's would, before any answer.
    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.live).toEqual([]);
    expect(result.fellBack.map((f) => f.entry)).toEqual([
        "Standard_D2_v2@eastus",
        "Standard_DS2_v2@eastus",
    ]);
    expect(result.fellBack[1].reason).toMatch(/^not asked: the API was not reachable \(/);
    expect(result.table.entries.map((e) => e.price)).toEqual([0.146, 0.146, 0.0208]);
});

test("a next page outside prices.azure.com is not followed", async () => {
    intercept(query("Standard_D2_v2")).reply(
        200,
        page([DOCS_SAMPLE_ITEM], "https://elsewhere.example/api/retail/prices?$skip=100"),
    );
    ds2Answers();
    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.fellBack[0].reason).toContain("outside https://prices.azure.com");
    expect(result.live).toEqual(["Standard_DS2_v2@eastus"]);
});

test("npm run plan -- --prices live offline: the plan still runs on the dated table and says which entries fell back", async () => {
    let stdout = "";
    let stderr = "";
    const code = await main(
        ["stacks/example.yaml", "--prices", "live", "--workers", "0", "--now", "2026-11-27"],
        {
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            clock: () => new Date("2026-12-06T00:00:00Z"),
            cwd: `${__dirname}/../..`,
        },
    );
    expect(code).toBe(0);
    expect(stderr).toContain("prices: 0 VM price(s) read live");
    expect(stderr).toMatch(
        /FELL BACK to the dated table for 44 VM price\(s\):\n {2}.*Standard_D1_v2@eastus/,
    );
    expect(stdout).toContain("Retail Prices API not used (not asked: the API was not reachable");
});

test("a 200 without Items is an unexpected answer for that entry, not an unreachable API", async () => {
    intercept(query("Standard_D2_v2")).reply(200, { error: "not a page" });
    ds2Answers();
    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.fellBack).toEqual([
        {
            entry: "Standard_D2_v2@eastus",
            reason: `unexpected answer from ${query("Standard_D2_v2")}: no Items list`,
        },
    ]);
    expect(result.live).toEqual(["Standard_DS2_v2@eastus"]);
});

test("a redirect is not followed: no answer can come from outside prices.azure.com", async () => {
    // Nothing answers at elsewhere.example: had fetch followed the redirect, the request would
    // fail (disableNetConnect) as if the API were unreachable, and DS2 would not be asked.
    intercept(query("Standard_D2_v2")).reply(302, "", {
        Location: "https://elsewhere.example/api/retail/prices",
    });
    ds2Answers();
    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.fellBack).toEqual([
        { entry: "Standard_D2_v2@eastus", reason: `HTTP 302 from ${query("Standard_D2_v2")}` },
    ]);
    expect(result.live).toEqual(["Standard_DS2_v2@eastus"]);
});

test("an item in another currency than the table's is refused for that entry", async () => {
    intercept(query("Standard_D2_v2")).reply(
        200,
        page([{ ...linuxItem("Standard_D2_v2", 0.14, "D2 v2"), currencyCode: "EUR" }], null),
    );
    ds2Answers();
    const result = await livePrices(TABLE, (url) => fetchRetailPage(url), "2026-12-06");
    expect(result.fellBack).toEqual([
        {
            entry: "Standard_D2_v2@eastus",
            reason: `unexpected answer from ${query("Standard_D2_v2")}: an item in EUR, the table is in USD`,
        },
    ]);
    expect(result.table.entries[0].price).toBe(0.146);
    expect(result.live).toEqual(["Standard_DS2_v2@eastus"]);
});
