/**
 * `roster import` over registration exports as spreadsheet tools and form services write them:
 * BOM, CRLF, quoted commas, Japanese headers and names, blank rows, duplicate people, a person in
 * two teams, a missing login. Each case states the exact roster or the exact problems expected.
 */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { main } from "../../event/cli";
import { importRegistrations, runRosterImport } from "../../event/rosterImport/command";
import { validateRoster } from "../../stacks/validate";

const ROSTER_FILE = "stacks/oh4mlreg.yaml";
const SETTINGS = `location: japaneast
event:
  name: oh4mlreg
  endsOn: "2030-12-18"
  github:
    owner: contoso-hack
  budget:
    amount: 300
teams: []
`;
const BOM = "\ufeff";
const crlf = (lines: string[]): string => `${lines.join("\r\n")}\r\n`;

function teamsOf(
    csvText: string,
    options: { teamSize?: number; roster?: string } = {},
): { teams: unknown; summary: string } {
    const outcome = importRegistrations(
        { file: "registrations.csv", text: csvText },
        { file: ROSTER_FILE, text: options.roster ?? SETTINGS },
        { event: "oh4mlreg", teamSize: options.teamSize },
    );
    if (!outcome.ok) throw new Error(`import failed:\n${outcome.problems.join("\n")}`);
    const roster = parse(outcome.text) as { teams: unknown };
    // The same rules as a hand-written roster.
    expect(() => validateRoster(roster)).not.toThrow();
    return { teams: roster.teams, summary: outcome.summary };
}

function problemsOf(csvText: string, options: { teamSize?: number; roster?: string } = {}) {
    const outcome = importRegistrations(
        { file: "registrations.csv", text: csvText },
        { file: ROSTER_FILE, text: options.roster },
        { event: "oh4mlreg", teamSize: options.teamSize },
    );
    if (outcome.ok) throw new Error("import succeeded");
    return outcome.problems;
}

