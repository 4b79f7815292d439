/**
 * The teardown session the CLI uses: the official SDK clients of event/cloud/clients.ts (Azure CLI,
 * environment or workload identity credentials; `GITHUB_TOKEN` for GitHub, the token that ran `up`)
 * and the records under `stacks/<event>/teardown/`. The SDKs are loaded on first use, so `--help`,
 * roster errors and the other commands do not wait for them.
 */
import { realClock } from "../clock";
import type { Roster } from "../roster";
import type { TeamReport } from "./report";
import type { TeardownOptions, TeardownSession } from "./session";

export function liveTeardown(roster: Roster, options: TeardownOptions): TeardownSession {
    let session: Promise<TeardownSession> | undefined;
    const real = (): Promise<TeardownSession> =>
        (session ??= (async () => {
            const { azureCredential, githubClient, graphClient } = await import("../cloud/clients");
            const { sdkCloud } = await import("./sdkCloud");
            const { fileRecordStore } = await import("./names");
            const { teardownSession } = await import("./session");
            const credential = azureCredential();
            const token = process.env.GITHUB_TOKEN;
            const cloud = sdkCloud({
                credential,
                graph: graphClient(credential),
                github: token ? githubClient({ token }) : undefined,
                sleep: (ms) => realClock.sleep(ms),
            });
            const defaultSubscriptionId =
                process.env.AZURE_SUBSCRIPTION_ID || process.env.ARM_SUBSCRIPTION_ID || undefined;
            return teardownSession(
                roster,
                { ...options, defaultSubscriptionId },
                cloud,
                fileRecordStore(roster.eventDir),
            );
        })());
    const reports: TeamReport[] = [];
    const keep = async (report: Promise<TeamReport>): Promise<TeamReport> => {
        const r = await report;
        reports.push(r);
        return r;
    };
    return {
        before: async (team) => (await real()).before(team),
        after: async (team) => keep((await real()).after(team)),
        verify: async (team) => keep((await real()).verify(team)),
        reports: () => reports,
        finishRepository: async (team) => (await real()).finishRepository(team),
    };
}
