/**
 * Teardown through the event driver and its fake engine: the order destroy -> purge -> verify, the
 * report, a re-run after an interruption, and verify-teardown on its own. The cloud is the
 * in-memory MemoryCloud (teardownFakes.ts); the SDK layer under it is tested in teardownSdk.test.ts.
 */
import { readFileSync } from "node:fs";
import { helpText, parseArgs } from "../../event/cli";
import { runEvent } from "../../event/runEvent";
import type { OutputValue } from "../../event/engine";
import { teardownSession } from "../../event/teardown/session";
import { EXIT } from "../../event/summary";
import { harness, options, rosterYaml, teamInput, type Harness } from "./fakes";
import { renderSamples } from "./samples";
import { MemoryCloud, MemoryRecords, SUBSCRIPTION, withCloudEffects } from "./teardownFakes";

// Each team names its subscription, so a teardown without a record still knows where to look.
const ROSTER = rosterYaml(
    ["aurora", "borealis"].map((t) => ({ ...teamInput(t), subscriptionId: SUBSCRIPTION })),
);

const outputsOf = (team: string): Record<string, OutputValue> => ({
    subscriptionId: { value: SUBSCRIPTION, secret: false },
    resourceGroup: { value: `rg-oh4mlex-${team}`, secret: false },
    workspace: { value: `oh4mlex-${team}-k3x9qz`, secret: false },
    storageAccount: { value: `oh4mlex${team}k3x9qz`, secret: false },
    servicePrincipalClientId: { value: `client-${team}`, secret: false },
});

interface World {
    readonly h: Harness;
    readonly cloud: MemoryCloud;
    readonly records: MemoryRecords;
}

function world(teams: readonly string[] = ["aurora", "borealis"]): World {
    const h = harness();
    const cloud = new MemoryCloud();
    for (const team of teams) {
        cloud.provision("oh4mlex", team);
        h.engine.addStack(`oh4mlex-${team}`, { outputs: outputsOf(team) });
    }
    withCloudEffects(h.engine, cloud);
    return { h, cloud, records: new MemoryRecords() };
}

function destroy(w: World, overrides: Partial<ReturnType<typeof options>> = {}): Promise<number> {
    return w.h.clock.run(
        runEvent(options("destroy", overrides), {
            ...w.h.deps(ROSTER),
            teardown: (roster, opts) => teardownSession(roster, opts, w.cloud, w.records),
        }),
    );
}

const indexOf = (calls: readonly string[], prefix: string): number => {
    const i = calls.findIndex((c) => c.startsWith(prefix));
    if (i < 0) throw new Error(`no call starting with "${prefix}" in:\n${calls.join("\n")}`);
    return i;
};

