/**
 * Property tests of member identities against Entra ID's documented UPN rules ("Username
 * policies", learn.microsoft.com/entra/identity/authentication/concept-sspr-policy), restated here
 * rather than imported: characters A-Z a-z 0-9 ' . - _ ! # ^ ~, one @, no "." right before it,
 * at most 64 characters before the @, 48 after, 113 in all.
 */
import fc from "fast-check";
import { emailProblem, upnProblem } from "../stacks/principalNames";
import { ConfigError, validateTeamStack } from "../stacks/validate";
import { NOW, sampleEvent } from "./helpers/fixtures";

const LOCAL_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~"];
const localPart = fc
    .array(fc.constantFrom(...LOCAL_CHARS), { minLength: 1, maxLength: 64 })
    .map((cs) => cs.join(""))
    .filter((s) => !s.endsWith("."));
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc
    .array(label, { minLength: 2, maxLength: 4 })
    .map((ls) => ls.join("."))
    .filter((d) => d.length <= 48);
const upn = fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`);

/** The one place a UPN is checked for organizers: the member schema, reported under its path. */
function upnIssues(value: string): { path: string; rule: string }[] {
    try {
        validateTeamStack(
            sampleEvent(),
            { name: "team01", members: [{ github: "kim", userPrincipalName: value }] },
            { now: NOW },
        );
        return [];
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.issues.map((i) => ({ path: i.path, rule: i.rule }));
    }
}
const AT = "openhack-mlops:team.members[0].userPrincipalName";

describe("user principal names Entra ID issues are accepted", () => {
    test.each([
        "alice@contoso.onmicrosoft.com",
        "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com",
        "o'brien.k@contoso.co.jp",
        "a!b^c~d#e@x-y.example.com",
        // 64 before the @, 48 after: 113 in all, Entra's maxima exactly.
        `${"a".repeat(64)}@${"b".repeat(44)}.com`,
    ])("%s", (value) => {
        expect(upnProblem(value)).toBeUndefined();
        expect(upnIssues(value)).toEqual([]);
    });

    test("any UPN made of Entra's characters within its lengths (property)", () => {
        fc.assert(
            fc.property(upn, (value) => {
                expect(upnProblem(value)).toBeUndefined();
                expect(upnIssues(value)).toEqual([]);
            }),
            { numRuns: 300 },
        );
    });

    test("any guest's UPN: e-mail with _ for @, #EXT#, the tenant's domain (property)", () => {
        const emailLocal = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}[a-z0-9]$/);
        fc.assert(
            fc.property(emailLocal, domain, label, (local, home, tenant) => {
                const guest = `${local}_${home}#EXT#@${tenant}.onmicrosoft.com`;
                fc.pre(guest.split("@")[0].length <= 64 && tenant.length <= 30);
                expect(upnProblem(guest)).toBeUndefined();
            }),
            { numRuns: 300 },
        );
    });
});

