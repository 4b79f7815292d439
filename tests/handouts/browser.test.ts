/**
 * The HTML handouts in a real headless browser (Debian's chromium through playwright-core): they
 * render from file:// with no request leaving the page, with the right title and the placeholder
 * table visible, and odd names stay text. Without chromium this test FAILS with the install
 * command (`npm run setup`): it never skips silently.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { handoutDocuments } from "../../event/handouts/documents";
import { LANGS } from "../../event/handouts/model";
import { BrowserMissingError, launchChromium } from "../../scripts/browser";
import { exampleHandout, GENERATED, oddHandout, ODD_TEAM, roster } from "./helpers";

let browser: Browser;
let dir: string;

beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), "handouts-browser-"));
    const r = roster();
    const files = handoutDocuments({
        event: r.event.name,
        location: r.location,
        handouts: [...r.teams.map((t) => exampleHandout(t.name)), oddHandout()],
        missing: [],
        langs: LANGS,
        sample: false,
        generated: GENERATED,
    });
    for (const f of files) writeFileSync(path.join(dir, f.path), f.content);
});

afterAll(async () => {
    await browser?.close();
});

interface Visit {
    readonly page: Page;
    /** Every request the page made, the page itself included. */
    readonly requests: string[];
    readonly dialogs: string[];
}

async function visit(file: string): Promise<Visit> {
    const context = await browser.newContext();
    const requests: string[] = [];
    const dialogs: string[] = [];
    // Anything that is not the page's own file is recorded and refused.
    await context.route("**/*", (route) => {
        requests.push(route.request().url());
        return route.request().url().startsWith("file://") ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
    });
    await page.goto(`file://${path.join(dir, file)}`, { waitUntil: "load" });
    return { page, requests, dialogs };
}

test.each(LANGS)("the %s team page renders from file:// with no external request", async (lang) => {
    const { page, requests } = await visit(`aurora.${lang}.html`);
    expect(requests).toEqual([`file://${path.join(dir, `aurora.${lang}.html`)}`]);
    expect(await page.title()).toBe(
        lang === "ja"
            ? "OpenHack for MLOps: チーム aurora (oh4mlex)"
            : "OpenHack for MLOps: team aurora (oh4mlex)",
    );
    const table = page.locator("table", { hasText: "{AML-WORSPACE-NAME}" });
    await expect(table.isVisible()).resolves.toBe(true);
    const box = await table.boundingBox();
    expect(box?.height).toBeGreaterThan(100);
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows.map((r) => r.split("\t").map((c) => c.trim()))).toEqual([
        ["{AML-WORSPACE-NAME}", "oh4mlex-aurora-iwf3kb"],
        ["{AML-RESOURCE-GROUP-NAME}", "rg-oh4mlex-aurora"],
        ["{UNIQUE_ENDPOINT_NAME}", "oh4mlex-aurora-epiwf3kb"],
        ["{AZURE_SUBSCRIPTION_ID}", "00000000-0000-4000-8000-000000000001"],
    ]);
    // Links open the portal, studio and repository.
    const hrefs = await Promise.all(
        (await page.locator("a").all()).map((a) => a.getAttribute("href")),
    );
    expect(hrefs).toEqual(
        expect.arrayContaining([
            "https://github.com/contoso-hack/oh4mlex-aurora",
            expect.stringMatching(/^https:\/\/portal\.azure\.com\/#@/),
            expect.stringMatching(/^https:\/\/ml\.azure\.com\/\?tid=/),
        ]),
    );
    await page.context().close();
});

test("the index shows every team in one table and links their pages", async () => {
    const { page, requests } = await visit("index.html");
    expect(requests).toHaveLength(1);
    const teams = await page.locator("table tbody tr td:first-child").allInnerTexts();
    expect(teams).toEqual(["aurora", "borealis", "cirrus", ODD_TEAM]);
    await page.locator('a[href="aurora.en.html"]').click();
    await page.waitForURL(/aurora\.en\.html$/);
    expect(await page.title()).toBe("OpenHack for MLOps: team aurora (oh4mlex)");
    await page.context().close();
});

