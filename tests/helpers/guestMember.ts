/**
 * A team with one member listed by `email` whose address a tenant user has (issue 22's guard), for
 * tests that run the team program: its config, and that user as Graph's "List users" answers it
 * (tests/fixtures/team/graph-users-filtered-by-mail.json names its source).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { GraphUser } from "../../offline/mockCloud";
import { sampleEvent } from "./fixtures";

export const GRADY: GraphUser = (
    JSON.parse(
        readFileSync(
            path.join(__dirname, "..", "fixtures", "team", "graph-users-filtered-by-mail.json"),
            "utf8",
        ),
    ) as { body: { value: GraphUser[] } }
).body.value[0];

/** team01: one member by object id, grady-a by e-mail (the roster's own spelling of the address: the lookup must not depend on its case). */
export function guestTeamConfig(knownGuests?: unknown): Record<string, unknown> {
    return {
        "azure-native:location": "japaneast",
        "openhack-mlops:event": sampleEvent(),
        "openhack-mlops:team": {
            name: "team01",
            members: [
                { github: "bob-o", objectId: "0b8e7c2a-31d4-4f6b-9a0e-5c7d8e9f1a2b" },
                { github: "grady-a", email: "gradya@CONTOSO.com" },
            ],
        },
        ...(knownGuests === undefined ? {} : { "openhack-mlops:knownGuests": knownGuests }),
    };
}
