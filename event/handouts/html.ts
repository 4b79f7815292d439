/**
 * A handout as a self-contained HTML page: Markdown rendered by markdown-it with raw HTML off (so
 * any `<script>` in a value is text), inline CSS, and a Content-Security-Policy that forbids every
 * external request: the page opens the same from a USB stick, an e-mail or a shared drive.
 */
import MarkdownIt from "markdown-it";
import type { Lang } from "./model";

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

// Links out of the handouts open in a new tab and tell the target nothing about where they came
// from; the index's links to the team pages stay in the tab.
const defaultLinkOpen =
    markdown.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx].attrGet("href");
    if (typeof href === "string" && href.startsWith("https://")) {
        tokens[idx].attrSet("target", "_blank");
        tokens[idx].attrSet("rel", "noopener noreferrer");
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
};

/** `&`, `<`, `>`, `"` and `'` as entities: for the title and attributes outside markdown-it. */
export function escapeHtml(value: string): string {
    return value.replace(
        /[&<>"']/g,
        (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
    );
}

/** No external asset: styles are inline, images only as data: URLs, no scripts at all. */
export const CONTENT_SECURITY_POLICY =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", "IPAGothic", sans-serif;
  line-height: 1.55; color: #1b1f24; background: #fff; max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #0f6cbd; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
a { color: #0f6cbd; }
code { font-family: ui-monospace, "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: .92em;
  background: #f3f5f7; padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: #f3f5f7; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .65rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td code { white-space: nowrap; }
blockquote { margin: 0 0 1rem; padding: .7rem 1rem; border-left: 6px solid #c4314b; background: #fdf3f4; color: #6e1423; }
hr { border: none; border-top: 1px solid #d0d7de; margin-top: 2rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  td code { white-space: normal; } }
`;

export interface HtmlPage {
    readonly title: string;
    readonly lang: Lang;
    readonly markdown: string;
}

export function renderHtml(page: HtmlPage): string {
    return [
        "<!doctype html>",
        `<html lang="${page.lang}">`,
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        `<title>${escapeHtml(page.title)}</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        markdown.render(page.markdown).trimEnd(),
        "</body>",
        "</html>",
        "",
    ].join("\n");
}
