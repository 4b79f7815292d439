/**
 * No secret value in any file written: the outputs carry secret markers and real-looking secret
 * strings (a client secret, the AZURE_CREDENTIALS document, storage keys), through the whole
 * command (`--from` and the engine), and the last check refuses to write a leaking document.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../event/cli";
import type { OutputValue } from "../../event/engine";
import { handoutDocuments } from "../../event/handouts/documents";
import { buildTeamHandout, secretStrings } from "../../event/handouts/model";
import { assertNoSecrets, SecretLeakError, writeHandouts } from "../../event/handouts/writer";
import { sdkAuthJson } from "../../stacks/teamStack";
import { FakeEngine, FakeClock, MemoryStream } from "../event/fakes";
import { GENERATED, OUTPUTS_FILE, recordedOutputs, roster, ROOT, ROSTER_FILE } from "./helpers";

// Shaped like the real thing: an Entra client secret (40 chars with `~`), base64 account keys.
const CLIENT_SECRET = "Qx8Q~3vK9pZr.Lm2Nw_Yt7Hc4Bd6Fg1Js5Ke0Aa";
const STORAGE_KEY =
    "sZ3kP9q1Wm8vN2xY7rT4uL6oI0aE5dH+gF/jK3cB9nM1vX8zQ2wR6tY4uI7oP0aS5dF3gH8jK1lZ==";
const STORAGE_KEY_2 = "Zx7Cv9Bn2Mq4Lw6Ke8Jr1Hy3Gt5Fu0Di+Sa/Po9Iu8Yt7Re6Wq5Az4Sx3Dc2Fv1Gb0Hn==";
const CREDENTIALS = sdkAuthJson(
    "a4b071f8-fe73-4ff0-8064-b004aa50e4b7",
    CLIENT_SECRET,
    "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-0000000000aa",
);
const ALL_SECRETS = [CLIENT_SECRET, STORAGE_KEY, STORAGE_KEY_2, CREDENTIALS];

/** The recorded outputs plus secret outputs, and a handout field (tenantId) turned secret. */
function leakyOutputs(team: string): Record<string, OutputValue> {
    const base = recordedOutputs().get(team);
    if (base === undefined) throw new Error(team);
    return {
        ...base,
        clientSecret: { value: CLIENT_SECRET, secret: true },
        azureCredentials: { value: CREDENTIALS, secret: true },
        storageKeys: { value: { primary: STORAGE_KEY, secondary: STORAGE_KEY_2 }, secret: true },
        // A value the page shows, but marked secret: it must become "not shown".
        tenantId: { value: STORAGE_KEY, secret: true },
    };
}

const filesIn = (dir: string): Map<string, string> =>
    new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));

function expectNoSecret(files: Map<string, string>): void {
    expect(files.size).toBeGreaterThan(2);
    for (const [name, content] of files)
        for (const secret of [...ALL_SECRETS, CLIENT_SECRET.slice(0, 12), "clientSecret"])
            if (content.includes(secret))
                throw new Error(`${name} contains a secret (${secret.slice(0, 6)}...)`);
}

test("from the engine: secret outputs never reach a file, a secret page value says 'not shown'", async () => {
    const engine = new FakeEngine(new FakeClock());
    for (const team of ["aurora", "borealis", "cirrus"])
        engine.addStack(`oh4mlex-${team}`, { outputs: leakyOutputs(team) });
    const out = new MemoryStream();
    const err = new MemoryStream();
    const dir = mkdtempSync(path.join(tmpdir(), "handouts-redaction-"));
    const code = await main(["handouts", ROSTER_FILE, "--out", dir], {
        createEngine: async () => engine,
        clock: { now: () => Date.parse(`${GENERATED}T09:00:00Z`), sleep: async () => undefined },
        out,
        err,
    });
    expect(err.text).toBe("");
    expect(code).toBe(0);
    const files = filesIn(dir);
    expectNoSecret(files);
    expect(files.get("aurora.en.md")).toContain("Tenant ID: (secret: not shown)");
    expect(files.get("aurora.ja.md")).toContain("テナント ID: (シークレットのため表示しません)");
});

test("from a saved outputs file: the [secret] markers stay markers", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handouts-redaction-from-"));
    const saved = JSON.parse(readFileSync(path.join(ROOT, OUTPUTS_FILE), "utf8")) as Record<
        string,
        Record<string, unknown>
    >;
    // What `npm run event -- outputs` writes for secret outputs.
    saved.aurora.workspace = "[secret]";
    saved.aurora.clientSecret = "[secret]";
    const savedFile = path.join(dir, "outputs.json");
    writeFileSync(savedFile, JSON.stringify(saved));
    const out = new MemoryStream();
    const err = new MemoryStream();
    const code = await main(
        [
            "handouts",
            ROSTER_FILE,
            "--from",
            savedFile,
            "--team",
            "aurora",
            "--out",
            path.join(dir, "out"),
        ],
        { out, err },
    );
    expect(err.text).toBe("");
    expect(code).toBe(0);
    const page = filesIn(path.join(dir, "out")).get("aurora.en.md") ?? "";
    expect(page).toContain("| `{AML-WORSPACE-NAME}` | (secret: not shown) |");
    expect(page).not.toContain("[secret]");
});

test("every string a secret output holds is collected, JSON fields included", () => {
    const secrets = secretStrings(leakyOutputs("aurora"));
    for (const s of ALL_SECRETS) expect(secrets).toContain(s);
    // Not the public values beside them, nor the ids inside AZURE_CREDENTIALS that pages show.
    expect(secrets).not.toContain("rg-oh4mlex-aurora");
    expect(secrets).not.toContain("00000000-0000-4000-8000-000000000001");
    expect(secrets).not.toContain("https://login.microsoftonline.com");
});

test("a document holding a secret is refused and nothing is written", async () => {
    const r = roster();
    const team = r.teams[0];
    const result = buildTeamHandout({
        event: r.event,
        location: r.location,
        team,
        stackName: "oh4mlex-aurora",
        // A secret that equals a shown (non-secret) value: the guard must catch what the model let through.
        outputs: {
            ...leakyOutputs("aurora"),
            leaked: { value: "rg-oh4mlex-aurora", secret: true },
        },
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const files = handoutDocuments({
        event: r.event.name,
        location: r.location,
        handouts: [result.handout],
        missing: [],
        langs: ["en"],
        sample: false,
        generated: GENERATED,
    });
    const secrets = secretStrings({ leaked: { value: "rg-oh4mlex-aurora", secret: true } });
    expect(() => assertNoSecrets(files, secrets)).toThrow(SecretLeakError);
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "handouts-leak-")), "out");
    await expect(writeHandouts(dir, files, secrets)).rejects.toThrow(
        /refusing to write handouts: a secret output's value appears in aurora.en.md, aurora.en.html, index.md, index.html/,
    );
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
});

test("the HTML-escaped form of a secret is caught too", () => {
    const files = [{ path: "a.html", content: "<p>x&amp;y&lt;z</p>" }];
    expect(() => assertNoSecrets(files, ["x&y<z"])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets(files, ["unrelated-secret"])).not.toThrow();
});
