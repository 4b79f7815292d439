/**
 * Times on a handout: in UTC, and in the event's own time zone when its Windows id (the form Azure
 * ML schedules take) is one we can map to an IANA zone. An unknown id is not guessed at: the page
 * then shows UTC only.
 */
import { ianaOf } from "../../stacks/timeZones";

/** The IANA zone of the event's Windows zone id (CLDR windowsZones via stacks/timeZones.ts). */
export const ianaZone = (windowsZone: string): string | undefined => ianaOf(windowsZone);

/** `2030-12-25T23:59:59Z` -> `2030-12-25 23:59`, in `zone` (IANA). */
export function formatLocal(isoUtc: string, zone: string): string {
    const parts = new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
    }).formatToParts(new Date(isoUtc));
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "??";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** The expiry both in UTC and, where known, in the event's zone. */
export function expiryTimes(isoUtc: string, windowsZone: string): { utc: string; local?: string } {
    const zone = ianaZone(windowsZone);
    return {
        utc: `${formatLocal(isoUtc, "UTC")} UTC`,
        local:
            zone === undefined || zone === "UTC" || zone === "Etc/UTC"
                ? undefined
                : formatLocal(isoUtc, zone),
    };
}
