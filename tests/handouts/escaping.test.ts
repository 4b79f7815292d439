/**
 * Odd team and member names (`<script>`, quotes, ampersands, pipes, backticks, Japanese) are shown
 * literally in Markdown and HTML: never markup, never a broken table.
 */
import MarkdownIt from "markdown-it";
import { handoutDocuments } from "../../event/handouts/documents";
import { escapeHtml, renderHtml } from "../../event/handouts/html";
import { code, text } from "../../event/handouts/markdown";
import { teamMarkdown } from "../../event/handouts/page";
import { GENERATED, oddHandout, ODD_MEMBERS, ODD_TEAM } from "./helpers";

const plain = new MarkdownIt({ html: false });
/** The text content of rendered Markdown, entities decoded, tags dropped. */
const textOf = (html: string): string =>
    html
        .replace(/<[^>]*>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");

test.each([...ODD_MEMBERS, ODD_TEAM, "**bold** _em_ [l](http://x) ![i](y) # h ~~s~~ \\ \\`"])(
    "text() and code() keep %j literal",
    (value) => {
        expect(textOf(plain.renderInline(text(value)))).toBe(value);
        expect(textOf(plain.renderInline(code(value)))).toBe(value);
    },
);

test("the HTML page holds no tag from a name, only escaped text", () => {
    const h = oddHandout();
    const markdown = teamMarkdown(h, "en", GENERATED);
    const html = renderHtml({ title: `team ${h.team}`, lang: "en", markdown });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain("<b>");
    expect(html).toContain(
        "<title>team &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; チーム|1</title>",
    );
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // `x&amp;y` is a name, not an entity: it shows as typed.
    expect(html).toContain("x&amp;amp;y");
    expect(html).toContain("山田 花子");
});

test("odd names stay in their table cells", () => {
    const markdown = teamMarkdown(oddHandout(), "ja", GENERATED);
    const html = plain.render(markdown);
    const memberRows = [
        ...html.matchAll(/<tr>\n<td><code>((?:(?!<\/td>)[^])*)<\/code><\/td>\n<td><code>ci-[0-9]/g),
    ];
    expect(memberRows.map((m) => textOf(m[1]))).toEqual(ODD_MEMBERS);
    expect(textOf(html)).toContain(`OpenHack for MLOps: チーム ${ODD_TEAM} (oh4mlex)`);
});

test("the index escapes odd names too, and file names stay safe", () => {
    const h = oddHandout();
    const files = handoutDocuments({
        event: "oh4mlex",
        location: "japaneast",
        handouts: [h],
        missing: [{ team: "<i>bad</i>", problems: ["output workspace: is missing"] }],
        langs: ["ja", "en"],
        sample: false,
        generated: GENERATED,
    });
    for (const f of files) expect(f.path).toMatch(/^[A-Za-z0-9_.-]+$/);
    const index = files.find((f) => f.path === "index.html")?.content ?? "";
    expect(index).not.toMatch(/<script|<img|<i>/i);
    expect(index).toContain("&lt;i&gt;bad&lt;/i&gt;");
    expect(escapeHtml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
});
