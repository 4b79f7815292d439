/**
 * Cost Management answers for `cost` and `status --cost`, each from its source:
 * - Azure/azure-rest-api-specs specification/cost-management/resource-manager/
 *   Microsoft.CostManagement/stable/2022-10-01/examples/SubscriptionQueryGrouping.json: the request
 *   the commands send (granularity None, PreTaxCost Sum, grouped by ResourceGroup, at the
 *   subscription) and its 200 body VERBATIM (`subscriptionQueryGrouping`); `withRows` keeps that
 *   body and replaces its rows (the change is said where it is used);
 * - BillingAccountQueryGrouping.json (same folder): 200 body VERBATIM, a page with a nextLink;
 * - the live 429 body quoted at Microsoft Q&A, "CostManagement Query operation - too many request
 *   only after 4 request" (https://learn.microsoft.com/en-us/answers/questions/1488793/).
 */

/** The path of a subscription's Query_Usage. */
export const subscriptionQueryPath = (sub: string) =>
    `/subscriptions/${sub}/providers/Microsoft.CostManagement/query`;

/** SubscriptionQueryGrouping.json (2022-10-01) 200 body, verbatim. */
export const subscriptionQueryGrouping = {
    id: "subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CostManagement/Query/00000000-0000-0000-0000-000000000000",
    name: "55312978-ba1b-415c-9304-cfd9c43c0481",
    type: "microsoft.costmanagement/Query",
    properties: {
        nextLink: null,
        columns: [
            { name: "PreTaxCost", type: "Number" },
            { name: "ResourceGroup", type: "String" },
            { name: "Currency", type: "String" },
        ],
        rows: [
            [0.009865586851323632, "Ict_StratAndPlan_GoldSprova_Prod_0", "USD"],
            [218.68795741935486, "Ict_StratAndPlan_GoldSprova_Prod_1", "USD"],
            [2.10333307059661, "ScreenSharingTest-peer1", "USD"],
            [0.14384913581657052, "Ssbciotelement01", "USD"],
        ],
    },
};
export type Row = (string | number)[];
export const withRows = (rows: Row[]) => ({
    ...subscriptionQueryGrouping,
    properties: { ...subscriptionQueryGrouping.properties, rows },
});
/** BillingAccountQueryGrouping.json (2022-10-01) 200 body, verbatim: a page with a nextLink. */
export const billingAccountQueryGrouping = {
    id: "providers/Microsoft.Billing/billingAccounts/70664866/providers/Microsoft.CostManagement/Query/ad67fd91-c131-4bda-9ba9-7187ecb1cebd",
    name: "ad67fd91-c131-4bda-9ba9-7187ecb1cebd",
    type: "microsoft.costmanagement/Query",
    properties: {
        nextLink:
            "https://management.azure.com/providers/Microsoft.Billing/billingAccounts/70664866/providers/Microsoft.CostManagement/Query?api-version=2021-10-01&$skiptoken=AQAAAA%3D%3D",
        columns: [
            { name: "PreTaxCost", type: "Number" },
            { name: "ResourceGroup", type: "String" },
            { name: "Currency", type: "String" },
        ],
        rows: [
            [19.545363672276512, "JapanUnifia-Trial", "USD"],
            [173.41979241290323, "RVIIOT-TRIAL", "USD"],
            [20.359416562625452, "VSTSHOL-1595322048000", "USD"],
        ],
    },
};

/** The Q&A page's live 429 body. */
export const throttledBody = {
    error: { code: "429", message: "Too many requests. Please retry." },
};