describe("what Entra ID rejects is rejected, with the rule named", () => {
    const outside = fc.constantFrom(...'+ "(),:;<>[\\]`{|}/=?$%&*ÄäéЖа日\u00a0');
    test("a character outside Entra's set, anywhere before the @ (property)", () => {
        fc.assert(
            fc.property(localPart, fc.nat(), outside, domain, (local, at, bad, d) => {
                const i = at % (local.length + 1);
                const broken = `${local.slice(0, i)}${bad}${local.slice(i)}`;
                fc.pre(broken.length <= 64 && !broken.endsWith("."));
                const problem = upnProblem(`${broken}@${d}`);
                expect(problem).toContain("Entra ID's UPN characters");
                expect(problem).toContain(JSON.stringify(bad));
                expect(upnIssues(`${broken}@${d}`)).toEqual([{ path: AT, rule: problem }]);
            }),
            { numRuns: 300 },
        );
    });

    test("more than 64 characters before the @ (property)", () => {
        fc.assert(
            fc.property(fc.integer({ min: 65, max: 200 }), domain, (n, d) => {
                expect(upnProblem(`${"k".repeat(n)}@${d}`)).toBe(
                    `must have 1-64 characters before the @ (Entra ID's limit; has ${n})`,
                );
            }),
        );
    });

    test("more than 48 characters after the @ (property)", () => {
        fc.assert(
            fc.property(localPart, fc.integer({ min: 49, max: 120 }), (local, n) => {
                const long = `${"d".repeat(n - 4)}.com`;
                expect(upnProblem(`${local}@${long}`)).toBe(
                    `must have at most 48 characters after the @ (Entra ID's limit; has ${n})`,
                );
            }),
        );
    });

    test('a "." right before the @ (property)', () => {
        fc.assert(
            fc.property(localPart, domain, (local, d) => {
                fc.pre(local.length < 64);
                expect(upnProblem(`${local}.@${d}`)).toBe(
                    'must not have a "." immediately before the @ (Entra ID\'s rule)',
                );
            }),
        );
    });

    test("no @, or a second @ (property)", () => {
        fc.assert(
            fc.property(localPart, domain, fc.boolean(), (local, d, twice) => {
                const value = twice ? `${local}@${local}@${d}` : `${local}${d}`;
                expect(upnProblem(value)).toBe(
                    "must contain exactly one @, between the user name and the domain (Entra ID allows no other @ in a UPN)",
                );
            }),
        );
    });

    test.each([
        ["alice@", "after the @ must be a domain name"],
        ["alice@localhost", "after the @ must be a domain name"],
        ["alice@contoso..com", "after the @ must be a domain name"],
        ["alice@-contoso.com", "after the @ must be a domain name"],
        ["alice@contoso.сom", "after the @ must be a domain name"],
        ["@contoso.com", "must have 1-64 characters before the @"],
    ])("%s: %s", (value, rule) => {
        expect(upnProblem(value)).toContain(rule);
        expect(upnIssues(value).map((i) => i.path)).toEqual([AT]);
    });
});

describe("e-mail addresses to invite", () => {
    test.each([
        "kim@fabrikam.com",
        "kim.lee+hack@fabrikam.co.jp",
        "o'neil@mail.example.org",
        "k_i-m@sub.example.io",
    ])("accepted: %s", (value) => expect(emailProblem(value)).toBeUndefined());

    test.each([
        ["kim", "must be an e-mail address like alice@fabrikam.com"],
        ["kim@", "must be an e-mail address like alice@fabrikam.com"],
        ["kim..lee@fabrikam.com", "before the @, only letters, digits, single dots"],
        [".kim@fabrikam.com", "before the @, only letters, digits, single dots"],
        ["kim lee@fabrikam.com", "before the @, only letters, digits, single dots"],
        ["木村@fabrikam.com", "before the @, only letters, digits, single dots"],
        ["kim@fabrikam", "after the @ must be a domain name"],
        [`${"k".repeat(65)}@fabrikam.com`, "must have at most 64 characters before the @"],
    ])("rejected: %s (%s)", (value, rule) => expect(emailProblem(value)).toContain(rule));

    test("an email member is validated under its path with the rule", () => {
        expect(() =>
            validateTeamStack(
                sampleEvent(),
                { name: "team01", members: [{ github: "kim", email: "kim@fabrikam" }] },
                { now: NOW },
            ),
        ).toThrow(
            "openhack-mlops:team.members[0].email: after the @ must be a domain name like contoso.onmicrosoft.com",
        );
    });

    test("a member needs exactly one of userPrincipalName, objectId or email", () => {
        expect(() =>
            validateTeamStack(
                sampleEvent(),
                {
                    name: "team01",
                    members: [
                        {
                            github: "kim",
                            email: "kim@fabrikam.com",
                            userPrincipalName: "kim_fabrikam.com#EXT#@contoso.onmicrosoft.com",
                        },
                    ],
                },
                { now: NOW },
            ),
        ).toThrow(
            "openhack-mlops:team.members[0]: needs exactly one of userPrincipalName, objectId or email",
        );
    });
});