describe("rosters from real-world shapes", () => {
    test("Excel's CSV UTF-8 (BOM, CRLF), Japanese headers and names, quoted commas, unknown columns ignored", () => {
        const csv =
            BOM +
            crlf([
                "タイムスタンプ,氏名,所属,GitHubアカウント,メールアドレス,チーム名",
                '2030/11/20 9:12,"田中, 健二","Fabrikam, Inc.",kenji-t,kenji.t@fabrikam.co.jp,alpha',
                "2030/11/20 9:40,佐藤 花子,Contoso,hanako-s,hanako.s@contoso.com,beta",
                '2030/11/20 9:41,"Sam ""the coach"" O\'Neil",Tailspin,sam-o,sam@tailspin.example,alpha',
            ]);
        expect(teamsOf(csv).teams).toEqual([
            {
                name: "alpha",
                members: [
                    {
                        github: "kenji-t",
                        email: "kenji.t@fabrikam.co.jp",
                        displayName: "田中, 健二",
                    },
                    {
                        github: "sam-o",
                        email: "sam@tailspin.example",
                        displayName: 'Sam "the coach" O\'Neil',
                    },
                ],
            },
            {
                name: "beta",
                members: [
                    { github: "hanako-s", email: "hanako.s@contoso.com", displayName: "佐藤 花子" },
                ],
            },
        ]);
    });

    test("English headers in any spelling, no BOM, LF; a UPN or object id wins over the e-mail", () => {
        const csv = [
            "Full Name,GitHub Username,E-mail Address,UPN,Object ID,Team Name",
            "Ana,ana-g,ana@contoso.com,ana_contoso.com#EXT#@hack.onmicrosoft.com,,Alpha",
            "Bo,bo-k,bo@contoso.com,,0b8e7c2a-31d4-4f6b-9a0e-5c7d8e9f1a2b,alpha",
            "Cy,cy-d,cy@contoso.com,,,ALPHA",
        ].join("\n");
        expect(teamsOf(csv).teams).toEqual([
            {
                name: "alpha",
                members: [
                    {
                        github: "ana-g",
                        userPrincipalName: "ana_contoso.com#EXT#@hack.onmicrosoft.com",
                    },
                    { github: "bo-k", objectId: "0b8e7c2a-31d4-4f6b-9a0e-5c7d8e9f1a2b" },
                    { github: "cy-d", email: "cy@contoso.com", displayName: "Cy" },
                ],
            },
        ]);
    });

    test("blank rows and rows of empty cells are skipped; full-width input and @login are normalised", () => {
        const csv = crlf([
            "ＧｉｔＨｕｂ ＩＤ,メール アドレス,チーム",
            "",
            "＠ｋｅｎ－ｔ,ｋｅｎ＠ｆａｂｒｉｋａｍ.ｃｏ.ｊｐ,ａｌｐｈａ",
            ",,",
            "",
            "@mei-l,mei@fabrikam.co.jp,alpha",
        ]);
        expect(teamsOf(csv).teams).toEqual([
            {
                name: "alpha",
                members: [
                    { github: "ken-t", email: "ken@fabrikam.co.jp" },
                    { github: "mei-l", email: "mei@fabrikam.co.jp" },
                ],
            },
        ]);
    });

    test("--team-size forms balanced teams, at most N each, in row order", () => {
        const rows = ["a1", "b2", "c3", "d4", "e5", "f6", "g7"].map(
            (login) => `${login},${login}@contoso.com`,
        );
        const { teams, summary } = teamsOf(crlf(["github,email", ...rows]), { teamSize: 3 });
        // 7 people, at most 3 a team: 3 teams of 3, 2, 2.
        const members = (logins: string[]) =>
            logins.map((l) => ({ github: l, email: `${l}@contoso.com` }));
        expect(teams).toEqual([
            { name: "team01", members: members(["a1", "d4", "g7"]) },
            { name: "team02", members: members(["b2", "e5"]) },
            { name: "team03", members: members(["c3", "f6"]) },
        ]);
        expect(summary).toBe(
            "stacks/oh4mlreg.yaml: 3 teams, 7 members: 7 added from registrations.csv, 0 already in the roster; new teams: team01, team02, team03",
        );
    });

    test("rows with a team keep it; only rows without one are placed by --team-size", () => {
        const csv = crlf([
            "github,email,team",
            "a1,a1@contoso.com,gamma",
            "b2,b2@contoso.com,",
            "c3,c3@contoso.com,",
        ]);
        expect(teamsOf(csv, { teamSize: 4 }).teams).toEqual([
            { name: "gamma", members: [{ github: "a1", email: "a1@contoso.com" }] },
            {
                name: "team01",
                members: [
                    { github: "b2", email: "b2@contoso.com" },
                    { github: "c3", email: "c3@contoso.com" },
                ],
            },
        ]);
    });
});

describe("re-import with new rows: nobody who is in the roster moves", () => {
    const FIRST = crlf(["github,email", "a1,a1@contoso.com", "b2,b2@contoso.com", "c3,c3@x.jp"]);
    const first = importRegistrations(
        { file: "registrations.csv", text: FIRST },
        { file: ROSTER_FILE, text: SETTINGS },
        { event: "oh4mlreg", teamSize: 2 },
    );

    test("the first import: two teams", () => {
        expect(first.ok && (parse(first.text) as { teams: unknown }).teams).toEqual([
            {
                name: "team01",
                members: [
                    { github: "a1", email: "a1@contoso.com" },
                    { github: "c3", email: "c3@x.jp" },
                ],
            },
            { name: "team02", members: [{ github: "b2", email: "b2@contoso.com" }] },
        ]);
    });

    test("the export again, reordered, with three new people: existing members stay, newcomers fill the emptiest teams", () => {
        if (!first.ok) throw new Error("first import failed");
        const again = crlf([
            "github,email",
            "d4,d4@contoso.com",
            "c3,c3@x.jp",
            "b2,b2@contoso.com",
            "e5,e5@contoso.com",
            "A1,a1@contoso.com",
            "f6,f6@contoso.com",
        ]);
        const { teams, summary } = teamsOf(again, { teamSize: 2, roster: first.text });
        expect(teams).toEqual([
            {
                name: "team01",
                members: [
                    { github: "a1", email: "a1@contoso.com" },
                    { github: "c3", email: "c3@x.jp" },
                ],
            },
            // 6 people in teams of 2 need team03; the empty team03 takes d4, the tie goes to team02.
            {
                name: "team02",
                members: [
                    { github: "b2", email: "b2@contoso.com" },
                    { github: "e5", email: "e5@contoso.com" },
                ],
            },
            {
                name: "team03",
                members: [
                    { github: "d4", email: "d4@contoso.com" },
                    { github: "f6", email: "f6@contoso.com" },
                ],
            },
        ]);
        expect(summary).toBe(
            "stacks/oh4mlreg.yaml: 3 teams, 6 members: 3 added from registrations.csv, 3 already in the roster; new teams: team03",
        );
    });

    test("a row that would move an existing member to another team is refused, nothing written", () => {
        if (!first.ok) throw new Error("first import failed");
        expect(
            problemsOf(crlf(["github,email,team", "b2,b2@contoso.com,team01"]), {
                roster: first.text,
            }),
        ).toEqual([
            'registrations.csv row 2, column "team": github "b2" is already in team "team02" in stacks/oh4mlreg.yaml; import never moves people (their compute instance, roles and repository access would be re-created): edit the roster to move them',
        ]);
    });
});