describe("destroy with teardown", () => {
    test("records names, purges the workspace, destroys, purges the rest, then verifies", async () => {
        const w = world(["aurora"]);
        const exit = await destroy(w, { teams: ["aurora"] });
        const calls = w.cloud.calls;

        expect(exit).toBe(EXIT.ok);
        const purgeWs = indexOf(calls, "purgeWorkspace oh4mlex-aurora-k3x9qz");
        const destroyed = indexOf(calls, "pulumi destroy rg-oh4mlex-aurora");
        const purgeVault = indexOf(calls, "purgeVault oh4mlexaurorak3x9qz");
        const purgeApp = indexOf(calls, "purgeDeletedDirectoryObject app-aurora");
        const purgeSp = indexOf(calls, "purgeDeletedDirectoryObject sp-aurora");
        const verifyGroup = indexOf(calls, "resourceGroupState rg-oh4mlex-aurora");
        // Asked twice: by the purge (to delete any left), then by the verification.
        const verifyRoles = calls.lastIndexOf("roleAssignmentsOf sp-aurora");
        expect(purgeWs).toBeLessThan(destroyed);
        expect(destroyed).toBeLessThan(purgeVault);
        expect(purgeVault).toBeLessThan(purgeApp);
        expect(purgeApp).toBeLessThan(purgeSp);
        expect(purgeSp).toBeLessThan(verifyGroup);
        expect(purgeSp).toBeLessThan(verifyRoles);
        // The principal's id was read before the destroy, while the principal still existed.
        expect(indexOf(calls, "servicePrincipalByAppId client-aurora")).toBeLessThan(destroyed);
        expect(w.records.records.get("aurora")).toEqual({
            subscriptionId: SUBSCRIPTION,
            location: "japaneast",
            workspace: "oh4mlex-aurora-k3x9qz",
            keyVault: "oh4mlexaurorak3x9qz",
            clientId: "client-aurora",
            servicePrincipalObjectId: "sp-aurora",
        });
        // Left by Pulumi (retainOnDelete), archived by the purge after the destroy.
        expect(indexOf(calls, "archiveRepository contoso-hack/oh4mlex-aurora")).toBeGreaterThan(
            destroyed,
        );

        expect(w.h.out.text).toContain("aurora  destroy  succeeded");
        expect(w.h.out.text).toContain("+15; teardown: clean");
        expect(w.h.out.text).toContain("aurora: nothing left");
        expect(w.h.out.text).toContain(
            "1 team verified: 1 clean, 0 pending, 0 with leftovers, 0 not verified",
        );
        const log =
            [...w.h.logs.files].find(([file]) =>
                file.endsWith("stacks/oh4mlex/logs/aurora-destroy.log"),
            )?.[1] ?? "";
        expect(log).toContain("=== teardown: purge ML workspace oh4mlex-aurora-k3x9qz: done");
        expect(log).toContain("=== teardown: purge key vault oh4mlexaurorak3x9qz: done");
    });

    test("a role assignment made by hand outlives the destroy and is deleted by the purge", async () => {
        const w = world(["aurora"]);
        const handMade = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments/by-hand`;
        w.cloud.teams.get("rg-oh4mlex-aurora")?.roleAssignments.push({
            id: handMade,
            scope: `/subscriptions/${SUBSCRIPTION}`,
            roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        });
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.ok);
        expect(indexOf(w.cloud.calls, `deleteRoleAssignment ${handMade}`)).toBeGreaterThan(
            indexOf(w.cloud.calls, "pulumi destroy rg-oh4mlex-aurora"),
        );
        expect(w.h.out.text).toMatch(/gone\s+role assignments of the team principal\s+sp-aurora/);
    });

    test("--delete-repos deletes the archived repository; --json puts only the report on stdout", async () => {
        const w = world(["aurora"]);
        expect(await destroy(w, { teams: ["aurora"], deleteRepos: true, json: true })).toBe(
            EXIT.ok,
        );
        expect(w.cloud.calls).toContain("deleteRepository contoso-hack/oh4mlex-aurora");
        const report = JSON.parse(w.h.out.text) as {
            teams: { team: string; verdict: string; checks: { item: string; status: string }[] }[];
        };
        expect(report.teams.map((t) => [t.team, t.verdict])).toEqual([["aurora", "clean"]]);
        expect(report.teams[0].checks.find((c) => c.item === "GitHub repository")?.status).toBe(
            "gone",
        );
        expect(w.h.err.text).toContain("aurora  destroy  succeeded");
    });

    test("a refused purge fails the team with the leftover and the command that removes it", async () => {
        const w = world(["aurora"]);
        w.cloud.failOnce.set(
            "purgeVault oh4mlexaurorak3x9qz",
            Object.assign(new Error("Conflict: the vault is being deleted"), { statusCode: 409 }),
        );
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.teamFailed);
        expect(w.h.out.text).toContain("+15; teardown: leftovers");
        expect(w.h.out.text).toContain(
            "purge failed: purge key vault oh4mlexaurorak3x9qz: Conflict: the vault is being deleted",
        );
        expect(w.h.out.text).toMatch(/leftover\s+soft-deleted key vault\s+oh4mlexaurorak3x9qz/);
        expect(w.h.out.text).toContain(
            `fix: az keyvault purge --name oh4mlexaurorak3x9qz --location japaneast --subscription ${SUBSCRIPTION}`,
        );

        // The same command again finishes the job: Pulumi has nothing to do, the purge goes through.
        w.h.out.text = "";
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.ok);
        expect(w.h.out.text).toContain("aurora: nothing left");
    });

    test("interrupted during pulumi destroy: the re-run finishes, each step idempotent", async () => {
        const w = world(["aurora"]);
        w.h.engine.script("destroy", "oh4mlex-aurora", {
            error: "error: update canceled",
            delayMs: 5_000,
        });
        expect(await destroy(w, { teams: ["aurora"], retries: 0 })).toBe(EXIT.teamFailed);
        // The workspace went before the destroy; nothing after the failed destroy ran.
        expect(w.cloud.calls).toContain("purgeWorkspace oh4mlex-aurora-k3x9qz");
        expect(w.cloud.calls.some((c) => c.startsWith("purgeVault"))).toBe(false);
        expect(w.h.out.text).not.toContain("Teardown verification");

        const before = w.cloud.calls.length;
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.ok);
        const rerun = w.cloud.calls.slice(before);
        // The outputs are still there on the re-run, but the workspace is not: nothing to purge.
        expect(rerun).not.toContain("purgeWorkspace oh4mlex-aurora-k3x9qz");
        expect(rerun).toContain("purgeVault oh4mlexaurorak3x9qz");
        expect(w.h.out.text).toContain("aurora: nothing left");
    });

    test("a destroy that never purged (older driver) is finished by a re-run, leftovers named", async () => {
        const w = world(["aurora"]);
        // First destroy without teardown: Pulumi's delete only, as before issue 11.
        await w.h.clock.run(runEvent(options("destroy", { teams: ["aurora"] }), w.h.deps(ROSTER)));
        expect(w.cloud.calls).toEqual(["pulumi destroy rg-oh4mlex-aurora"]);

        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.teamFailed);
        const text = w.h.out.text;
        // Vault, application and principal are purged; the principal's id comes from deleted items.
        expect(text).toMatch(/gone\s+soft-deleted key vault/);
        expect(text).toMatch(/gone\s+role assignments of the team principal\s+sp-aurora/);
        // A soft-deleted workspace in a deleted group cannot be purged: reported with its remedy.
        expect(text).toMatch(
            /leftover\s+ML workspace \(active or soft-deleted\)\s+oh4mlex-aurora-k3x9qz/,
        );
        expect(text).toContain(
            `fix: az group create --name rg-oh4mlex-aurora --location japaneast --subscription ${SUBSCRIPTION} && ` +
                `az rest --method delete --url "https://management.azure.com/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-oh4mlex-aurora/providers/Microsoft.MachineLearningServices/workspaces/oh4mlex-aurora-k3x9qz?api-version=2024-04-01&forceToPurge=true" && ` +
                `az group delete --name rg-oh4mlex-aurora --yes --subscription ${SUBSCRIPTION}`,
        );
    });

    test("--no-purge: only pulumi destroy; no purge, no verification, the soft-deleted items stay", async () => {
        const w = world(["aurora"]);
        expect(await destroy(w, { teams: ["aurora"], purge: false })).toBe(EXIT.ok);
        expect(w.cloud.calls).toContain("pulumi destroy rg-oh4mlex-aurora");
        expect(w.cloud.calls.filter((c) => /^(purge|delete|archive)/.test(c))).toEqual([]);
        expect(w.h.out.text).not.toContain("Teardown verification");
    });

    test("a purge that cannot start (no access): nothing is destroyed and the detail says how to go on", async () => {
        const w = world(["aurora"]);
        const exit = await w.h.clock.run(
            runEvent(options("destroy", { teams: ["aurora"] }), {
                ...w.h.deps(ROSTER),
                teardown: (roster, opts) => ({
                    ...teardownSession(roster, opts, w.cloud, w.records),
                    before: () =>
                        Promise.reject(new Error("AzureCliCredential: Please run 'az login'")),
                }),
            }),
        );
        expect(exit).toBe(EXIT.teamFailed);
        expect(w.cloud.calls).not.toContain("pulumi destroy rg-oh4mlex-aurora");
        expect(w.h.out.text).toMatch(
            /aurora\s+destroy\s+failed .*purging the ML workspace before destroy failed, nothing was destroyed \(fix the access, or run destroy with --no-purge/,
        );
    });

    test("without a teardown factory destroy behaves as before (no report)", async () => {
        const w = world(["aurora"]);
        await w.h.clock.run(runEvent(options("destroy", { teams: ["aurora"] }), w.h.deps(ROSTER)));
        expect(w.h.out.text).not.toContain("Teardown verification");
    });
});

describe("verify-teardown", () => {
    const verify = (w: World, overrides: Partial<ReturnType<typeof options>> = {}) =>
        w.h.clock.run(
            runEvent(options("verify-teardown", overrides), {
                ...w.h.deps(ROSTER),
                teardown: (roster, opts) => teardownSession(roster, opts, w.cloud, w.records),
            }),
        );

    test("after a full teardown: clean, from the records alone, without Pulumi", async () => {
        const w = world();
        expect(await destroy(w)).toBe(EXIT.ok);
        const engines = w.h.engineCreated;
        w.h.out.text = "";
        expect(await verify(w)).toBe(EXIT.ok);
        expect(w.h.engineCreated).toBe(engines);
        expect(w.h.out.text).toContain("aurora: nothing left");
        expect(w.h.out.text).toContain("borealis: nothing left");
        expect(w.h.out.text).toContain("2 teams verified: 2 clean");
    });

    test("a team never torn down: every leftover with its command; exit code 1", async () => {
        const w = world();
        expect(await verify(w, { teams: ["borealis"] })).toBe(EXIT.teamFailed);
        const text = w.h.out.text;
        expect(text).not.toContain("aurora");
        expect(text).toContain("borealis: LEFTOVERS");
        expect(text).toContain(
            `fix: az group delete --name rg-oh4mlex-borealis --yes --subscription ${SUBSCRIPTION}`,
        );
        expect(text).toContain("fix: az ad app delete --id client-borealis");
        expect(text).toContain("fix: az ad sp delete --id sp-borealis");
        expect(text).toContain(
            `fix: az role assignment delete --ids /subscriptions/${SUBSCRIPTION}/resourceGroups/rg-oh4mlex-borealis/providers/Microsoft.Authorization/roleAssignments/ra-borealis`,
        );
        expect(text).toContain("fix: gh repo archive contoso-hack/oh4mlex-borealis --yes");
    });

    test("a group still deleting is reported as pending, not as gone or leftover", async () => {
        const w = world(["aurora"]);
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.ok);
        const state = w.cloud.teams.get("rg-oh4mlex-aurora");
        if (state) state.group = "deleting";
        w.h.out.text = "";
        expect(await verify(w, { teams: ["aurora"], json: true })).toBe(EXIT.ok);
        const report = JSON.parse(w.h.out.text) as {
            teams: {
                verdict: string;
                checks: { item: string; status: string; detail: string; fix?: string }[];
            }[];
        };
        expect(report.teams[0].verdict).toBe("pending");
        expect(report.teams[0].checks[0]).toEqual({
            item: "resource group",
            name: "rg-oh4mlex-aurora",
            status: "pending",
            detail: "still deleting",
            fix: `az group wait --name rg-oh4mlex-aurora --deleted --subscription ${SUBSCRIPTION}    # then run verify-teardown again`,
        });
    });

    test("an unanswerable check is unknown, never gone", async () => {
        const w = world(["aurora"]);
        expect(await destroy(w, { teams: ["aurora"] })).toBe(EXIT.ok);
        w.cloud.failOnce.set(
            "repository contoso-hack/oh4mlex-aurora",
            new Error(
                "no GitHub token: set GITHUB_TOKEN (the token that ran `up`) to check the repository",
            ),
        );
        w.h.out.text = "";
        expect(await verify(w, { teams: ["aurora"] })).toBe(EXIT.teamFailed);
        expect(w.h.out.text).toContain("aurora: NOT VERIFIED");
        expect(w.h.out.text).toMatch(
            /unknown\s+GitHub repository\s+contoso-hack\/oh4mlex-aurora\s+no GitHub token/,
        );
    });
});

