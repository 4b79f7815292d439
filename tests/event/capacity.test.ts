import { TEAM_MEMORY_MIB, defaultParallel } from "../../event/capacity";

const GIB = 1024 ** 3;

test("a team is assumed to need 930 MiB: CLI 150 + Node 300 + azure-native 330 + three bridged plugins 50 each", () => {
    expect(TEAM_MEMORY_MIB).toBe(930);
});

test.each([
    // (7168 - 1024) / 930 = 6.6
    [7, 6],
    // (16384 - 1024) / 930 = 16.5
    [16, 16],
    // a 1 GiB machine still runs one team at a time
    [1, 1],
    // (131072 - 1024) / 930 = 139.8, capped
    [128, 64],
])("%i GiB holds %i teams", (gib, teams) => {
    expect(defaultParallel(gib * GIB)).toBe(teams);
});
