// Jest transformer for the few ES-module-only packages under nock 15 (jest.config.js ESM_ONLY):
// Jest requires ES modules natively only on Node 24.9+ (this project runs on 22), so they are
// transpiled to CommonJS here. `import.meta.url` has no CommonJS form, so it becomes the file's URL
// first.
const { createHash } = require("node:crypto");
const ts = require("typescript");

module.exports = {
    process(source, filename) {
        const code = source.replace(
            /import\.meta\.url/g,
            'require("node:url").pathToFileURL(__filename).href',
        );
        const output = ts.transpileModule(code, {
            fileName: filename,
            compilerOptions: {
                allowJs: true,
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
            },
        });
        return { code: output.outputText };
    },
    getCacheKey(source, filename) {
        return createHash("sha256")
            .update(`esmTransform-1\0${ts.version}\0${filename}\0${source}`)
            .digest("hex");
    },
};
