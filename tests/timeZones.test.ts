/** event.timeZone: Windows ids from CLDR (windows-iana), refused with the closest valid ids. */
import { ConfigError, validateTeamStack } from "../stacks/validate";
import {
    closestTimeZones,
    ianaOf,
    isWindowsTimeZone,
    WINDOWS_TIME_ZONES,
} from "../stacks/timeZones";
import { expiryTimes } from "../event/handouts/time";
import { NOW, sampleEvent, sampleTeam } from "./helpers/fixtures";

const issuesOf = (timeZone: string): string[] => {
    try {
        validateTeamStack(sampleEvent({ timeZone }), sampleTeam(1), { now: NOW });
        return [];
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.issues.map((i) => `${i.path}: ${i.rule}`);
    }
};

describe("event.timeZone", () => {
    test("a misspelt zone is refused, naming the field and the closest valid id", () => {
        expect(issuesOf("Tokyo Standard Tme")).toEqual([
            'openhack-mlops:event.timeZone: must be a Windows time zone id as Azure\'s compute schedules take it, like "Tokyo Standard Time" (did you mean "Tokyo Standard Time"?)',
        ]);
    });

    test("an IANA name is not a Windows id; nothing near: no guess", () => {
        expect(issuesOf("Asia/Tokyo")).toHaveLength(1);
        expect(issuesOf("Asia/Tokyo")[0]).not.toContain("did you mean");
    });

    test.each(["Tokyo Standard Time", "UTC", "W. Europe Standard Time", "Pacific Standard Time"])(
        "%s is valid",
        (zone) => {
            expect(issuesOf(zone)).toEqual([]);
        },
    );

    test("the table is CLDR's, not a short hand-written list", () => {
        expect(WINDOWS_TIME_ZONES.length).toBeGreaterThan(130);
        expect(isWindowsTimeZone("Tokyo Standard Time")).toBe(true);
        expect(isWindowsTimeZone("tokyo standard time")).toBe(false);
        expect(closestTimeZones("korea standard time")).toEqual(["Korea Standard Time"]);
    });

    test.each([
        ["Tokyo Standard Time", "Asia/Tokyo"],
        ["Korea Standard Time", "Asia/Seoul"],
        ["India Standard Time", "Asia/Calcutta"],
        ["GMT Standard Time", "Europe/London"],
        ["Pacific Standard Time", "America/Los_Angeles"],
        ["Nowhere Standard Time", undefined],
    ])("%s maps to IANA %s", (windows, iana) => {
        expect(ianaOf(windows)).toBe(iana);
    });

    test("a handout in UTC shows no second, identical local time", () => {
        expect(expiryTimes("2030-12-25T23:59:59Z", "UTC")).toEqual({ utc: "2030-12-25 23:59 UTC" });
        expect(expiryTimes("2030-12-25T23:59:59Z", "Tokyo Standard Time")).toEqual({
            utc: "2030-12-25 23:59 UTC",
            local: "2030-12-26 08:59",
        });
    });
});
