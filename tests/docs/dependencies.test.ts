/**
 * Every package the repository imports is declared in the package.json that owns the file (the
 * policy pack has its own), so a fresh `npm ci` installs it rather than a hoisted transitive copy.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..");
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
})
    .split("\n")
    .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && fs.existsSync(path.join(REPO, f)));

const SPECIFIER =
    /(?:^|[^\w.])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|(?:^|[^\w.])import\s*["']([^"']+)["']|(?:require|import)\(\s*["']([^"']+)["']\s*\)/gm;

function packageOf(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:"))
        return undefined;
    const name = specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : specifier.split("/")[0];
    return builtinModules.includes(name) ? undefined : name;
}

function declared(manifest: string): Set<string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, manifest), "utf8")) as Record<
        string,
        Record<string, string> | undefined
    >;
    return new Set([
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.devDependencies ?? {}),
    ]);
}

const root = declared("package.json");
const policy = declared("policy/package.json");
const imports = files.flatMap((file) =>
    [...fs.readFileSync(path.join(REPO, file), "utf8").matchAll(SPECIFIER)]
        .map((m) => m[1] ?? m[2] ?? m[3])
        // Prose that reads like an import ("the action import (got ...") is not a module path.
        .filter((specifier) => /^[@\w.][\w./@-]*$/.test(specifier))
        .map((specifier) => packageOf(specifier))
        .filter((p): p is string => p !== undefined)
        .map((pkg) => ({ file, pkg })),
);

test("the scan sees the program's imports (it would prove nothing otherwise)", () => {
    const seen = new Set(imports.map((i) => i.pkg));
    for (const pkg of [
        "@pulumi/pulumi",
        "@pulumi/azure-native",
        "@grpc/grpc-js",
        "google-protobuf",
    ])
        expect(seen).toContain(pkg);
});

test("every imported package is declared in package.json", () => {
    const missing = imports
        .filter(({ pkg }) => !root.has(pkg))
        .map(({ file, pkg }) => `${file} imports ${pkg}, which package.json does not declare`);
    expect([...new Set(missing)]).toEqual([]);
});

test("every package the policy pack imports is declared in policy/package.json", () => {
    const missing = imports
        .filter(({ file, pkg }) => file.startsWith("policy/") && !policy.has(pkg))
        .map(
            ({ file, pkg }) => `${file} imports ${pkg}, which policy/package.json does not declare`,
        );
    expect([...new Set(missing)]).toEqual([]);
});
