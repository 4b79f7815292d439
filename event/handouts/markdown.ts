/**
 * Markdown building blocks that keep any value literal: a team name like `<script>` or `a|b`, or a
 * value with backticks, must show as itself and never become markup, a link or a broken table.
 */

/** Line breaks inside a value would end a table row or a paragraph. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, " ");

/**
 * Plain text: the characters that can start markup (emphasis, code, links, images, raw HTML,
 * entities, table cells, headings, strikethrough) are backslash-escaped, as CommonMark allows for
 * any ASCII punctuation. `(` and `)` only mean something after `]`, which is escaped.
 */
export function text(value: string): string {
    return oneLine(value).replace(/[\\`*_[\]<>|&~#!]/g, (c) => `\\${c}`);
}

/** A code span whose fence is longer than any run of backticks inside the value. */
export function code(value: string): string {
    const line = oneLine(value);
    const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    // A value that starts or ends with a backtick (or a space) needs padding, which CommonMark strips.
    const pad = /^[` ]|[` ]$/.test(line) ? " " : "";
    return `${fence}${pad}${line}${pad}${fence}`;
}

/** A table cell: `|` splits cells even inside code spans unless escaped. */
export const cell = (markdown: string): string => markdown.replace(/\|/g, "\\|");

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * Only https links are written (the model has already checked them); the destination goes in
 * angle brackets so parentheses and `#` in Azure portal addresses stay part of it.
 */
export function link(label: string, url: string): string {
    if (!/^https:\/\/[^\s<>]+$/.test(url)) return `${label} (${code(url)})`;
    return `[${label}](<${url}>)`;
}

/** A fenced code block; the fence is longer than any backtick run in the body. */
export function codeBlock(body: string, info = ""): string {
    const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A numbered list item made of several blocks (paragraphs, code blocks): the blocks after the
 * first are indented under the number, so a code block does not end the list.
 */
export function numbered(n: number, blocks: readonly string[]): string {
    const marker = `${n}. `;
    const indent = " ".repeat(marker.length);
    return blocks
        .map((block, i) =>
            block
                .split("\n")
                .map((line, j) => (i === 0 && j === 0 ? marker : line === "" ? "" : indent) + line)
                .join("\n"),
        )
        .join("\n\n");
}

export const bullets = (items: readonly string[]): string =>
    items.map((item) => `- ${item}`).join("\n");
