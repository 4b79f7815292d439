/**
 * The `status` section of open teardown requests: one issue list per team repository (reads only),
 * each request with the decision `requests --apply` would take.
 */
import type { GitHubClientSource } from "../github/invitations";
import type { Roster } from "../roster";
import { GITHUB_LOGIN } from "../../stacks/schema";
import { planRequests } from "./plan";

export async function requestSection(
    source: GitHubClientSource,
    roster: Roster,
    existingStacks: ReadonlySet<string>,
    now: Date,
    table: (header: string[], rows: string[][]) => string,
): Promise<string> {
    const github = await source();
    if (github === undefined)
        return "Teardown requests: unknown (set GITHUB_TOKEN to read the team repositories' issues)";
    const plans = await planRequests(roster, github, existingStacks, [], now);
    const rows = plans.flatMap((p) =>
        p.error !== undefined
            ? [[p.team, "?", "-", `unknown: ${p.error}`]]
            : p.requests.map((r) => [
                  p.team,
                  `#${r.issue.number}`,
                  GITHUB_LOGIN.test(r.issue.author) ? `@${r.issue.author}` : "(unknown)",
                  p.action === "archived"
                      ? "none: the repository is archived"
                      : r.decision.kind === "honour"
                        ? "honoured by requests --apply"
                        : "refused by requests --apply",
              ]),
    );
    if (rows.length === 0) return "Teardown requests: none open";
    return `Teardown requests (carried out by requests --apply):\n${table(["TEAM", "ISSUE", "BY", "NEXT"], rows)}`;
}
