/**
 * docs/cli.md: every command's generated help, as the command line prints it. The help is the
 * reference: options are declared once, in event/commands/ and offline/plan/cli.ts, and this file
 * only collects what they print. tests/cli/reference.test.ts keeps docs/cli.md equal to it;
 * after changing a command, regenerate with
 *
 *   npx tsx scripts/cliReference.ts
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { helpText } from "../event/cli";
import { runCommandLine } from "../event/commandLine";
import { planProgram } from "../offline/plan/cli";

/** 7 GiB, a GitHub-hosted runner: the --parallel default shown (the real one depends on the machine). */
const REFERENCE_MEMORY_BYTES = 7 * 1024 ** 3;

/** The commands of `npm run event`, in the order of its help. */
const EVENT_COMMANDS: readonly (readonly string[])[] = [
    ["up"],
    ["preview"],
    ["refresh"],
    ["destroy"],
    ["verify-teardown"],
    ["status"],
    ["outputs"],
    ["handouts"],
    ["roster", "import"],
    ["preflight"],
];

async function planHelp(): Promise<string> {
    let text = "";
    const sink = { write: (t: string) => (text += t) };
    await runCommandLine(
        planProgram(() => Promise.resolve(0)),
        ["--help"],
        { out: sink, err: sink },
    );
    return text;
}

const block = (title: string, command: string, help: string): string =>
    `## ${title}\n\n\`\`\`text\n$ ${command} --help\n${help.trimEnd()}\n\`\`\`\n`;

export async function cliReference(): Promise<string> {
    const parts = [
        `# Command-line reference

Generated from the commands themselves (\`npx tsx scripts/cliReference.ts\`; a test keeps this file
equal to what they print). Every command answers \`--help\`; a misspelt command or option is
answered with the closest names, and every usage error exits with code 2 without touching anything.
The \`--parallel\` default shown is a 7 GiB machine's (a GitHub-hosted runner); \`--help\` shows
yours.

Contents: [npm run event](#npm-run-event), ${EVENT_COMMANDS.map((c) => `[${c.join(" ")}](#${c.join("-")})`).join(", ")}, [npm run plan](#npm-run-plan).
`,
        block("npm run event", "npm run event --", await helpText([], REFERENCE_MEMORY_BYTES)),
    ];
    for (const command of EVENT_COMMANDS)
        parts.push(
            block(
                command.join(" "),
                `npm run event -- ${command.join(" ")}`,
                await helpText(command, REFERENCE_MEMORY_BYTES),
            ),
        );
    parts.push(block("npm run plan", "npm run plan --", await planHelp()));
    return parts.join("\n");
}

if (require.main === module) {
    void cliReference().then((text) =>
        writeFileSync(path.join(__dirname, "..", "docs", "cli.md"), text),
    );
}
