/**
 * `npm run screenshots`: the handout pictures in docs/ (README, "4. Hand each team its details"). Writes the
 * SAMPLE handouts of stacks/example.yaml exactly as `npm run plan -- stacks/example.yaml
 * --handouts <dir>` does, opens a team page and the coaches' index in Debian's chromium (headless,
 * through playwright-core) and saves them as PNG. Japanese text needs a Japanese font on the
 * machine (Debian: `sudo apt-get install -y fonts-ipafont-gothic`), or it shows as boxes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main as plan } from "../offline/plan/cli";
import { launchChromium } from "./browser";

const ROOT = path.resolve(__dirname, "..");
/** A fixed plan date, so the pictures change only when the handouts do. */
const PLAN_DATE = "2026-12-01";

export const SHOTS = [
    { page: "aurora.en.html", file: "docs/handout-team.png", fullPage: true },
    { page: "index.html", file: "docs/handout-index.png", fullPage: true },
] as const;

async function run(): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), "handouts-"));
    try {
        const code = await plan(
            ["stacks/example.yaml", "--brief", "--now", PLAN_DATE, "--handouts", dir],
            {
                stdout: () => undefined,
                stderr: (text) => process.stderr.write(text),
                clock: () => new Date(`${PLAN_DATE}T00:00:00Z`),
                cwd: ROOT,
            },
        );
        if (code !== 0) throw new Error(`the plan exited with ${code}`);
        const browser = await launchChromium();
        try {
            const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
            for (const shot of SHOTS) {
                await page.goto(`file://${path.join(dir, shot.page)}`);
                await page.screenshot({
                    path: path.join(ROOT, shot.file),
                    fullPage: shot.fullPage,
                });
                process.stdout.write(`${shot.file} <- ${shot.page}\n`);
            }
        } finally {
            await browser.close();
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

run().catch((error: unknown) => {
    process.stderr.write(
        `screenshots: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
});
