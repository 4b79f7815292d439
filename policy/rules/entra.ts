/**
 * Entra client secrets: a team's secret must die shortly after its event. azuread's default is two
 * years, and a relative end date (`endDateRelative`) counts from whenever the resource is replaced,
 * so only an absolute `endDate` within SECRET_MAX_DAYS of the event's end is accepted.
 */
import { show } from "../props";
import type { PolicyContext, PolicyResource, ResourceRule } from "../types";
import type * as azuread from "@pulumi/azuread";
import { propsOf } from "../typedProps";

const password = propsOf<azuread.ApplicationPasswordArgs>();

export const APPLICATION_PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
export const SERVICE_PRINCIPAL_PASSWORD =
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword";

/** How long after the event's last day a client secret may still be valid. */
export const SECRET_MAX_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;
/** RFC 3339 as azuread takes it, e.g. 2026-12-12T23:59:59Z. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The latest allowed end: the end (UTC) of the day SECRET_MAX_DAYS after `endsOn`. */
export function latestSecretEnd(endsOn: string): Date {
    return new Date(Date.parse(`${endsOn}T23:59:59Z`) + SECRET_MAX_DAYS * DAY_MS);
}

export function checkClientSecretExpiry(r: PolicyResource, ctx: PolicyContext): string[] {
    const relative = password(r, "endDateRelative");
    if (relative !== undefined && relative !== null && relative !== "") {
        return [
            `endDateRelative must not be set (is ${show(relative)}): give an absolute endDate tied to the event's end`,
        ];
    }
    const endDate = password(r, "endDate");
    if (
        typeof endDate !== "string" ||
        !RFC3339.test(endDate) ||
        Number.isNaN(Date.parse(endDate))
    ) {
        return [
            `endDate must be an RFC 3339 time such as "2026-12-12T23:59:59Z" (is ${show(endDate)}); without it the secret is valid for 2 years`,
        ];
    }
    if (ctx.endsOn === undefined) {
        return [
            "cannot check endDate: no endsOn in the context (tag endsOn on the team's resource group)",
        ];
    }
    const latest = latestSecretEnd(ctx.endsOn);
    return Date.parse(endDate) <= latest.getTime()
        ? []
        : [
              `endDate must be no later than ${latest.toISOString().replace(".000Z", "Z")}, ${SECRET_MAX_DAYS} days after the event ends on ${ctx.endsOn} (is ${show(endDate)})`,
          ];
}

export const entraRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "client-secret-expiry",
        description: `Entra client secrets have an absolute endDate at most ${SECRET_MAX_DAYS} days after the event ends.`,
        rules: [],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [APPLICATION_PASSWORD, SERVICE_PRINCIPAL_PASSWORD],
        needsContext: ["endsOn"],
        check: checkClientSecretExpiry,
    },
];
