/**
 * The Retail Prices regeneration script on pages of the API's documented shape (the response
 * fields BillingCurrency, CustomerEntityId, CustomerEntityType, Items, NextPageLink, Count of
 * https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices; item
 * fields as listed there). NOT recorded from the live API (no network here): the prices and meter
 * names below are chosen by the test, so they prove the selection and paging, not any price.
 */
import {
    allItems,
    linuxConsumptionPrice,
    regenerate,
    type RetailItem,
    type RetailPage,
} from "../../scripts/retailPrices";
import { retailPage } from "./helpers";

const item = (over: Partial<RetailItem>): RetailItem => ({
    currencyCode: "USD",
    retailPrice: 0.146,
    armRegionName: "eastus",
    armSkuName: "Standard_D2_v2",
    productName: "Virtual Machines Dv2 Series",
    skuName: "D2 v2",
    type: "Consumption",
    unitOfMeasure: "1 Hour",
    ...over,
});

const page = (items: RetailItem[], next: string | null): RetailPage => retailPage(items, next);

test("keeps the Linux pay-as-you-go meter, never Windows, Spot, Low Priority or a reservation", () => {
    const items = [
        item({ productName: "Virtual Machines Dv2 Series Windows", retailPrice: 0.25 }),
        item({ skuName: "D2 v2 Spot", retailPrice: 0.02 }),
        item({ skuName: "D2 v2 Low Priority", retailPrice: 0.03 }),
        item({ type: "Reservation", unitOfMeasure: "1 Year", retailPrice: 700 }),
        item({}),
    ];
    expect(linuxConsumptionPrice(items, "Standard_D2_v2")).toBe(0.146);
    expect(linuxConsumptionPrice(items, "Standard_D3_v2")).toBeUndefined();
});

test("follows NextPageLink; regenerates VM entries with today's date and leaves others alone", async () => {
    const first = "https://prices.azure.com/api/retail/prices?$filter=x";
    const pages: Record<string, RetailPage> = {
        [first]: page([item({ skuName: "D2 v2 Spot", retailPrice: 0.02 })], `${first}&$skip=100`),
        [`${first}&$skip=100`]: page([item({ retailPrice: 0.15 })], null),
    };
    const asked: string[] = [];
    const fetchJson = (url: string) => {
        asked.push(url);
        return Promise.resolve(pages[url]);
    };
    expect((await allItems(first, fetchJson)).length).toBe(2);
    const table = {
        currency: "USD",
        prices: [
            {
                sku: "Standard_D2_v2",
                region: "eastus",
                unit: "hour",
                price: 0.146,
                asOf: "2026-06-18",
                source: first,
                readFrom: "https://example.invalid/capture",
            },
            {
                sku: "ContainerRegistry/Basic",
                region: "eastus",
                unit: "day",
                price: 0.167,
                asOf: "2025-01",
                source: "https://azure.microsoft.com/pricing/",
            },
        ],
    };
    const regenerated = await regenerate(table, fetchJson, "2026-12-05");
    expect(regenerated.prices).toEqual([
        {
            sku: "Standard_D2_v2",
            region: "eastus",
            unit: "hour",
            price: 0.15,
            asOf: "2026-12-05",
            source: first,
        },
        table.prices[1],
    ]);
});

test("a size the API does not price is an error naming the size and the query", async () => {
    const source = "https://prices.azure.com/api/retail/prices?$filter=y";
    await expect(
        regenerate(
            {
                prices: [
                    {
                        sku: "Standard_D9_v9",
                        region: "eastus",
                        unit: "hour",
                        price: 1,
                        asOf: "x",
                        source,
                    },
                ],
            },
            () => Promise.resolve(page([], null)),
            "2026-12-05",
        ),
    ).rejects.toThrow(
        `Standard_D9_v9 in eastus: the API lists no Linux consumption price (${source})`,
    );
});
