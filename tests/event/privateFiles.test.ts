/**
 * Files with participants' data are owner-only (issue 22): logs, teardown records, handouts and the
 * roster `roster import` writes, each through the code that writes it, under the usual umask 022,
 * including a file an earlier run left world-readable.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileRecordStore } from "../../event/teardown/names";
import { writeHandouts } from "../../event/handouts/writer";
import { openPrivateStream, writePrivateFile } from "../../event/privateFiles";

const modeOf = (p: string): number => statSync(p).mode & 0o777;

let root: string;
let umask: number;
beforeEach(() => {
    umask = process.umask(0o022);
    root = mkdtempSync(path.join(tmpdir(), "i22-private-"));
});
afterEach(() => {
    process.umask(umask);
});

test("a teardown record is 0600 in a 0700 directory, also when an earlier file was 0644", async () => {
    const store = fileRecordStore(path.join(root, "oh4ml"));
    const dir = path.join(root, "oh4ml", "teardown");
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    writeFileSync(path.join(dir, "team01.json"), "{}\n", { mode: 0o644 });
    chmodSync(path.join(dir, "team01.json"), 0o644);
    await store.write("team01", { subscriptionId: "s" });
    expect(modeOf(path.join(dir, "team01.json"))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(await store.read("team01")).toEqual({ subscriptionId: "s" });
});

test("handouts are 0600 in a 0700 directory", async () => {
    const dir = path.join(root, "handouts");
    const written = await writeHandouts(
        dir,
        [{ path: "team01.html", content: "<p>member0</p>" }],
        [],
    );
    expect(written).toEqual([path.join(dir, "team01.html")]);
    expect(modeOf(written[0])).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
});

test("a log stream truncates an earlier world-readable log and leaves it 0600", async () => {
    const file = path.join(root, "logs", "team01-up.log");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "old\n", { mode: 0o644 });
    const stream = openPrivateStream(file);
    await new Promise<void>((resolve) => stream.end("new\n", resolve));
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
});

test("a roster file is 0600 but its directory (the repository's stacks/) keeps its mode", async () => {
    const stacks = path.join(root, "stacks");
    mkdirSync(stacks, { mode: 0o755 });
    chmodSync(stacks, 0o755);
    await writePrivateFile(path.join(stacks, "oh4ml.yaml"), "teams: []\n", { shareDir: true });
    expect(modeOf(path.join(stacks, "oh4ml.yaml"))).toBe(0o600);
    expect(modeOf(stacks)).toBe(0o755);
});

test("the default umask would have left them world-readable (so the checks above can fail)", () => {
    const file = path.join(root, "plain.txt");
    writeFileSync(file, "x");
    expect(modeOf(file)).toBe(0o644);
});
