/** The team's client secret ends at the earlier of the event's end + 7 days and its creation + the cap (issue 22). */
import { simulateTeamStack } from "../../offline/simulate";
import {
    MAX_SECRET_LIFETIME_DAYS,
    credentialEnd,
    secretEndDate,
} from "../../stacks/credentialLifetime";
import { ConfigError, validateTeamStack } from "../../stacks/validate";
import { one } from "../helpers/inventory";
import { NOW, sampleEvent, sampleTeam, validSample } from "../helpers/fixtures";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";

describe("credentialEnd", () => {
    test("an event within the cap: endsOn + 7 days, end of that UTC day", () => {
        expect(credentialEnd("2026-12-18", NOW, 90)).toEqual({
            endDate: "2026-12-25T23:59:59Z",
            capped: false,
        });
    });

    test("an event years ahead: creation day + 90 days, capped", () => {
        // NOW is 2026-11-27: + 90 days is 2027-02-25.
        expect(credentialEnd("2030-12-18", NOW, 90)).toEqual({
            endDate: "2027-02-25T23:59:59Z",
            capped: true,
        });
    });

    test("the boundary: endsOn + 7 equal to creation + cap is not capped", () => {
        expect(credentialEnd("2027-02-18", NOW, 90)).toEqual({
            endDate: secretEndDate("2027-02-18"),
            capped: false,
        });
    });
});

describe("through the program", () => {
    test("a far event gets a secret that ends 90 days after creation, fixed at creation", async () => {
        const sim = await simulateTeamStack(validSample(1, { endsOn: "2030-12-18" }));
        const password = one(sim.resources, PASSWORD);
        expect(password.inputs.endDate).toBe("2027-02-25T23:59:59Z");
        expect(sim.outputs.credentialsEndDate).toBe("2027-02-25T23:59:59Z");
    });

    test("secretLifetimeDays shortens it", async () => {
        const sim = await simulateTeamStack(
            validSample(1, { endsOn: "2030-12-18", secretLifetimeDays: 30 }),
        );
        expect(one(sim.resources, PASSWORD).inputs.endDate).toBe("2026-12-27T23:59:59Z");
    });

    test.each([0, MAX_SECRET_LIFETIME_DAYS + 1, 1.5])(
        "secretLifetimeDays %p is refused, naming the field",
        (days) => {
            let error: unknown;
            try {
                validateTeamStack(sampleEvent({ secretLifetimeDays: days }), sampleTeam(1), {
                    now: NOW,
                });
            } catch (e) {
                error = e;
            }
            expect(error).toBeInstanceOf(ConfigError);
            expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
                "openhack-mlops:event.secretLifetimeDays",
            ]);
        },
    );
});
