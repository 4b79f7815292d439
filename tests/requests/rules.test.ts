/** The pure rules: reading the form's answer, who may ask, expiry dates, roster validation. */
import { decide } from "../../event/requests/authorize";
import { expiryOf, expiryStep } from "../../event/requests/expiry";
import { CONFIRM_LABEL, confirmationOf } from "../../event/requests/form";
import { eventSchema, teamSchema } from "../../stacks/schema";
import { eventInput, teamInput } from "../event/fakes";

const event = (extra: Record<string, unknown> = {}) =>
    eventSchema.parse({
        ...eventInput(),
        ...extra,
        github: { owner: "contoso-hack", coaches: ["Kenji-Coach"] },
    });
const teams = ["aurora", "borealis"].map((t) => teamSchema.parse(teamInput(t)));
const ask = (author: string, body: string | null) =>
    decide(event(), teams, "aurora", {
        number: 1,
        author,
        body,
        url: "u",
        createdAt: "2026-12-19T00:00:00Z",
    });
const form = (typed: string) => `### ${CONFIRM_LABEL}\n\n${typed}\n\n### Other\n\nx`;

describe("the form's answer", () => {
    test.each([
        [form("aurora"), "aurora"],
        [form("  aurora  ").replace(/\n/g, "\r\n"), "aurora"],
        [`### ${CONFIRM_LABEL}\n\n_No response_\n`, ""],
        ["no form here", undefined],
        [null, undefined],
        [`x\n## ${CONFIRM_LABEL}\n\naurora`, undefined],
    ])("%j -> %j", (body, expected) => expect(confirmationOf(body)).toBe(expected));
});

describe("who may ask", () => {
    test("a member (any letter case) and a coach are honoured", () => {
        expect(ask("AURORA-B", form("aurora"))).toEqual({ kind: "honour", as: "member" });
        expect(ask("kenji-coach", form("aurora"))).toEqual({ kind: "honour", as: "coach" });
    });
    test("a member of another team, an outsider, a bot, an empty or wrong confirmation are refused", () => {
        expect(ask("borealis-a", form("aurora"))).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("member of team borealis, not of team aurora"),
        });
        expect(ask("mallory", form("aurora"))).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("neither a member of team aurora nor a coach"),
        });
        expect(ask("dependabot[bot]", form("aurora"))).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("the author of this request"),
        });
        expect(ask("aurora-a", form(""))).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("empty"),
        });
        expect(ask("aurora-a", form("Aurora"))).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("does not match"),
        });
    });
    test("a team not in the roster (an orphan stack's repository) is refused", () => {
        expect(
            decide(event(), teams, "gone", {
                number: 1,
                author: "aurora-a",
                body: form("gone"),
                url: "u",
                createdAt: "x",
            }),
        ).toMatchObject({
            kind: "refuse",
            reason: expect.stringContaining("not in this event's roster"),
        });
    });
});

describe("expiry (event.teardown.afterDays)", () => {
    test("off unless set", () => {
        expect(expiryOf(event())).toBeUndefined();
        expect(expiryStep(undefined, undefined, new Date("2027-06-01T00:00:00Z"))).toBe("none");
    });
    test("warned the day before, torn down from the day, never less than a day after the warning", () => {
        const expiry = expiryOf(event({ teardown: { afterDays: 7 } }));
        expect(expiry).toEqual({ warnOn: "2026-12-24", dueOn: "2026-12-25" });
        expect(expiryStep(expiry, undefined, new Date("2026-12-23T23:59:00Z"))).toBe("none");
        expect(expiryStep(expiry, undefined, new Date("2026-12-24T00:00:00Z"))).toBe("warn");
        expect(expiryStep(expiry, "2026-12-24T01:00:00Z", new Date("2026-12-24T12:00:00Z"))).toBe(
            "wait",
        );
        expect(expiryStep(expiry, "2026-12-24T01:00:00Z", new Date("2026-12-25T01:00:00Z"))).toBe(
            "teardown",
        );
        // A warning posted late (no run on the 24th) still gives the team its day.
        expect(expiryStep(expiry, undefined, new Date("2026-12-30T00:00:00Z"))).toBe("warn");
        expect(expiryStep(expiry, "2026-12-30T00:00:00Z", new Date("2026-12-30T20:00:00Z"))).toBe(
            "wait",
        );
    });
});

describe("roster validation", () => {
    test("coaches must be GitHub logins; afterDays a whole number from 1 to 365", () => {
        const bad = (extra: Record<string, unknown>) => {
            const r = eventSchema.safeParse({ ...eventInput(), ...extra });
            return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        };
        expect(bad({ github: { owner: "o", coaches: ["not a login"] } })).toEqual([
            "github.coaches.0: must be a GitHub login",
        ]);
        expect(bad({ teardown: { afterDays: 0 } })).toEqual([
            "teardown.afterDays: must be at least 1 (the day after endsOn)",
        ]);
        expect(bad({ teardown: { afterDays: 2.5 } })).toEqual([
            "teardown.afterDays: must be a whole number of days",
        ]);
        expect(bad({ teardown: { after: 3 } })[0]).toMatch(/^teardown: /);
    });
});