describe("re-import: rows of people already in the roster are checked too (nothing written on a problem)", () => {
    const FIRST = crlf(["github,email", "a1,a1@contoso.com", "b2,b2@contoso.com"]);
    const first = importRegistrations(
        { file: "registrations.csv", text: FIRST },
        { file: ROSTER_FILE, text: SETTINGS },
        { event: "oh4mlreg", teamSize: 2 },
    );
    const roster = (): string => {
        if (!first.ok) throw new Error("first import failed");
        return first.text;
    };

    test("a malformed row of someone already in the roster is reported by row and column", () => {
        // The UPN column is filled in wrongly for b2; the roster's own entry (by e-mail) is fine.
        expect(
            problemsOf(
                crlf(["github,upn,email", "a1,,a1@contoso.com", "b2,b2 at contoso,b2@contoso.com"]),
                { teamSize: 2, roster: roster() },
            ),
        ).toEqual([
            expect.stringMatching(
                /^registrations\.csv row 3, column "upn": .*\(got "b2 at contoso"\)$/,
            ),
        ]);
    });

    test("a too long display name of an invited guest already in the roster is reported", () => {
        const long = "x".repeat(257);
        expect(
            problemsOf(crlf(["github,email,name", `b2,b2@contoso.com,${long}`]), {
                teamSize: 2,
                roster: roster(),
            }),
        ).toEqual([
            expect.stringMatching(
                /^registrations\.csv row 2, column "name": at most 256 characters/,
            ),
        ]);
    });

    test("another e-mail for the same login is reported, not silently kept", () => {
        expect(
            problemsOf(crlf(["github,email", "b2,b2@fabrikam.com"]), {
                teamSize: 2,
                roster: roster(),
            }),
        ).toEqual([
            'registrations.csv row 2, column "email": github "b2" is in team "team01" in stacks/oh4mlreg.yaml with email "b2@contoso.com", not "b2@fabrikam.com"; import never changes people already in the roster: correct the row, or edit the roster',
        ]);
    });

    test("another login for the same e-mail is reported", () => {
        expect(
            problemsOf(crlf(["github,email", "bee2,B2@contoso.com"]), {
                teamSize: 2,
                roster: roster(),
            }),
        ).toEqual([
            'registrations.csv row 2, column "github": github "bee2": the roster has this person (email) as github "b2" in team "team01" in stacks/oh4mlreg.yaml; import never changes people already in the roster: correct the row, or edit the roster',
        ]);
    });

    test("rows that agree with the roster (any case) are kept, a UPN in the roster where the row has an e-mail too", () => {
        const withUpn = roster().replace(
            "email: b2@contoso.com",
            "userPrincipalName: b2@contoso.onmicrosoft.com",
        );
        expect(withUpn).not.toBe(roster());
        const { summary } = teamsOf(
            crlf(["github,email", "A1,A1@contoso.com", "b2,b2@contoso.com"]),
            {
                teamSize: 2,
                roster: withUpn,
            },
        );
        expect(summary).toBe(
            "stacks/oh4mlreg.yaml: 1 teams, 2 members: 0 added from registrations.csv, 2 already in the roster",
        );
    });
});

