// `rettime` (under nock 15's interceptors) ships only .mjs files, which Jest below Node 24.9 always
// treats as ES modules and refuses to require. jest.config.js maps `rettime` here; this loads its
// .mjs files as CommonJS (transpiled by TypeScript), following their relative imports.
const { readFileSync } = require("node:fs");
const path = require("node:path");
// Through Node's own loader, not Jest's registry: the compiler (9 MB) is then loaded once per Jest
// worker instead of once per test file that uses nock, and only its strings come back.
const ts = require("node:module").createRequire(__filename)("typescript");

const loaded = new Map();

function load(file) {
    const cached = loaded.get(file);
    if (cached !== undefined) return cached.exports;
    const module = { exports: {} };
    loaded.set(file, module);
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
        // A .mjs name would make TypeScript keep the ES module syntax.
        fileName: file.replace(/\.mjs$/, ".js"),
        compilerOptions: {
            allowJs: true,
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
        },
    });
    const localRequire = (id) =>
        id.startsWith(".") ? load(path.resolve(path.dirname(file), id)) : require(id);
    new Function("require", "module", "exports", outputText)(localRequire, module, module.exports);
    return module.exports;
}

module.exports = load(
    path.join(__dirname, "..", "..", "node_modules", "rettime", "build", "index.mjs"),
);
