import fc from "fast-check";
import { TEAM_NAME } from "../../stacks/schema";
import type { TeamConfig } from "../../stacks/schema";
import {
    findOrphans,
    fnv1a,
    parseShard,
    pickOrphans,
    pickTeams,
    shardOf,
    UsageError,
} from "../../event/select";

const team = (name: string): TeamConfig => ({
    name,
    subscriptionId: "",
    members: [{ github: `${name}-a`, userPrincipalName: `a@contoso.com` }],
});
// fast-check cannot generate from TEAM_NAME's lookahead; build names from parts and check them against it.
const teamName = fc
    .tuple(
        fc.stringMatching(/^[a-z][a-z0-9]{1,5}$/),
        fc.option(fc.stringMatching(/^[a-z0-9]{1,5}$/), { nil: undefined }),
    )
    .map(([head, tail]) => (tail === undefined ? head : `${head}-${tail}`))
    .filter((name) => TEAM_NAME.test(name));

describe("parseShard", () => {
    test.each([
        ["1/1", { index: 1, count: 1 }],
        ["2/3", { index: 2, count: 3 }],
        ["100/100", { index: 100, count: 100 }],
    ])("%s", (text, shard) => {
        expect(parseShard(text)).toEqual(shard);
    });

    test.each(["0/3", "4/3", "1/0", "3", "1/2/3", "a/b", "-1/2", "1/101", " 1/2", ""])(
        "rejects %j",
        (text) => {
            expect(() => parseShard(text)).toThrow(UsageError);
        },
    );
});

describe("sharding", () => {
    test("every team is in exactly one shard, for any roster and shard count", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(teamName, { minLength: 1, maxLength: 60 }),
                fc.integer({ min: 1, max: 12 }),
                (names, count) => {
                    const teams = names.map(team);
                    const perShard = Array.from({ length: count }, (_, i) =>
                        pickTeams(teams, { teams: [], shard: { index: i + 1, count } }).map(
                            (t) => t.name,
                        ),
                    );
                    const all = perShard.flat();
                    expect(all.length).toBe(names.length);
                    expect(new Set(all)).toEqual(new Set(names));
                },
            ),
        );
    });

    test("a team's shard depends only on its name: adding or removing other teams never moves it", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(teamName, { minLength: 2, maxLength: 40 }),
                fc.integer({ min: 1, max: 8 }),
                (names, count) => {
                    const before = new Map(names.map((n) => [n, shardOf(n, count)]));
                    const rest = names.slice(1);
                    for (const n of rest) expect(shardOf(n, count)).toBe(before.get(n));
                    const selected = pickTeams(rest.map(team), {
                        teams: [],
                        shard: { index: 1, count },
                    }).map((t) => t.name);
                    expect(selected).toEqual(rest.filter((n) => before.get(n) === 1));
                },
            ),
        );
    });

    test("the hash is the standard 32-bit FNV-1a (stable across machines and Node versions)", () => {
        // Reference values of FNV-1a 32.
        expect(fnv1a("")).toBe(0x811c9dc5);
        expect(fnv1a("a")).toBe(0xe40c292c);
        expect(fnv1a("foobar")).toBe(0xbf9cf968);
    });

    test("shards of a 40-team event are not wildly uneven", () => {
        const names = Array.from({ length: 40 }, (_, i) => `team${i + 1}`);
        const sizes = [1, 2, 3].map((i) => names.filter((n) => shardOf(n, 3) === i).length);
        for (const size of sizes) expect(size).toBeGreaterThanOrEqual(8);
    });
});

describe("--team", () => {
    const teams = ["aurora", "borealis", "cirrus"].map(team);

    test("keeps roster order and only the named teams", () => {
        expect(pickTeams(teams, { teams: ["cirrus", "aurora"] }).map((t) => t.name)).toEqual([
            "aurora",
            "cirrus",
        ]);
        expect(pickTeams(teams, { teams: [] }).map((t) => t.name)).toEqual([
            "aurora",
            "borealis",
            "cirrus",
        ]);
    });

    test("an unknown name is an error that lists the known teams", () => {
        expect(() => pickTeams(teams, { teams: ["aurora", "zephyr"] })).toThrow(
            "--team zephyr: not a team of this roster (known: aurora, borealis, cirrus)",
        );
    });

    test("combines with --shard", () => {
        const count = 2;
        const inShard1 = teams.filter((t) => shardOf(t.name, count) === 1).map((t) => t.name);
        expect(
            pickTeams(teams, {
                teams: ["aurora", "borealis", "cirrus"],
                shard: { index: 1, count },
            }).map((t) => t.name),
        ).toEqual(inShard1);
    });
});

describe("orphans", () => {
    test("stacks of this event whose team is not in the roster, and nothing else", () => {
        const stacks = [
            "oh4mlex-aurora",
            "oh4mlex-zulu",
            "oh4mlex-delta",
            "otherev-echo",
            "oh4mlexx-foxtrot",
            "oh4mlex-",
        ];
        expect(findOrphans("oh4mlex", [team("aurora"), team("borealis")], stacks)).toEqual([
            "delta",
            "zulu",
        ]);
    });

    test("--team among orphans must name an orphan", () => {
        expect(pickOrphans(["delta", "zulu"], { teams: ["zulu"] })).toEqual(["zulu"]);
        expect(() => pickOrphans(["delta"], { teams: ["aurora"] })).toThrow(
            "not an orphaned stack of this event",
        );
    });
});
