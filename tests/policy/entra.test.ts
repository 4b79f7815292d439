import { evaluate } from "../../policy/evaluate";
import { TYPES, stackWith, violation } from "./helpers";

const password = (message: string) =>
    violation("client-secret-expiry", TYPES.password, "alpha-identity-secret", message);

describe("client-secret-expiry", () => {
    // The event ends on 2026-12-05 (tag endsOn of the resource group): the limit is 30 days later.
    test.each(["2026-12-12T23:59:59Z", "2027-01-04T23:59:59Z", "2027-01-05T08:59:59+09:00"])(
        "compliant: endDate %s",
        (endDate) => {
            expect(evaluate(stackWith("alpha-identity-secret", "endDate", endDate))).toEqual([]);
        },
    );
    test.each([
        [
            "endDate",
            "2027-01-05T00:00:00Z",
            'endDate must be no later than 2027-01-04T23:59:59Z, 30 days after the event ends on 2026-12-05 (is "2027-01-05T00:00:00Z")',
        ],
        [
            "endDate",
            "2028-11-27T00:00:00Z",
            'endDate must be no later than 2027-01-04T23:59:59Z, 30 days after the event ends on 2026-12-05 (is "2028-11-27T00:00:00Z")',
        ],
        [
            "endDate",
            undefined,
            'endDate must be an RFC 3339 time such as "2026-12-12T23:59:59Z" (is not set); without it the secret is valid for 2 years',
        ],
        [
            "endDate",
            "2026-12-12",
            'endDate must be an RFC 3339 time such as "2026-12-12T23:59:59Z" (is "2026-12-12"); without it the secret is valid for 2 years',
        ],
        [
            "endDateRelative",
            "8760h",
            'endDateRelative must not be set (is "8760h"): give an absolute endDate tied to the event\'s end',
        ],
    ])("violated by %s = %p", (path, value, message) => {
        expect(evaluate(stackWith("alpha-identity-secret", path, value))).toEqual([
            password(message),
        ]);
    });
    test("an explicit endsOn wins over the resource group's tag", () => {
        const violations = evaluate(
            stackWith("alpha-identity-secret", "endDate", "2027-01-04T23:59:59Z"),
            { endsOn: "2026-11-30" },
        );
        expect(violations).toEqual([
            password(
                'endDate must be no later than 2026-12-30T23:59:59Z, 30 days after the event ends on 2026-11-30 (is "2027-01-04T23:59:59Z")',
            ),
            violation(
                "team-resource-group",
                TYPES.rg,
                "alpha-rg",
                'tags.endsOn must be "2026-11-30" (is "2026-12-05")',
            ),
        ]);
    });
});
