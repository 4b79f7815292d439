import { createReporter, isCI, LiveReporter, PlainReporter } from "../../event/progress";
import { FakeClock, MemoryStream } from "./fakes";

const ESC = "\u001b[";

describe("choosing a reporter", () => {
    test.each([
        [true, {}, LiveReporter],
        [true, { CI: "true" }, PlainReporter],
        [true, { CI: "1" }, PlainReporter],
        [true, { CI: "false" }, LiveReporter],
        [false, {}, PlainReporter],
    ])("TTY %s, env %j", (tty, env, kind) => {
        expect(createReporter(new MemoryStream(tty), env, new FakeClock())).toBeInstanceOf(kind);
    });

    test("isCI", () => {
        expect(isCI({ CI: "true" })).toBe(true);
        expect(isCI({ CI: "" })).toBe(false);
        expect(isCI({})).toBe(false);
    });
});

describe("PlainReporter", () => {
    test("one timestamped line per phase change; engine chatter within a phase is not repeated", async () => {
        const clock = new FakeClock();
        const out = new MemoryStream();
        const r = new PlainReporter(out, clock);
        r.begin(["aurora", "borealis"]);
        r.update("aurora", { phase: "running", detail: "up" });
        r.update("aurora", { phase: "running", detail: "creating StorageAccount (3 done)" });
        r.update("aurora", { phase: "running", detail: "creating Workspace (4 done)" });
        await clock.run(clock.sleep(65_000));
        r.update("aurora", { phase: "succeeded", detail: "+15" });
        r.note("warning: something to know");
        r.end();
        expect(out.text.split("\n")).toEqual([
            "[+0s]      aurora    ▶ running  up",
            "[+1m 05s]  aurora    ✔ succeeded  +15",
            "[+1m 05s]  warning: something to know",
            "",
        ]);
        expect(out.text).not.toContain(ESC);
    });
});

describe("LiveReporter", () => {
    test("draws one line per team and rewrites them in place", () => {
        const clock = new FakeClock();
        const out = new MemoryStream(true, 100);
        const r = new LiveReporter(out, clock);
        r.begin(["aurora", "borealis"]);
        r.update("aurora", { phase: "running", detail: "creating Workspace (4 done)" });
        const first = out.text;
        expect(first).toBe(
            `\r${ESC}2Kaurora    ▶ running 0s  creating Workspace (4 done)\n\r${ESC}2Kborealis  · queued\n`,
        );
        r.update("borealis", { phase: "failed", detail: "quota exceeded" });
        const second = out.text.slice(first.length);
        // Cursor up over the two lines drawn, then both lines again.
        expect(second.startsWith(`${ESC}2A`)).toBe(true);
        expect(second).toContain(`${ESC}2Kborealis  ✖ failed  quota exceeded\n`);
    });

    test("notes are printed above the live block", () => {
        const out = new MemoryStream(true, 100);
        const r = new LiveReporter(out, new FakeClock());
        r.begin(["aurora"]);
        r.update("aurora", { phase: "running" });
        const before = out.text.length;
        r.note("Ctrl-C: no new team will start");
        const after = out.text.slice(before);
        expect(after.startsWith(`${ESC}1A\r${ESC}J`)).toBe(true);
        expect(after.indexOf("Ctrl-C: no new team will start\n")).toBeLessThan(
            after.indexOf("aurora"),
        );
    });

    test("lines never wrap: they are cut to the terminal width", () => {
        const out = new MemoryStream(true, 40);
        const r = new LiveReporter(out, new FakeClock());
        r.begin(["aurora"]);
        r.update("aurora", {
            phase: "running",
            detail: "creating a-very-long-resource-type-name:WithAnEvenLongerName (12 done)",
        });
        const lines = out.text.split("\n").filter((l) => l !== "");
        // eslint-disable-next-line no-control-regex -- ESC (\u001b) starts the ANSI sequences being stripped.
        const last = lines[lines.length - 1].replace(/\u001b\[\d*[A-Za-z]/g, "").replace("\r", "");
        expect(last.length).toBe(39);
        expect(last.endsWith("…")).toBe(true);
    });
});
