/**
 * Rows that list someone of the tenant's own domains by e-mail. Such a person is already a user of
 * the tenant; as an `email` member they would be "invited", Graph would answer with the existing
 * user, and teardown, which deletes the guests the stack invited, would delete that user (issue 20
 * item 10). The roster names its tenant's domains in `event.invitation.tenantDomains`.
 */

/** The tenant domain `address` belongs to (the domain itself or a subdomain), if any. */
export function tenantDomainOf(
    address: string,
    tenantDomains: readonly string[],
): string | undefined {
    const at = address.lastIndexOf("@");
    if (at < 0) return undefined;
    const domain = address.slice(at + 1).toLowerCase();
    return tenantDomains.find((d) => domain === d || domain.endsWith(`.${d}`));
}

/** One warning per imported row whose member is an e-mail in a tenant domain, in row order. */
export function tenantEmailWarnings(
    added: readonly { readonly row: number; readonly member: Record<string, unknown> }[],
    tenantDomains: readonly string[],
    csvFile: string,
    emailColumn: string | undefined,
): { row: number; text: string }[] {
    return added
        .flatMap(({ row, member }) => {
            const email = member.email;
            if (typeof email !== "string") return [];
            const domain = tenantDomainOf(email, tenantDomains);
            if (domain === undefined) return [];
            const column =
                emailColumn !== undefined ? `, column ${JSON.stringify(emailColumn)}` : "";
            return [
                {
                    row,
                    text:
                        `${csvFile} row ${row}${column}: github ${JSON.stringify(member.github)} is listed by e-mail ${JSON.stringify(email)}, ` +
                        `in ${domain}, which event.invitation.tenantDomains says belongs to the tenant: this person is already in the tenant, ` +
                        `so give their user principal name (UPN) instead; as an e-mail member they would be invited as a guest, and ` +
                        `teardown deletes invited guests`,
                },
            ];
        })
        .sort((a, b) => a.row - b.row);
}
