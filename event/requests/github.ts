/**
 * The GitHub calls of the request flow, through the Octokit of event/cloud/clients.ts (throttling,
 * 429 and 5xx retries): who the automation is, list a repository's issues, comment on one, close
 * one, open the expiry warning, whether the repository is archived, what the automation already
 * said on an issue. REST: GET /user, GET /repos/{owner}/{repo}, GET /repos/{owner}/{repo}/issues,
 * GET and POST .../issues/{n}/comments, PATCH .../issues/{n}, POST .../issues
 * (docs.github.com/rest/issues, docs.github.com/rest/repos/repos#get-a-repository).
 */
import type { GitHubClient } from "../cloud/clients";
import type { RequestIssue } from "./authorize";
import { isRequestBody } from "./form";

export interface RepositoryRef {
    readonly owner: string;
    readonly repo: string;
}

/** An issue, open or closed, request or not (the expiry warning is found among them too). */
export interface OpenIssue extends RequestIssue {
    readonly title: string;
    readonly open: boolean;
}

/** The login the automation's token acts as: the author of the warnings it posted. */
export async function automationLogin(github: GitHubClient): Promise<string> {
    const { data } = await github.rest.users.getAuthenticated();
    return data.login;
}

/**
 * Every issue of the repository, open and closed, that is not a pull request (the list returns
 * both). Closed ones are read because a closed expiry warning still counts (expiry.ts).
 */
export async function repositoryIssues(
    github: GitHubClient,
    ref: RepositoryRef,
): Promise<OpenIssue[]> {
    const items = await github.paginate(github.rest.issues.listForRepo, {
        ...ref,
        state: "all",
        per_page: 100,
    });
    return items
        .filter((i) => i.pull_request === undefined)
        .map((i) => ({
            number: i.number,
            author: i.user?.login ?? "",
            body: i.body ?? null,
            title: i.title,
            url: i.html_url,
            createdAt: i.created_at,
            open: i.state === "open",
        }));
}

/** Only an open issue is a request: a closed one was answered, or withdrawn by the team. */
export const requestsAmong = (issues: readonly OpenIssue[]): OpenIssue[] =>
    issues.filter((i) => i.open && isRequestBody(i.body));

export async function comment(
    github: GitHubClient,
    ref: RepositoryRef,
    issue: number,
    body: string,
): Promise<void> {
    await github.rest.issues.createComment({ ...ref, issue_number: issue, body });
}

export async function close(
    github: GitHubClient,
    ref: RepositoryRef,
    issue: number,
    reason: "completed" | "not_planned",
): Promise<void> {
    await github.rest.issues.update({
        ...ref,
        issue_number: issue,
        state: "closed",
        state_reason: reason,
    });
}

export async function openIssue(
    github: GitHubClient,
    ref: RepositoryRef,
    title: string,
    body: string,
): Promise<number> {
    const { data } = await github.rest.issues.create({ ...ref, title, body });
    return data.number;
}

/**
 * Whether the repository is archived (`archived` of GET /repos/{owner}/{repo}). An archived
 * repository is read-only: GitHub refuses a comment or a close there with 403 "Repository was
 * archived so is read-only." (issues/create-comment answers 403 as components.responses.forbidden,
 * github/rest-api-description), so a request on it can never be answered.
 */
export async function isArchived(github: GitHubClient, ref: RepositoryRef): Promise<boolean> {
    const { data } = await github.rest.repos.get({ ...ref });
    return data.archived;
}

/** A comment the automation's own account wrote on an issue. */
export interface OwnComment {
    readonly body: string;
    readonly createdAt: string;
}

/**
 * The comments `login` (the automation's account, GET /user) wrote on the issue, oldest first.
 * Only its own: a team member could paste the same text, and that must not silence the automation.
 */
export async function ownComments(
    github: GitHubClient,
    ref: RepositoryRef,
    issue: number,
    login: string,
): Promise<OwnComment[]> {
    const items = await github.paginate(github.rest.issues.listComments, {
        ...ref,
        issue_number: issue,
        per_page: 100,
    });
    const me = login.toLowerCase();
    return items
        .filter((c) => (c.user?.login ?? "").toLowerCase() === me)
        .map((c) => ({ body: c.body ?? "", createdAt: c.created_at }))
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