test("odd names are text on the page: no script runs, no element is injected", async () => {
    const page = path.basename(
        handoutDocuments({
            event: "oh4mlex",
            location: "japaneast",
            handouts: [oddHandout()],
            missing: [],
            langs: ["en"],
            sample: false,
            generated: GENERATED,
        })[1].path,
    );
    const { page: tab, dialogs } = await visit(page);
    expect(dialogs).toEqual([]);
    expect(await tab.locator("script, img").count()).toBe(0);
    expect(await tab.locator("h1").innerText()).toBe(
        `OpenHack for MLOps: team ${ODD_TEAM} (oh4mlex)`,
    );
    expect(await tab.title()).toBe(`OpenHack for MLOps: team ${ODD_TEAM} (oh4mlex)`);
    await tab.context().close();
});

test("without chromium the test fails and says how to install it", async () => {
    const missing = launchChromium("/nonexistent/chromium");
    await expect(missing).rejects.toThrow(BrowserMissingError);
    await expect(missing).rejects.toThrow(
        "no chromium at /nonexistent/chromium: install Debian's package with `sudo apt-get install -y chromium` (or `npm run setup`), or set CHROMIUM_PATH to a Chromium binary",
    );
});

/**
 * Pixels of each character drawn alone with the page's own font, as data URLs. Where no installed
 * font has a glyph, chromium draws the same "missing glyph" box (tofu) for every character, so
 * distinct characters giving identical pixels means the page cannot show that script.
 */
/** The few browser objects the page functions below use (the project compiles without the DOM library). */
interface Canvas {
    width: number;
    height: number;
    getContext(kind: "2d"): {
        font: string;
        fillText(text: string, x: number, y: number): void;
    } | null;
    toDataURL(): string;
}
interface Block {
    readonly scrollWidth: number;
    readonly clientWidth: number;
    readonly innerText: string;
}
interface BrowserGlobals {
    readonly document: {
        readonly body: unknown;
        createElement(tag: "canvas"): Canvas;
        querySelectorAll(selector: "pre"): Iterable<Block>;
    };
    getComputedStyle(element: unknown): { readonly fontFamily: string };
}

async function glyphImages(page: Page, chars: readonly string[]): Promise<string[]> {
    return page.evaluate((list: readonly string[]): string[] => {
        const w = globalThis as unknown as BrowserGlobals;
        const font = w.getComputedStyle(w.document.body).fontFamily;
        return list.map((c) => {
            const canvas = w.document.createElement("canvas");
            canvas.width = 64;
            canvas.height = 64;
            const g = canvas.getContext("2d");
            if (g === null) throw new Error("no 2d context");
            g.font = `48px ${font}`;
            g.fillText(c, 4, 52);
            return canvas.toDataURL();
        });
    }, chars);
}

test("Japanese text renders with real glyphs, not missing-glyph boxes (npm run setup installs a Japanese font)", async () => {
    const { page } = await visit("aurora.ja.html");
    // Characters of the Japanese page's own title and headings.
    const chars = ["チ", "ー", "ム", "日", "本", "語"];
    const images = await glyphImages(page, chars);
    // A Latin pair as the control: the font works at all.
    const [a, b] = await glyphImages(page, ["A", "B"]);
    expect(a).not.toBe(b);
    expect(new Set(images).size).toBe(chars.length);
    await page.context().close();
});

test("printed to A4, long commands wrap inside the page instead of being cut off", async () => {
    const { page } = await visit("aurora.en.html");
    // A4's printable width at 96 dpi with 1 cm margins: (210 - 20) mm = 718 px.
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: "print" });
    const overflowing = await page.evaluate((): string[] =>
        [...(globalThis as unknown as BrowserGlobals).document.querySelectorAll("pre")]
            .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
            .map((pre) => pre.innerText.split("\n")[0]),
    );
    expect(await page.locator("pre").count()).toBeGreaterThan(1);
    expect(overflowing).toEqual([]);
    // The real print path too: the PDF is produced at A4 (headless chromium only).
    const pdf = await page.pdf({ format: "A4", margin: { left: "1cm", right: "1cm" } });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.context().close();
});
