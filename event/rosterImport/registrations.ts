/**
 * A registration export (CSV, as spreadsheet tools and form services write it) read into one
 * record per participant. Columns are found by their header, in English or Japanese, so the
 * organizers' form needs no fixed layout; every problem names its spreadsheet row and column.
 */
import { parse } from "csv-parse/sync";

/** What a column can hold. */
export type RegistrationField =
    "github" | "userPrincipalName" | "objectId" | "email" | "team" | "displayName";

/**
 * Header spellings per field, after `headerKey` (NFKC, lowercase, no spaces or punctuation), so
 * `E-mail Address`, `ＧｉｔＨｕｂ アカウント` and `メール アドレス` all match.
 */
export const HEADER_NAMES: Readonly<Record<RegistrationField, readonly string[]>> = {
    github: [
        "github",
        "githublogin",
        "githubusername",
        "githubaccount",
        "githubid",
        "githubユーザー名",
        "githubアカウント",
        "githubアカウント名",
    ],
    userPrincipalName: ["upn", "userprincipalname", "ユーザープリンシパル名"],
    objectId: ["objectid", "entraobjectid", "オブジェクトid"],
    email: [
        "email",
        "emailaddress",
        "mail",
        "mailaddress",
        "メール",
        "メールアドレス",
        "eメール",
        "eメールアドレス",
        "電子メールアドレス",
    ],
    team: ["team", "teamname", "チーム", "チーム名"],
    displayName: ["name", "fullname", "displayname", "氏名", "名前", "お名前", "表示名"],
};

export const headerKey = (header: string): string =>
    header
        .normalize("NFKC")
        .toLowerCase()
        .replace(/[\s\-_.・:：()（）]/g, "");

const FIELD_OF_KEY = new Map<string, RegistrationField>(
    (Object.entries(HEADER_NAMES) as [RegistrationField, readonly string[]][]).flatMap(
        ([field, keys]) => keys.map((k) => [k, field] as const),
    ),
);

/** One participant: the spreadsheet row (the header is row 1) and the non-empty cells by field. */
export interface Registration {
    readonly row: number;
    readonly values: Readonly<Partial<Record<RegistrationField, string>>>;
}

export interface ImportProblem {
    /** Spreadsheet row (header = 1); undefined for a problem of the whole file. */
    readonly row?: number;
    /** The column's header as written in the file. */
    readonly column?: string;
    readonly message: string;
}

export interface RegistrationTable {
    /** Header as written, per field found. */
    readonly columns: Readonly<Partial<Record<RegistrationField, string>>>;
    readonly registrations: readonly Registration[];
    readonly problems: readonly ImportProblem[];
}

/**
 * Identifiers are compared and written as NFKC: forms filled in on Japanese keyboards often carry
 * full-width letters (`ａｌｉｃｅ＠…`) that are plainly meant as ASCII. A GitHub login written as
 * `@octocat` loses its `@`. Display names are kept as written.
 */
function cleanCell(field: RegistrationField, cell: string): string {
    if (field === "displayName") return cell.trim();
    const value = cell.normalize("NFKC").trim();
    return field === "github" ? value.replace(/^@/, "") : value;
}

/** Parses CSV text (UTF-8, with or without BOM). Unknown columns (timestamps, company...) are ignored. */
export function readRegistrations(text: string): RegistrationTable {
    let rows: string[][];
    try {
        rows = parse(text, { bom: true, relax_column_count: true });
    } catch (error) {
        // csv-parse says where ("Invalid Closing Quote: ... at line 4").
        return {
            columns: {},
            registrations: [],
            problems: [{ message: error instanceof Error ? error.message : String(error) }],
        };
    }
    const problems: ImportProblem[] = [];
    const header = rows[0] ?? [];
    const columns: Partial<Record<RegistrationField, string>> = {};
    const indexOf = new Map<RegistrationField, number>();
    header.forEach((name, i) => {
        const field = FIELD_OF_KEY.get(headerKey(name));
        if (field === undefined) return;
        const earlier = columns[field];
        if (earlier !== undefined) {
            problems.push({
                row: 1,
                column: name,
                message: `holds the same thing as column ${JSON.stringify(earlier)} (${field}); keep one of them`,
            });
            return;
        }
        columns[field] = name;
        indexOf.set(field, i);
    });
    if (columns.github === undefined)
        problems.push({
            row: 1,
            message: `no column for the GitHub login (a header such as ${HEADER_NAMES.github.slice(0, 2).join(", ")} or GitHubアカウント)`,
        });
    if (
        columns.userPrincipalName === undefined &&
        columns.objectId === undefined &&
        columns.email === undefined
    )
        problems.push({
            row: 1,
            message:
                "no column for the person's Entra identity: a user principal name (UPN), object id (objectId) or e-mail (email, メールアドレス)",
        });
    const registrations: Registration[] = [];
    rows.slice(1).forEach((cells, i) => {
        // Blank spreadsheet rows (empty lines, or only separators) are skipped, but still counted.
        if (cells.every((c) => c.trim() === "")) return;
        const values: Partial<Record<RegistrationField, string>> = {};
        for (const [field, index] of indexOf) {
            const value = cleanCell(field, cells[index] ?? "");
            if (value !== "") values[field] = value;
        }
        registrations.push({ row: i + 2, values });
    });
    return { columns, registrations, problems };
}
