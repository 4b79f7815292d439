/**
 * Cost Management answers for `cost` and `status --cost`. The 200 body is the published example of
 * Azure/azure-rest-api-specs specification/cost-management/resource-manager/Microsoft.CostManagement/
 * stable/2022-10-01/examples/ResourceGroupQuery.json (id and group substituted; its two daily rows
 * kept as they are, which the command sums).
 */

/** ResourceGroupQuery.json 200 body (2022-10-01) for `group` of subscription `sub`. */
export const resourceGroupQueryBody = (sub: string, group: string) => ({
    id: `subscriptions/${sub}/resourcegroups/${group}/providers/Microsoft.CostManagement/Query/9af9459d-441d-4055-9ed0-83d4c4a363fb`,
    name: "9af9459d-441d-4055-9ed0-83d4c4a363fb",
    type: "microsoft.costmanagement/Query",
    properties: {
        nextLink: null,
        columns: [
            { name: "PreTaxCost", type: "Number" },
            { name: "ResourceGroup", type: "String" },
            { name: "UsageDate", type: "Number" },
            { name: "Currency", type: "String" },
        ],
        rows: [
            [2.10333307059661, group, 20180417, "USD"],
            [20.10333307059661, group, 20180418, "USD"],
        ],
    },
});

/** The sum of the example's rows, as the report prints it. */
export const EXAMPLE_SUM = (2.10333307059661 + 20.10333307059661).toFixed(2); // 22.21
