/**
 * `openhack-mlops:knownGuests`: the object ids of the guests this stack invited itself, as its
 * teardown record and outputs know them. The driver writes it before every `up` and `preview`
 * (event/teardown/upRecord.ts); the guard (stacks/guestGuard.ts) refuses any other existing user.
 */
import { ConfigError } from "./validate";

export const KNOWN_GUESTS_KEY = "openhack-mlops:knownGuests";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates the config value (absent: none known). Lowercase ids. */
export function parseKnownGuests(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
        throw new ConfigError([
            { path: KNOWN_GUESTS_KEY, rule: "must be a list of object ids (GUIDs)", value },
        ]);
    const bad = (value as unknown[]).flatMap((id, i) =>
        typeof id === "string" && GUID.test(id)
            ? []
            : [
                  {
                      path: `${KNOWN_GUESTS_KEY}[${i}]`,
                      rule: "must be an object id (a GUID)",
                      value: id,
                  },
              ],
    );
    if (bad.length > 0) throw new ConfigError(bad);
    return (value as string[]).map((id) => id.toLowerCase());
}
