/** What the GitHub owner's plan and the repositories' visibility allow (docs/azure-facts.md, "GitHub"). */
import type { EventConfig } from "./schema";

/** Whether the owner's plan gives the team repositories environments (see `github.plan`). */
export function environmentAvailable(event: EventConfig): boolean {
    return event.github.visibility !== "private" || event.github.plan !== "free";
}

/** Whether the team repositories get the `production` environment: asked for, and the plan has it. */
export function environmentApplies(event: EventConfig): boolean {
    return event.github.extras.environment && environmentAvailable(event);
}

/** Whether GitHub will accept required reviewers on the team repositories (see `github.plan`). */
export function reviewersApply(event: EventConfig): boolean {
    return event.github.visibility !== "private" || event.github.plan === "enterprise";
}
