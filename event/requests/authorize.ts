/**
 * Who may ask for a team's teardown: GitHub's own record of the issue's author (`user.login`),
 * never a name written in the body, must be a member of THAT team in the roster or a coach listed
 * in `event.github.coaches`; and the confirmation typed into the form must be the team's name.
 * Pure: the same roster and issue always give the same answer, so the tests can state every case.
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { GITHUB_LOGIN } from "../../stacks/schema";
import { confirmationOf } from "./form";

/** An open issue of a team repository, as far as the decision needs it. */
export interface RequestIssue {
    readonly number: number;
    /** GitHub's `user.login` of the issue (who opened it). */
    readonly author: string;
    readonly body: string | null;
    readonly url: string;
    readonly createdAt: string;
}

export type Decision =
    | { readonly kind: "honour"; readonly as: "member" | "coach" }
    | { readonly kind: "refuse"; readonly reason: string };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The decision for one request on the repository of `team` (undefined: a stack of this event whose
 * team is no longer in the roster, an orphan).
 */
export function decide(
    event: EventConfig,
    teams: readonly TeamConfig[],
    repositoryTeam: string,
    issue: RequestIssue,
): Decision {
    const team = teams.find((t) => t.name === repositoryTeam);
    if (team === undefined)
        return {
            kind: "refuse",
            reason: `team ${repositoryTeam} is not in this event's roster any more, so this automation does not tear it down; the organizers remove it with destroy --orphans`,
        };
    // GitHub logins are validated by GitHub; anything else (a bot's "name[bot]") is no member.
    const author = GITHUB_LOGIN.test(issue.author) ? issue.author : undefined;
    const member = author !== undefined && team.members.some((m) => same(m.github, author));
    const coach = author !== undefined && (event.github.coaches ?? []).some((c) => same(c, author));
    if (!member && !coach) {
        const elsewhere =
            author === undefined
                ? undefined
                : teams.find((t) => t.members.some((m) => same(m.github, author)));
        const who = author === undefined ? "the author of this request" : `@${author}`;
        return {
            kind: "refuse",
            reason:
                elsewhere !== undefined
                    ? `${who} is a member of team ${elsewhere.name}, not of team ${team.name}: a team can only ask for its own teardown`
                    : `${who} is neither a member of team ${team.name} nor a coach of this event`,
        };
    }
    const typed = confirmationOf(issue.body);
    if (typed === undefined || typed === "")
        return {
            kind: "refuse",
            reason: `the confirmation is empty: open a new request and type the team name ${team.name}`,
        };
    // The typed text is never repeated back: it is anyone's text, and a comment would render it.
    if (typed !== team.name)
        return {
            kind: "refuse",
            reason: `the confirmation does not match the team name ${team.name}: open a new request and type it exactly`,
        };
    return { kind: "honour", as: member ? "member" : "coach" };
}
