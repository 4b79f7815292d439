/**
 * How members are named in Entra ID: user principal names as Entra ID issues them (guests
 * included) and e-mail addresses to invite. Pure, so the schema, the CSV import and property tests
 * share one statement of the rules.
 *
 * UPN rules: "Username policies" in Microsoft's "Password policies and account restrictions in
 * Microsoft Entra ID" (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy):
 * characters A-Z a-z 0-9 ' . - _ ! # ^ ~; no "@" other than the one before the domain; no "."
 * immediately before the "@"; at most 113 characters, 64 before the "@" and 48 after it. A B2B guest's
 * UPN is its e-mail with "@" turned into "_" plus "#EXT#@<tenant domain>", e.g.
 * `alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`, which these rules accept.
 */

export const UPN_MAX_LENGTH = 113;
export const UPN_LOCAL_MAX_LENGTH = 64;
export const UPN_DOMAIN_MAX_LENGTH = 48;
/** The characters Entra ID allows in a UPN's user name (before the "@"). */
export const UPN_LOCAL_CHARACTERS = /^[A-Za-z0-9'._!#^~-]+$/;
/** A DNS domain name: dot-separated labels of letters, digits and inner hyphens, at least two labels. */
const DOMAIN =
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DOMAIN_RULE =
    "after the @ must be a domain name like contoso.onmicrosoft.com (letters, digits, inner hyphens, dot-separated)";

const show = (chars: Iterable<string>): string =>
    [...new Set(chars)].map((c) => JSON.stringify(c)).join(", ");

/**
 * The first Entra ID rule a user principal name breaks, worded for an organizer, or undefined when
 * Entra ID would accept it.
 */
export function upnProblem(upn: string): string | undefined {
    const at = upn.split("@");
    if (at.length !== 2)
        return "must contain exactly one @, between the user name and the domain (Entra ID allows no other @ in a UPN)";
    const [local, domain] = at;
    if (local.length === 0 || local.length > UPN_LOCAL_MAX_LENGTH)
        return `must have 1-${UPN_LOCAL_MAX_LENGTH} characters before the @ (Entra ID's limit; has ${local.length})`;
    if (!UPN_LOCAL_CHARACTERS.test(local)) {
        const bad = [...local].filter((c) => !UPN_LOCAL_CHARACTERS.test(c));
        return `may only contain letters A-Z a-z, digits and ' . - _ ! # ^ ~ before the @ (Entra ID's UPN characters; found ${show(bad)})`;
    }
    if (local.endsWith("."))
        return 'must not have a "." immediately before the @ (Entra ID\'s rule)';
    if (domain.length > UPN_DOMAIN_MAX_LENGTH)
        return `must have at most ${UPN_DOMAIN_MAX_LENGTH} characters after the @ (Entra ID's limit; has ${domain.length})`;
    if (!DOMAIN.test(domain)) return `${DOMAIN_RULE}`;
    // Implied by the two limits above; kept so the rule is stated where Microsoft states it.
    if (upn.length > UPN_MAX_LENGTH)
        return `must be at most ${UPN_MAX_LENGTH} characters (Entra ID's limit)`;
    return undefined;
}

export const isUserPrincipalName = (upn: string): boolean => upnProblem(upn) === undefined;

/** RFC 5322 dot-atom characters of an e-mail's local part (ASCII only: see schema.ts). */
const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL_LOCAL = new RegExp(`^${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*$`);
export const EMAIL_LOCAL_MAX_LENGTH = 64;
export const EMAIL_MAX_LENGTH = 254;

/**
 * The first rule an e-mail address to invite breaks, or undefined. An ASCII RFC 5322 dot-atom
 * address (`name+tag@example.co.jp`); quoted local parts and IP-literal domains are refused, as
 * no registration form produces them and Entra's invitation e-mail would need them verbatim.
 */
export function emailProblem(email: string): string | undefined {
    const at = email.lastIndexOf("@");
    if (at <= 0 || at === email.length - 1)
        return "must be an e-mail address like alice@fabrikam.com";
    const local = email.slice(0, at);
    const domain = email.slice(at + 1);
    if (local.length > EMAIL_LOCAL_MAX_LENGTH)
        return `must have at most ${EMAIL_LOCAL_MAX_LENGTH} characters before the @ (RFC 5321; has ${local.length})`;
    if (!EMAIL_LOCAL.test(local))
        return "before the @, only letters, digits, single dots (not first or last) and !#$%&'*+/=?^_`{|}~- (an ASCII e-mail address)";
    if (!DOMAIN.test(domain)) return DOMAIN_RULE;
    if (email.length > EMAIL_MAX_LENGTH)
        return `must be at most ${EMAIL_MAX_LENGTH} characters (RFC 5321)`;
    return undefined;
}

export const isEmailAddress = (email: string): boolean => emailProblem(email) === undefined;
