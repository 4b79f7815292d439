/**
 * The coaches' index: every team of the event in one table (names, links, the team's pages), and
 * the teams that have no handout with the reason. Bilingual headers: coaches read both languages.
 */
import { code, link, table, text } from "./markdown";
import type { Lang, Shown, TeamHandout } from "./model";
import { expiryTimes } from "./time";

export interface MissingTeam {
    readonly team: string;
    readonly problems: readonly string[];
}

/** One event's handouts: the teams that have one, the teams that do not, and how they are written. */
export interface EventHandouts {
    readonly event: string;
    readonly location: string;
    readonly handouts: readonly TeamHandout[];
    readonly missing: readonly MissingTeam[];
    readonly langs: readonly Lang[];
    /** Built from simulated outputs: every page says so. */
    readonly sample: boolean;
    /** YYYY-MM-DD the pages are written. */
    readonly generated: string;
}

export interface IndexInput extends EventHandouts {
    /** The file of a team's page in a language, relative to the index. */
    readonly pageFile: (team: string, lang: Lang, kind: "md" | "html") => string;
    /** Link the pages' HTML (index.html) or Markdown (index.md) files. */
    readonly kind: "md" | "html";
}

const value = (v: Shown): string => ("secret" in v ? "(secret)" : code(v.value));
const openLink = (label: string, url: Shown): string =>
    "secret" in url ? "(secret)" : link(label, url.value);

export const indexTitle = (event: string, sample: boolean): string =>
    `${sample ? "[SAMPLE / サンプル] " : ""}OpenHack for MLOps ${event}: team handouts / チーム配布資料`;

export function indexMarkdown(input: IndexInput): string {
    const sections: string[] = [];
    if (input.sample)
        sections.push(
            "> **SAMPLE / サンプル** — built by the offline plan from simulated outputs: not a real environment. / オフライン計画のシミュレーション結果から作成: 実在の環境ではありません。",
        );
    sections.push(`# ${text(indexTitle(input.event, input.sample))}`);
    const first = input.handouts[0];
    if (first !== undefined) {
        const expiry = expiryTimes(first.credentialsExpire, first.timeZone);
        sections.push(
            [
                `- Region / リージョン: ${code(input.location)}`,
                `- Last day / 最終日: ${code(first.endsOn)}`,
                `- Credentials expire / 資格情報の期限: ${code(expiry.utc)}${expiry.local === undefined ? "" : ` (${code(expiry.local)} ${text(first.timeZone)})`}`,
                `- Instances stop daily / インスタンスの毎日の停止: ${code(first.dailyStopTime)} (${text(first.timeZone)})`,
            ].join("\n"),
        );
    }
    sections.push(
        table(
            [
                "Team / チーム",
                "Members / メンバー",
                "Resource group / リソース グループ",
                "Workspace / ワークスペース",
                "Endpoint / エンドポイント",
                "Links / リンク",
                "Handout / 配布資料",
            ],
            input.handouts.map((h) => [
                code(h.team),
                h.members.map((m) => code(m.github)).join(" "),
                value(h.resourceGroup),
                value(h.workspace),
                value(h.endpoint),
                [
                    openLink("portal", h.portalUrl),
                    openLink("studio", h.studioUrl),
                    openLink("GitHub", h.repositoryUrl),
                ].join(" · "),
                input.langs
                    .map((lang) => `[${lang}](<${input.pageFile(h.team, lang, input.kind)}>)`)
                    .join(" · "),
            ]),
        ),
    );
    if (input.missing.length > 0) {
        sections.push(
            "## No handout / 配布資料なし",
            input.missing
                .map((m) => `- ${code(m.team)}: ${m.problems.map((p) => text(p)).join("; ")}`)
                .join("\n"),
        );
    }
    sections.push(
        "---",
        `_${input.sample ? "SAMPLE, simulated values / サンプル (シミュレーション値)" : "Generated / 作成"}: ${input.generated}_`,
    );
    return `${sections.join("\n\n")}\n`;
}