describe("command line", () => {
    test("verify-teardown, --delete-repos and --json are parsed; misuse is a usage error", async () => {
        expect(
            await parseArgs([
                "verify-teardown",
                "stacks/x.yaml",
                "--json",
                "--delete-repos",
                "--team",
                "a",
            ]),
        ).toMatchObject({
            command: "verify-teardown",
            rosterFile: "stacks/x.yaml",
            teams: ["a"],
            json: true,
            deleteRepos: true,
        });
        expect(await parseArgs(["destroy", "stacks/x.yaml"])).not.toHaveProperty("deleteRepos");
        expect(await parseArgs(["destroy", "stacks/x.yaml", "--no-purge"])).toMatchObject({
            purge: false,
        });
        expect(await parseArgs(["destroy", "stacks/x.yaml"])).not.toHaveProperty("purge");
        await expect(parseArgs(["verify-teardown", "stacks/x.yaml", "--no-purge"])).rejects.toThrow(
            "--no-purge only goes with destroy, not with verify-teardown",
        );
        await expect(parseArgs(["up", "stacks/x.yaml", "--delete-repos"])).rejects.toThrow(
            "--delete-repos only goes with destroy or verify-teardown, not with up",
        );
        await expect(parseArgs(["status", "stacks/x.yaml", "--json"])).rejects.toThrow(
            "--json only goes with destroy, verify-teardown, preflight, requests or cost, not with status",
        );
        const help = await helpText([]);
        expect(help).toContain("verify-teardown [options] <roster>");
    });

    test("README and docs show the real verify-teardown output", async () => {
        const sample = (await renderSamples()).find((s) => s.command.includes("verify-teardown"));
        const block = `$ ${sample?.command}\n${sample?.output}\n\`\`\``;
        expect(sample?.output).toContain("cirrus: LEFTOVERS");
        expect(readFileSync("README.md", "utf8")).toContain(block);
        expect(readFileSync("docs/run-an-event.md", "utf8")).toContain(block);
    });
});
