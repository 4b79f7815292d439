/**
 * Regenerates the VM entries of the plan's price table from the Azure Retail Prices API
 * (https://prices.azure.com/api/retail/prices, public, no sign-in;
 * https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices). Each
 * entry's `source` already records its query (serviceName, armRegionName, armSkuName,
 * priceType Consumption); this script runs it, follows `NextPageLink`, and keeps the Linux
 * pay-as-you-go meter (no Spot, no Low Priority, no Windows).
 *
 *   npx tsx scripts/retailPrices.ts offline/plan/prices.json > prices-live.json
 *   npm run plan -- stacks/example.yaml --prices prices-live.json
 *
 * The API calls are those of `--prices live` (offline/plan/retailPricesApi.ts).
 *
 * NOT RUN HERE: this machine has no network, so offline/plan/prices.json was not regenerated.
 */
import { readFileSync } from "node:fs";
import {
    allItems,
    fetchRetailPage,
    linuxConsumptionPrice,
    type RetailPage,
} from "../offline/plan/retailPricesApi";

export {
    allItems,
    linuxConsumptionPrice,
    type RetailItem,
    type RetailPage,
} from "../offline/plan/retailPricesApi";

interface TableEntry {
    sku: string;
    region: string;
    unit: string;
    price: number;
    asOf: string;
    source: string;
    readFrom?: string;
}

/** The table with each VM entry's price read again from its `source` query. */
export async function regenerate(
    table: { prices: TableEntry[] } & Record<string, unknown>,
    fetchJson: (url: string) => Promise<RetailPage>,
    today: string,
): Promise<typeof table> {
    const prices: TableEntry[] = [];
    for (const entry of table.prices) {
        if (
            !entry.sku.startsWith("Standard_") ||
            !entry.source.startsWith("https://prices.azure.com/")
        ) {
            prices.push(entry);
            continue;
        }
        const price = linuxConsumptionPrice(await allItems(entry.source, fetchJson), entry.sku);
        if (price === undefined)
            throw new Error(
                `${entry.sku} in ${entry.region}: the API lists no Linux consumption price (${entry.source})`,
            );
        const { readFrom: _readFrom, ...rest } = entry;
        void _readFrom;
        prices.push({ ...rest, price, asOf: today });
    }
    return { ...table, prices };
}

if (require.main === module) {
    const file = process.argv[2] ?? "offline/plan/prices.json";
    const table = JSON.parse(readFileSync(file, "utf8")) as { prices: TableEntry[] };
    regenerate(table, (url) => fetchRetailPage(url, 60_000), new Date().toISOString().slice(0, 10))
        .then((t) => process.stdout.write(`${JSON.stringify(t, null, 2)}\n`))
        .catch((error: unknown) => {
            process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        });
}