describe("every problem at once, with row and column", () => {
    test("duplicate person, a person in two teams, a missing login, no identity, bad values, no team", () => {
        const csv =
            BOM +
            crlf([
                "氏名,GitHubアカウント,メールアドレス,チーム名",
                "田中 健二,kenji-t,kenji@fabrikam.co.jp,alpha",
                "",
                "田中 健二,kenji-t,kenji@fabrikam.co.jp,alpha",
                "Kenji T,kenji2,KENJI@fabrikam.co.jp,beta",
                "名無し,,nologin@fabrikam.co.jp,alpha",
                "Noid,no-id,,alpha",
                "Bad,bad login,bad@fabrikam,Team A",
                "Loner,loner,loner@fabrikam.co.jp,",
            ]);
        expect(problemsOf(csv, { roster: SETTINGS })).toEqual([
            'registrations.csv row 4, column "GitHubアカウント": is the same person as row 2 (github "kenji-t"): one row per person, remove one of them',
            'registrations.csv row 5, column "チーム名": is the same person as row 2 (github "kenji-t"), who is in team "alpha": one row per person, in one team (coaches belong in event.coachesGroupObjectId)',
            'registrations.csv row 6, column "GitHubアカウント": is empty: every participant needs a GitHub login',
            'registrations.csv row 7, column "メールアドレス": github "no-id" has no user principal name, object id or e-mail: one of them says who gets the roles and the compute instance',
            'registrations.csv row 8, column "チーム名": team name must be 2-12 characters: a lowercase letter, then lowercase letters, digits or single inner hyphens (got "team a")',
            'registrations.csv row 8, column "GitHubアカウント": must be a GitHub login (letters, digits, single hyphens, at most 39) (got "bad login")',
            'registrations.csv row 8, column "メールアドレス": after the @ must be a domain name like contoso.onmicrosoft.com (letters, digits, inner hyphens, dot-separated) (got "bad@fabrikam")',
            'registrations.csv row 9, column "チーム名": github "loner" has no team: fill in the team, or pass --team-size N to form teams automatically',
        ]);
    });

    test("a team column that makes a team of nine names every row of it", () => {
        const rows = Array.from({ length: 9 }, (_, i) => `m${i},m${i}@contoso.com,alpha`);
        expect(problemsOf(crlf(["github,email,team", ...rows]), { roster: SETTINGS })).toEqual([
            'registrations.csv rows 2, 3, 4, 5, 6, 7, 8, 9, 10, column "team": team "alpha": at most 8 members',
        ]);
    });

    test("headers: no login column, no identity column, two columns for one thing", () => {
        expect(
            problemsOf(crlf(["Name,Mail,E-mail", "Ana,a@x.jp,a@x.jp"]), { roster: SETTINGS }),
        ).toEqual([
            'registrations.csv row 1, column "E-mail": holds the same thing as column "Mail" (email); keep one of them',
            "registrations.csv row 1: no column for the GitHub login (a header such as github, githublogin or GitHubアカウント)",
        ]);
        expect(problemsOf(crlf(["github,name", "ana,Ana"]), { roster: SETTINGS })).toEqual([
            "registrations.csv row 1: no column for the person's Entra identity: a user principal name (UPN), object id (objectId) or e-mail (email, メールアドレス)",
        ]);
    });

    test("a CSV that cannot be parsed says where", () => {
        const [problem] = problemsOf('github,email\nana,"a@x.jp\n', { roster: SETTINGS });
        expect(problem).toMatch(/^registrations\.csv: .*Quote Not Closed.*line 2/);
    });

    test("no roster file yet: import explains the event settings come first", () => {
        expect(problemsOf("github,email\nana,a@x.jp\n")).toEqual([
            "stacks/oh4mlreg.yaml: does not exist. Import adds people to an event's roster; its settings (region, dates, GitHub owner, budget) are not in a registration form. Create it first: copy stacks/example.yaml, set event.name: oh4mlreg and the settings, and set teams: []",
        ]);
    });

    test("a roster of another event is refused", () => {
        expect(
            problemsOf("github,email\nana,a@x.jp\n", {
                roster: SETTINGS.replace("name: oh4mlreg", "name: other"),
            }),
        ).toEqual([
            'stacks/oh4mlreg.yaml: event.name is "other", not the --event given ("oh4mlreg")',
        ]);
    });

    test("rows that all fail: no extra 'needs at least 1 team'", () => {
        expect(problemsOf("github,email\nana,a@x.jp\n", { roster: SETTINGS })).toEqual([
            'registrations.csv row 2: github "ana" has no team: fill in the team (add a team column), or pass --team-size N to form teams automatically',
        ]);
    });

    test("the roster's own problems are reported under its paths, beside the rows'", () => {
        expect(
            problemsOf("github,email\nana,a@x\n", {
                roster: SETTINGS.replace("owner: contoso-hack", "owner: contoso_hack"),
                teamSize: 4,
            }),
        ).toEqual([
            'stacks/oh4mlreg.yaml: event.github.owner: must be a GitHub user or organization login (letters, digits, single hyphens, at most 39) (got "contoso_hack")',
            'registrations.csv row 2, column "email": after the @ must be a domain name like contoso.onmicrosoft.com (letters, digits, inner hyphens, dot-separated) (got "a@x")',
        ]);
    });
});

