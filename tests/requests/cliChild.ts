/**
 * What the child-process tests of `requests` share: the GitHub example bodies
 * (github/rest-api-description, tests/fixtures/github/ names each source), the team's request as
 * GitHub lists it, and the test-only preload that answers HTTP inside the child
 * (tests/helpers/nockPreload.cjs).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIRM_LABEL } from "../../event/requests/form";
import { REPO_ROOT } from "../cli/standin";

export const GITHUB_API = "https://api.github.com";
export const PRELOAD = path.join(REPO_ROOT, "tests", "helpers", "nockPreload.cjs");

const example = <T>(dir: string, name: string): T =>
    JSON.parse(readFileSync(path.join(REPO_ROOT, "tests", "fixtures", dir, name), "utf8")) as T;
export const ISSUE = example<{ value: Record<string, unknown> }>("github", "issue.json").value;
export const COMMENT = example<{ value: Record<string, unknown> }>(
    "github",
    "issue-comment.json",
).value;
export const REPOSITORY = example<{ value: Record<string, unknown> }>(
    "github",
    "repository.json",
).value;
export const AUTHENTICATED = example<{ body: { login: string } }>(
    "preflight",
    "github-authenticated-user.json",
).body;

/** Request #1 on team aurora's repository: opened by roster member ben-okafor, confirmed. */
export function auroraRequest(event: string): Record<string, unknown> {
    return {
        ...Object.fromEntries(Object.entries(ISSUE).filter(([k]) => k !== "pull_request")),
        number: 1,
        state: "open",
        title: "Tear down our environment",
        html_url: `https://github.com/contoso-hack/${event}-aurora/issues/1`,
        user: { ...(ISSUE.user as object), login: "ben-okafor" },
        body: `### ${CONFIRM_LABEL}\n\naurora\n`,
    };
}

/** One line of the preload's log (NOCK_PRELOAD_LOG). */
export interface Logged {
    readonly method: string;
    readonly url: string;
    /** The URL as requested, query included. */
    readonly requested?: string;
    readonly body?: string;
    readonly authorization?: string;
    readonly noMatch?: boolean;
}
