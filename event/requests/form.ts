/**
 * The teardown request form and how its answer is read back.
 *
 * The form is a GitHub issue form shipped ONCE per owner, in the owner's public `.github` repository
 * (`.github/ISSUE_TEMPLATE/teardown.yml`): GitHub offers an owner's default issue templates in every
 * repository of that owner that has no `.github/ISSUE_TEMPLATE` folder of its own ("Creating a
 * default community health file", docs.github.com). So the form costs no GitHub write per team and
 * the team stack's footprint (stacks/githubFootprint.ts) is unchanged. A template repository with
 * its own ISSUE_TEMPLATE folder hides the default: put the same file there instead (docs/team-teardown.md).
 *
 * GitHub submits an issue form as Markdown: each field becomes `### <label>`, a blank line, then the
 * answer (`_No response_` when empty) (issue forms syntax, docs.github.com). Labels are not used to
 * recognise a request: a form's labels are only applied when the label already exists in the
 * repository, which would cost a write per team. A request is recognised by the confirmation
 * field's heading instead; who may ask is decided from GitHub's record of the author, never from
 * anything in the body (authorize.ts).
 */
import { stringify } from "yaml";

/** The confirmation field's label: the heading GitHub writes into the issue body. */
export const CONFIRM_LABEL = "Team name (type it to confirm)";
/** The issue title the form proposes (teams may change it; it is not relied on). */
export const REQUEST_TITLE = "Tear down our environment";
/** The file name under `.github/ISSUE_TEMPLATE/` in the owner's `.github` repository. */
export const FORM_FILE = "teardown.yml";

/** GitHub's issue body limit is 65536 characters; anything longer is not a form answer. */
const MAX_BODY = 65_536;
/** What GitHub writes for an optional field left empty. */
const NO_RESPONSE = "_No response_";

/** The issue form as YAML (GitHub's issue forms schema: name, description, title, body). */
export function issueFormYaml(): string {
    const form = {
        name: "Tear down our environment",
        description:
            "Ask the organizers to delete this team's Azure environment now. This repository is kept, archived and readable by the team.",
        title: REQUEST_TITLE,
        body: [
            {
                type: "markdown",
                attributes: {
                    value: [
                        "This deletes your team's Azure resources, its Entra application and the repository's secrets, for good.",
                        "Your repository is kept: it is archived (read-only) and every member can still read it.",
                        "Only a member of this team or a coach can ask. The organizers' automation answers on this issue.",
                        "",
                        "Azure の環境を削除します(元に戻せません)。リポジトリはアーカイブされ、メンバーは引き続き読めます。",
                    ].join("\n"),
                },
            },
            {
                type: "input",
                id: "team",
                attributes: {
                    label: CONFIRM_LABEL,
                    description:
                        "Your team's name exactly as on your handout / ハンドアウトにあるチーム名をそのまま",
                },
                validations: { required: true },
            },
        ],
    };
    return `# Shipped by openhack-mlops (event/requests/form.ts): the team teardown request form.\n${stringify(form)}`;
}

/** Whether an issue body is an answer to the form (it carries the confirmation heading). */
export function isRequestBody(body: string | null | undefined): boolean {
    return confirmationOf(body) !== undefined;
}

/**
 * The text typed into the confirmation field, trimmed; "" when left empty; undefined when the body
 * has no such field (not a request). Reads at most GitHub's body limit, line by line, with no
 * regular expression over the whole untrusted text.
 */
export function confirmationOf(body: string | null | undefined): string | undefined {
    if (typeof body !== "string") return undefined;
    const lines = body.slice(0, MAX_BODY).split(/\r?\n/);
    const start = lines.findIndex((l) => l.trim() === `### ${CONFIRM_LABEL}`);
    if (start < 0) return undefined;
    const answer: string[] = [];
    for (const line of lines.slice(start + 1)) {
        if (line.startsWith("### ")) break;
        if (line.trim() !== "") answer.push(line.trim());
    }
    const text = answer.join(" ");
    return text === NO_RESPONSE ? "" : text;
}