describe("the sample in stacks/ and the command", () => {
    test("importing stacks/registrations.sample.csv into the sample's settings gives stacks/oh4mlreg.yaml", () => {
        const committed = readFileSync(ROSTER_FILE, "utf8");
        const settingsOnly = committed.replace(/^teams:\n[\s\S]*$/m, "teams: []\n");
        expect(settingsOnly).not.toBe(committed);
        const outcome = importRegistrations(
            {
                file: "stacks/registrations.sample.csv",
                text: readFileSync("stacks/registrations.sample.csv", "utf8"),
            },
            { file: ROSTER_FILE, text: settingsOnly },
            { event: "oh4mlreg", teamSize: 4 },
        );
        expect(outcome.ok && outcome.text).toBe(committed);
    });

    test("runRosterImport writes the roster and prints the summary; on a problem it writes nothing", async () => {
        const files = new Map([
            ["regs.csv", "github,email\nana,ana@contoso.com\n"],
            [ROSTER_FILE, SETTINGS],
        ]);
        const written: string[] = [];
        let out = "";
        let err = "";
        const io = {
            out: { write: (t: string) => (out += t) },
            err: { write: (t: string) => (err += t) },
            readText: (f: string) => {
                const text = files.get(f);
                return text === undefined
                    ? Promise.reject(Object.assign(new Error(`ENOENT: ${f}`), { code: "ENOENT" }))
                    : Promise.resolve(text);
            },
            writeText: (f: string, t: string) => {
                written.push(f);
                files.set(f, t);
                return Promise.resolve();
            },
        };
        expect(
            await runRosterImport({ csvFile: "regs.csv", event: "oh4mlreg", teamSize: 3 }, io),
        ).toBe(0);
        expect(written).toEqual([ROSTER_FILE]);
        expect(out).toBe(
            "stacks/oh4mlreg.yaml: 1 teams, 1 members: 1 added from regs.csv, 0 already in the roster; new teams: team01\n",
        );
        files.set("bad.csv", "github,email\n,ana@contoso.com\n");
        expect(await runRosterImport({ csvFile: "bad.csv", event: "oh4mlreg" }, io)).toBe(2);
        expect(written).toEqual([ROSTER_FILE]);
        expect(err).toBe(
            'nothing written: 1 problem\n  - bad.csv row 2, column "github": is empty: every participant needs a GitHub login\n',
        );
    });

    test.each([
        [["import", "regs.csv"], "error: required option '--event <name>' not specified"],
        [
            ["import", "regs.csv", "--event", "OH4"],
            "argument 'OH4' is invalid. It needs the event's name: 3-10 characters",
        ],
        [
            ["import", "regs.csv", "--event", "oh4mlreg", "--team-size", "9"],
            "error: option '--team-size <n>' argument '9' is invalid. It needs a whole number from 1 to 8.",
        ],
        [
            ["export", "regs.csv", "--event", "oh4mlreg"],
            "error: unknown command 'export'\n(Did you mean import?)",
        ],
        [["import", "--event", "oh4mlreg"], "error: missing required argument 'registrations.csv'"],
    ])("bad arguments %j: exit 2, %s", async (argv, message) => {
        let err = "";
        const code = await main(["roster", ...argv], {
            err: { write: (t: string) => (err += t) },
            out: { write: () => true },
        });
        expect(code).toBe(2);
        expect(err).toContain(message);
        expect(err).toMatch(
            /Run "npm run event -- roster (import )?--help" to see what it takes\./,
        );
    });
});

