/**
 * The event's time zone: a Windows time zone id, the form Azure ML compute schedules take
 * (azure-rest-api-specs, Microsoft.MachineLearningServices ComputeStartStopSchedule/Recurrence:
 * "timeZone: Specifies time zone in which the schedule runs. TimeZone should follow Windows time
 * zone format"). The ids and their IANA zones come from the Unicode CLDR windowsZones table
 * through the windows-iana package, not from a hand-written list: a typo is refused with the
 * closest valid ids instead of breaking the schedule at `up`.
 */
import { findIana, WINDOWS_TO_IANA_MAP } from "windows-iana";

/** Every Windows time zone id CLDR maps, sorted. */
export const WINDOWS_TIME_ZONES: readonly string[] = [
    ...new Set(WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName)),
].sort();

const KNOWN = new Set(WINDOWS_TIME_ZONES);

export const isWindowsTimeZone = (id: string): boolean => KNOWN.has(id);

/** The IANA zone of a Windows id (CLDR's "001" territory, the zone's main city); undefined if unknown. */
export function ianaOf(windowsZone: string): string | undefined {
    return isWindowsTimeZone(windowsZone) ? findIana(windowsZone)[0] : undefined;
}

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
function distance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
        Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= s.length; i++)
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[s.length][t.length];
}

/** The valid ids nearest to `id` (at most `count`, equally near, and only near enough to be a typo). */
export function closestTimeZones(id: string, count = 3): string[] {
    const limit = Math.max(2, Math.floor(id.length * 0.3));
    const near = WINDOWS_TIME_ZONES.map((zone) => ({ zone, d: distance(id, zone) })).filter(
        (c) => c.d <= limit,
    );
    // Only the nearest: "Tokyo Standard Tme" is one letter from Tokyo, three from Tomsk.
    const best = Math.min(...near.map((c) => c.d));
    return near
        .filter((c) => c.d === best)
        .slice(0, count)
        .map((c) => c.zone);
}

/** The rule a wrong id breaks, with the closest valid ids when there are some. */
export function timeZoneRule(id: string): string {
    const near = closestTimeZones(id);
    return `must be a Windows time zone id as Azure's compute schedules take it, like "Tokyo Standard Time"${
        near.length > 0 ? ` (did you mean ${near.map((z) => `"${z}"`).join(" or ")}?)` : ""
    }`;
}
