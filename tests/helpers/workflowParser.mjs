// Parses a GitHub Actions workflow with GitHub's own parser (@actions/workflow-parser, the one the
// Actions language service uses) and prints its errors and the jobs it understood, as JSON. An ES
// module run by node as a child process: the parser ships ES modules only.
import { readFileSync } from "node:fs";
import process from "node:process";
import {
    convertWorkflowTemplate,
    NoOperationTraceWriter,
    parseWorkflow,
} from "@actions/workflow-parser";

const file = process.argv[2];
const trace = new NoOperationTraceWriter();
const parsed = parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, trace);
const errors = parsed.context.errors.getErrors().map((e) => e.message);
let template;
if (parsed.value !== undefined)
    template = await convertWorkflowTemplate(parsed.context, parsed.value);
/** A parsed token as plain data: mappings as objects, expressions as `${{ ... }}` text. */
const plain = (token) => {
    if (token === undefined) return null;
    if (token.isExpression) return `\${{ ${token.expression} }}`;
    if (token.map instanceof Array)
        return Object.fromEntries(token.map.map(({ key, value }) => [key.value, plain(value)]));
    return token.value;
};
const all = [
    ...errors,
    ...(template?.errors ?? []).map((e) => e.Message ?? e.message ?? String(e)),
];
process.stdout.write(
    JSON.stringify({
        errors: [...new Set(all)],
        events: template ? Object.keys(template.events ?? {}) : [],
        concurrency: plain(template?.concurrency),
        jobs: (template?.jobs ?? []).map((j) => ({
            id: j.id?.value ?? j.id,
            environment: j.environment !== undefined,
        })),
    }),
);
