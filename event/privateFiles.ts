/**
 * Files that hold participants' personal data (logs, teardown records, handouts, rosters written by
 * `roster import`) are readable by their owner only: 0600, in directories made 0700. Organizers run
 * the driver on shared machines and runners; the default umask (022) would leave names, logins and
 * e-mail addresses readable by every local account.
 *
 * `mode` in writeFile/mkdir/open applies only when the file or directory is created, so an existing
 * one (from an earlier run, or created before this rule) is chmod-ed as well.
 */
import { chmodSync, createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) owner-only; makes an existing `dir` owner-only. */
export async function makePrivateDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Writes `text` to `file` readable by its owner only; its directory is made owner-only first unless
 * `shareDir` (a roster lives in the repository's `stacks/`, which must stay readable).
 */
export async function writePrivateFile(
    file: string,
    text: string,
    options: { readonly shareDir?: boolean } = {},
): Promise<void> {
    if (options.shareDir === true) await mkdir(path.dirname(file), { recursive: true });
    else await makePrivateDir(path.dirname(file));
    await writeFile(file, text, { encoding: "utf8", mode: PRIVATE_FILE_MODE });
    await chmod(file, PRIVATE_FILE_MODE);
}

/** A write stream (truncating) on an owner-only file in an owner-only directory. */
export function openPrivateStream(file: string): WriteStream {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(dir, PRIVATE_DIR_MODE);
    const stream = createWriteStream(file, { flags: "w", mode: PRIVATE_FILE_MODE });
    // The stream opens asynchronously; an existing file keeps its mode until this chmod.
    stream.on("open", () => chmodSync(file, PRIVATE_FILE_MODE));
    return stream;
}