describe("people of the tenant's own domains listed by e-mail (issue 20 item 10)", () => {
    const withDomains = SETTINGS.replace(
        "  budget:\n",
        "  invitation:\n    tenantDomains: [contoso.com, contoso.onmicrosoft.com]\n  budget:\n",
    );
    const csv = [
        "github,UPN,email,team",
        "ana,,ana@contoso.com,alpha",
        "ben,,ben@fabrikam.co.jp,alpha",
        "cho,cho@contoso.com,cho@contoso.com,alpha",
        "dai,,Dai@Tokyo.CONTOSO.com,beta",
        "eve,,eve@notcontoso.com,beta",
        "fay,,fay@contoso.onmicrosoft.com,beta",
        "",
    ].join("\n");
    const warningOf = (row: number, github: string, email: string, domain: string): string =>
        `registrations.csv row ${row}, column "email": github "${github}" is listed by e-mail "${email}", in ${domain}, ` +
        "which event.invitation.tenantDomains says belongs to the tenant: this person is already in the tenant, so give " +
        "their user principal name (UPN) instead; as an e-mail member they would be invited as a guest, and teardown " +
        "deletes invited guests";

    test("one warning per row whose e-mail is in a tenant domain or a subdomain; UPN rows and look-alike domains pass", () => {
        const outcome = importRegistrations(
            { file: "registrations.csv", text: csv },
            { file: ROSTER_FILE, text: withDomains },
            { event: "oh4mlreg" },
        );
        expect(outcome.ok && outcome.warnings).toEqual([
            warningOf(2, "ana", "ana@contoso.com", "contoso.com"),
            warningOf(5, "dai", "Dai@Tokyo.CONTOSO.com", "contoso.com"),
            warningOf(7, "fay", "fay@contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
        ]);
    });

    test("without tenantDomains there is nothing to warn about", () => {
        const outcome = importRegistrations(
            { file: "registrations.csv", text: csv },
            { file: ROSTER_FILE, text: SETTINGS },
            { event: "oh4mlreg" },
        );
        expect(outcome.ok && outcome.warnings).toEqual([]);
    });

    test("runRosterImport writes the roster and prints each warning on stderr", async () => {
        const files = new Map([
            ["regs.csv", "github,email\nana,ana@contoso.com\nben,ben@fabrikam.co.jp\n"],
            [ROSTER_FILE, withDomains],
        ]);
        let out = "";
        let err = "";
        const code = await runRosterImport(
            { csvFile: "regs.csv", event: "oh4mlreg", teamSize: 3 },
            {
                out: { write: (t: string) => (out += t) },
                err: { write: (t: string) => (err += t) },
                readText: (f: string) => Promise.resolve(files.get(f) ?? ""),
                writeText: (f: string, t: string) => {
                    files.set(f, t);
                    return Promise.resolve();
                },
            },
        );
        expect(code).toBe(0);
        expect(out).toContain("2 added from regs.csv");
        expect(err).toBe(
            `warning: ${warningOf(2, "ana", "ana@contoso.com", "contoso.com").replace("registrations.csv", "regs.csv")}\n`,
        );
        expect(files.get(ROSTER_FILE)).toContain("email: ana@contoso.com");
    });

    test.each([
        ["Contoso.com", "must be a lowercase DNS domain name like contoso.com"],
        ["contoso", "must be a lowercase DNS domain name like contoso.com"],
        ["@contoso.com", "must be a lowercase DNS domain name like contoso.com"],
    ])("a bad tenant domain %j is refused, naming the field: %s", (domain, rule) => {
        const roster = SETTINGS.replace(
            "  budget:\n",
            `  invitation:\n    tenantDomains: [contoso.onmicrosoft.com, "${domain}"]\n  budget:\n`,
        );
        const problems = problemsOf("github,email,team\nana,ana@fabrikam.com,alpha\n", { roster });
        expect(problems).toEqual([
            expect.stringContaining(`${ROSTER_FILE}: event.invitation.tenantDomains[1]: ${rule}`),
        ]);
    });
});
