/**
 * Writes the handout files, after one last check: no file may contain any string that a secret
 * output held. The check runs on every file before the first is written, so a leak writes nothing
 * (and the error names the file and output, never the value).
 */
import { makePrivateDir, writePrivateFile } from "../privateFiles";
import * as path from "node:path";
import type { HandoutFile } from "./documents";
import { escapeHtml } from "./html";

export class SecretLeakError extends Error {
    constructor(readonly files: readonly string[]) {
        super(
            `refusing to write handouts: a secret output's value appears in ${files.join(", ")} (a bug: please report it; nothing was written)`,
        );
        this.name = "SecretLeakError";
    }
}

export function assertNoSecrets(files: readonly HandoutFile[], secrets: readonly string[]): void {
    // The HTML pages hold `&`, `<`, `>` and quotes as entities: look for that form too.
    const forms = [...new Set(secrets.flatMap((s) => [s, escapeHtml(s)]))];
    const leaking = files
        .filter((f) => forms.some((s) => f.content.includes(s)))
        .map((f) => f.path);
    if (leaking.length > 0) throw new SecretLeakError(leaking);
}

/** Writes every file under `dir`; returns the paths written. */
export async function writeHandouts(
    dir: string,
    files: readonly HandoutFile[],
    secrets: readonly string[],
): Promise<string[]> {
    assertNoSecrets(files, secrets);
    await makePrivateDir(dir);
    const written: string[] = [];
    for (const file of files) {
        const target = path.join(dir, file.path);
        // Owner-only: a handout names the team's members (and, for guests, their redeem links).
        await writePrivateFile(target, file.content);
        written.push(target);
    }
    return written;
}
