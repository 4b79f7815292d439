/**
 * The commands of docs/team-teardown.md, run exactly as written from the repository root as child
 * processes (tests/cli/standin: the Pulumi CLI stand-in, a sandbox roster): the form, that a run
 * without a token changes nothing and says why, and the footprint number the doc states. The
 * --apply path as a child process, with GitHub answered inside it: cli.test.ts.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONFIRM_LABEL, confirmationOf } from "../../event/requests/form";
import { githubWriteCount } from "../../stacks/githubFootprint";
import { validSample } from "../helpers/fixtures";
import { REPO_ROOT, run, sandbox, type Sandbox } from "../cli/standin";

jest.setTimeout(240_000);
const DOC = readFileSync(path.join(REPO_ROOT, "docs", "team-teardown.md"), "utf8");

let sb: Sandbox;
beforeAll(() => {
    sb = sandbox("req");
});
afterAll(() => sb.dispose());

test("the form command, as docs write it, prints GitHub issue form YAML whose answer the command reads", () => {
    // `-s`: without it npm prints its own banner on stdout, and the redirected file would not be YAML.
    const command = "npm run -s event -- requests --print-form";
    expect(DOC).toContain(`${command} > teardown.yml`);
    const r = run(sb, command);
    expect(r.code).toBe(0);
    // The whole of stdout, exactly what `> teardown.yml` writes.
    const form = parse(r.stdout) as {
        name: string;
        body: {
            type: string;
            attributes: { label?: string };
            validations?: { required: boolean };
        }[];
    };
    const input = form.body.find((b) => b.type === "input");
    expect(input?.attributes.label).toBe(CONFIRM_LABEL);
    expect(input?.validations?.required).toBe(true);
    // What GitHub submits for that field (### label, blank line, answer) is what the command reads.
    expect(confirmationOf(`### ${input?.attributes.label}\n\naurora\n`)).toBe("aurora");
});

test("requests without GITHUB_TOKEN: exit 2, the reason, no stack touched", () => {
    const command = `npm run event -- requests ${sb.roster}`;
    expect(DOC).toContain("npm run event -- requests stacks/oh4ml.yaml");
    const before = sb.invocations().length;
    const r = run(sb, command, { GITHUB_TOKEN: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("requests: set GITHUB_TOKEN");
    expect(sb.invocations().length).toBe(before);
});

test("the footprint the doc states for a team of 5 is the code's count, and the form adds nothing to it", () => {
    const { event, team } = validSample(5, { github: { owner: "contoso-hack" } });
    const writes = githubWriteCount(event, team);
    const stated =
        /the footprint of a team of 5 stays what stacks\/githubFootprint\.ts counts: (\d+) writes/.exec(
            DOC.replace(/\s+/g, " "),
        );
    expect(stated?.[1]).toBe(String(writes));
});
