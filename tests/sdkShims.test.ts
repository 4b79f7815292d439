/**
 * jest.config.js maps the Pulumi SDK's TypeScript shim to tests/shims/typescriptOnUse.js, which
 * requires TypeScript on first use only. The SDK must still get the real compiler when it needs it:
 * here it parses a function's text as it does to serialize a closure.
 */

/** runtime/closure/parseFunction.js: `@internal`, so absent from the SDK's published types. */
type ParseFunction = (
    text: string,
) => [string, { capturedVariables: { required: Map<string, unknown> } } | undefined];

test("the SDK parses a function through the on-use TypeScript shim and finds what it captures", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, untyped
    const { parseFunction } = require("@pulumi/pulumi/runtime/closure/parseFunction") as {
        parseFunction: ParseFunction;
    };
    const [error, parsed] = parseFunction("function total(a) { return a + offset * limit; }");
    expect(error).toBe("");
    expect([...(parsed?.capturedVariables.required.keys() ?? [])].sort()).toEqual([
        "limit",
        "offset",
    ]);
});
