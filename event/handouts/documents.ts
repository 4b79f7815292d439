/**
 * Every file of one event's handouts: per team and language a Markdown and an HTML page, and the
 * coaches' index in both forms. Pure: the writer puts them on disk.
 */
import { renderHtml } from "./html";
import { indexMarkdown, indexTitle, type EventHandouts } from "./coachIndex";
import type { Lang } from "./model";
import { teamMarkdown, teamTitle } from "./page";

export interface HandoutFile {
    /** Relative to the output folder. */
    readonly path: string;
    readonly content: string;
}

export type DocumentsInput = EventHandouts;

/** A file name for any team name: roster names are already safe; anything else is encoded. */
export const fileStem = (team: string): string =>
    team.replace(/[^a-z0-9-]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ""}`);

export const pageFile = (team: string, lang: Lang, kind: "md" | "html"): string =>
    `${fileStem(team)}.${lang}.${kind}`;

export function handoutDocuments(input: DocumentsInput): HandoutFile[] {
    const files: HandoutFile[] = [];
    for (const h of input.handouts) {
        for (const lang of input.langs) {
            const markdown = teamMarkdown(h, lang, input.generated);
            files.push({ path: pageFile(h.team, lang, "md"), content: markdown });
            files.push({
                path: pageFile(h.team, lang, "html"),
                content: renderHtml({ title: teamTitle(h, lang), lang, markdown }),
            });
        }
    }
    const index = (kind: "md" | "html"): string => indexMarkdown({ ...input, pageFile, kind });
    files.push({ path: "index.md", content: index("md") });
    files.push({
        path: "index.html",
        content: renderHtml({
            title: indexTitle(input.event, input.sample),
            // Mixed-language page; Japanese first for the hack's audience.
            lang: input.langs.includes("ja") ? "ja" : "en",
            markdown: index("html"),
        }),
    });
    return files;
}
