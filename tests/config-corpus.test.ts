/**
 * The malformed-roster corpus: every file under tests/fixtures/bad/ is a valid roster (VALID below)
 * with one or more deliberate mistakes, and says in its header which config paths must be reported:
 *
 *     # <why this roster is wrong>
 *     # expect: teams[1].members[0].github
 *
 * validateRoster must throw a ConfigError whose issues name exactly those paths: no fewer (a mistake
 * that slips through), no more (noise that hides the real one), all in one run.
 */
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigError, validateRoster } from "../stacks/validate";

const NOW = new Date("2026-11-27T00:00:00Z");
const DIR = join(__dirname, "fixtures", "bad");

/** The roster every fixture departs from; it must itself be valid, or the corpus proves nothing. */
const VALID = `
location: japaneast
event:
  name: oh2026
  endsOn: "2026-12-05"
  timeZone: Tokyo Standard Time
  github:
    owner: contoso-hack
    visibility: private
    reviewers: [coach-a]
    extras: { environment: true }
  budget:
    amount: 150
    contactEmails: [organizer@example.com]
teams:
  - name: alpha
    members:
      - github: alice
        userPrincipalName: alice@contoso.onmicrosoft.com
      - github: bob
        objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a
  - name: beta
    members:
      - github: carol
        userPrincipalName: carol@contoso.onmicrosoft.com
`;

interface Fixture {
    readonly file: string;
    readonly text: string;
    readonly expected: string[];
}

const fixtures: Fixture[] = readdirSync(DIR)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
        const text = readFileSync(join(DIR, file), "utf8");
        const expected = [...text.matchAll(/^# expect: (\S+)\s*$/gm)].map((m) => m[1]);
        return { file, text, expected };
    });

function issuePaths(raw: unknown): string[] {
    try {
        validateRoster(raw, { now: NOW });
    } catch (error) {
        if (error instanceof ConfigError) return error.issues.map((issue) => issue.path);
        throw error;
    }
    throw new Error("validateRoster accepted the roster");
}

test("the base roster of the corpus is valid", () => {
    expect(() => validateRoster(parse(VALID), { now: NOW })).not.toThrow();
});

test("the corpus has at least 30 fixtures, each expecting something, at least 3 with several errors", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((f) => f.expected.length === 0).map((f) => f.file)).toEqual([]);
    expect(fixtures.filter((f) => f.expected.length > 1).length).toBeGreaterThanOrEqual(3);
});

test.each(fixtures.map((f) => [f.file, f] as const))(
    "%s is rejected at exactly its expected paths",
    (_, fixture) => {
        expect(issuePaths(parse(fixture.text)).sort()).toEqual([...fixture.expected].sort());
    },
);
