/** What the model refuses: a page is never built on a missing, malformed or mismatched output. */
import type { OutputValue } from "../../event/engine";
import { buildTeamHandout } from "../../event/handouts/model";
import { teamMarkdown } from "../../event/handouts/page";
import { GENERATED, recordedOutputs, roster } from "./helpers";

function build(change: (outputs: Record<string, OutputValue>) => void) {
    const r = roster();
    const outputs = { ...(recordedOutputs().get("aurora") ?? {}) };
    change(outputs);
    return buildTeamHandout({
        event: r.event,
        location: r.location,
        team: r.teams[0],
        stackName: "oh4mlex-aurora",
        outputs,
    });
}

const problems = (change: (outputs: Record<string, OutputValue>) => void): readonly string[] => {
    const result = build(change);
    return result.ok ? [] : result.problems;
};

test("the recorded outputs build a handout", () => {
    expect(build(() => undefined).ok).toBe(true);
});

test.each<[string, (o: Record<string, OutputValue>) => void, string]>([
    [
        "a missing workspace",
        (o) => delete o.workspace,
        "output workspace: is missing (has `up` succeeded for this team?)",
    ],
    [
        "an empty endpoint",
        (o) => (o.endpoint = { value: "", secret: false }),
        "output endpoint: must be a non-empty string",
    ],
    [
        "a javascript: link",
        (o) => (o.portalUrl = { value: "javascript:alert(1)", secret: false }),
        "output portalUrl: must be an https:// address",
    ],
    [
        "another team's outputs",
        (o) => (o.team = { value: "borealis", secret: false }),
        'output team: is "borealis", but the stack belongs to team aurora',
    ],
    [
        "a malformed data asset",
        (o) => (o.dataAssets = { value: { x: "diabetes:1" }, secret: false }),
        'output dataAssets.x: must be azureml:<name>:<version> (got "diabetes:1")',
    ],
    [
        "a member without instance",
        (o) => (o.computeInstances = { value: { "akiko-tanaka": "ci-a" }, secret: false }),
        "output computeInstances: has no instance for member ben-okafor",
    ],
    [
        "secret instances",
        (o) => (o.computeInstances = { value: undefined, secret: true }),
        "output computeInstances: is marked secret; a handout never shows it",
    ],
    [
        "secret names that are not a list",
        (o) => (o.repositorySecrets = { value: "AZURE_CREDENTIALS", secret: false }),
        "output repositorySecrets: must be a list of names",
    ],
])("%s is a problem named by its output", (_label, change, message) => {
    expect(problems(change)).toContain(message);
});

test("a stack without the secret/variable name outputs says so instead of guessing", () => {
    const result = build((o) => {
        delete o.repositorySecrets;
        delete o.repositoryVariables;
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.handout.repositorySecrets).toBeUndefined();
    const page = teamMarkdown(result.handout, "en", GENERATED);
    expect(page).toContain(
        "- Secrets: not recorded by this stack: see Settings \\> Secrets and variables \\> Actions in the repository",
    );
    expect(page).not.toContain("AZURE_CREDENTIALS`,");
});

test("without per-member instances the page says members create their own", () => {
    const r = roster();
    const result = buildTeamHandout({
        event: { ...r.event, compute: { ...r.event.compute, instancePerMember: false } },
        location: r.location,
        team: r.teams[0],
        stackName: "oh4mlex-aurora",
        outputs: {
            ...(recordedOutputs().get("aurora") ?? {}),
            computeInstances: { value: {}, secret: false },
        },
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const page = teamMarkdown(result.handout, "en", GENERATED);
    expect(page).toContain("No compute instance was created for you");
    expect(page).not.toContain("| Member (GitHub) |");
});

test("an event time zone without a known IANA zone shows UTC only", () => {
    const r = roster();
    const result = buildTeamHandout({
        event: { ...r.event, timeZone: "Nowhere Standard Time" },
        location: r.location,
        team: r.teams[0],
        stackName: "oh4mlex-aurora",
        outputs: recordedOutputs().get("aurora") ?? {},
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const page = teamMarkdown(result.handout, "en", GENERATED);
    expect(page).toContain("expire on `2030-12-25 23:59 UTC`, 7 days after");
});
