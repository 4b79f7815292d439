// Evaluates a GitHub Actions expression (the text inside `${{ }}`) with GitHub's own expression
// engine (@actions/expressions, the one @actions/workflow-parser uses) against a context given as
// JSON, and prints the result as a string. An ES module run as a child process: the package ships
// ES modules only. Usage: workflowExpression.mjs '<expression>' '{"inputs":{"command":"up"}}'
import process from "node:process";
import { Evaluator, Lexer, Parser, data } from "@actions/expressions";

const [expression, contextJson] = process.argv.slice(2);

/** JSON as the engine's data: objects as dictionaries, strings, numbers and booleans as such. */
function toData(value) {
    if (typeof value === "string") return new data.StringData(value);
    if (typeof value === "number") return new data.NumberData(value);
    if (typeof value === "boolean") return new data.BooleanData(value);
    if (value === null) return new data.Null();
    const dictionary = new data.Dictionary();
    for (const [key, v] of Object.entries(value)) dictionary.add(key, toData(v));
    return dictionary;
}

const context = toData(JSON.parse(contextJson));
const lexed = new Lexer(expression).lex();
const parsed = new Parser(lexed.tokens, Object.keys(JSON.parse(contextJson)), []).parse();
process.stdout.write(new Evaluator(parsed, context).evaluate().coerceString());
