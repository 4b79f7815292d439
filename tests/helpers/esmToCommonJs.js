// Jest transformer for the few ES-module-only test dependencies (nock 15, @mswjs/interceptors and
// theirs). Jest's CommonJS runtime on Node 20 cannot require ES modules, so these files are
// transpiled with TypeScript (already a dev dependency) to CommonJS:
// - `import.meta.url` (used by @mswjs/interceptors to find its llhttp WASM file) has no CommonJS
//   form and becomes the file's URL;
// - Jest always treats `.mjs` files as ES modules, whatever the transform, so the `.mjs`-only
//   package `rettime` is copied once to `.js` files under node_modules/.cache and imported from there.
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const NODE_MODULES = path.resolve(__dirname, "../../node_modules");
const CACHE = path.join(NODE_MODULES, ".cache", "esm-cjs");
/** Bare specifiers that resolve to `.mjs`: their `.js` copies. */
const MJS_PACKAGES = { rettime: "rettime/build/index.mjs" };

function jsCopyOf(entry) {
    const dir = path.dirname(path.join(NODE_MODULES, entry));
    const target = path.join(CACHE, path.relative(NODE_MODULES, dir));
    fs.mkdirSync(target, { recursive: true });
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".mjs"))) {
        const text = fs
            .readFileSync(path.join(dir, file), "utf8")
            .replace(/(from\s+["'][^"']+)\.mjs(["'])/g, "$1.js$2");
        fs.writeFileSync(path.join(target, file.replace(/\.mjs$/, ".js")), text);
    }
    return path.join(target, path.basename(entry).replace(/\.mjs$/, ".js"));
}
const copies = Object.fromEntries(
    Object.entries(MJS_PACKAGES).map(([name, entry]) => [name, jsCopyOf(entry)]),
);

module.exports = {
    process(source, filename) {
        let text = source.replace(
            /\bimport\.meta\.url\b/g,
            'require("node:url").pathToFileURL(__filename).href',
        );
        for (const [name, copy] of Object.entries(copies))
            text = text.replace(
                new RegExp(`(from\\s+)["']${name}["']`, "g"),
                `$1${JSON.stringify(copy)}`,
            );
        const { outputText, sourceMapText } = ts.transpileModule(text, {
            fileName: filename,
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                allowJs: true,
                esModuleInterop: true,
                sourceMap: true,
            },
        });
        return { code: outputText, map: sourceMapText };
    },
};
