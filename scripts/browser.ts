/**
 * Debian's chromium driven by playwright-core, never a downloaded browser: shared by the
 * screenshot script and the browser test. A machine without it gets a message saying how to
 * install it (README, "Test"), not a silent skip.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium, or CHROMIUM_PATH. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
    env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export class BrowserMissingError extends Error {
    constructor(executable: string) {
        super(
            `no chromium at ${executable}: install Debian's package with \`sudo apt-get install -y chromium\` ` +
                "(or `npm run setup`), or set CHROMIUM_PATH to a Chromium binary",
        );
        this.name = "BrowserMissingError";
    }
}

/** Flags that keep a headless run off the network and free of first-run work. */
export const CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

export async function launchChromium(executable: string = chromiumPath()): Promise<Browser> {
    if (!existsSync(executable)) throw new BrowserMissingError(executable);
    return chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
}
