import * as path from "node:path";
import { eventProjectSettings, PROJECT_NAME } from "../../event/project";

const ROOT = path.resolve("/repo");

describe("eventProjectSettings", () => {
    test("same project name, main pointing back to the repo root program", () => {
        expect(eventProjectSettings(ROOT, path.join(ROOT, "stacks", "oh4mlex"))).toMatchObject({
            name: PROJECT_NAME,
            runtime: "nodejs",
            main: "../..",
        });
    });

    test("works with a relative event directory, as the CLI passes it", () => {
        expect(eventProjectSettings(process.cwd(), "stacks/oh4mlex").main).toBe("../..");
    });

    test("copies the runtime of the repo's Pulumi.yaml and honours its main", () => {
        const root =
            "name: openhack-mlops\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\nmain: src/\n";
        expect(
            eventProjectSettings(ROOT, path.join(ROOT, "stacks", "oh4mlex"), root),
        ).toMatchObject({
            runtime: { name: "nodejs", options: { packagemanager: "npm" } },
            main: "../../src",
        });
    });

    test("copies the repo project's backend.url: the CLI reads it before any login", () => {
        const root = "name: openhack-mlops\nruntime: nodejs\nbackend:\n  url: azblob://state\n";
        expect(
            eventProjectSettings(ROOT, path.join(ROOT, "stacks", "oh4mlex"), root).backend,
        ).toEqual({ url: "azblob://state" });
        expect(
            eventProjectSettings(
                ROOT,
                path.join(ROOT, "stacks", "oh4mlex"),
                "name: openhack-mlops\n",
            ).backend,
        ).toBeUndefined();
    });

    test("refuses a repo project with another name: its stacks would not be the team stacks", () => {
        expect(() =>
            eventProjectSettings(
                ROOT,
                path.join(ROOT, "stacks", "oh4mlex"),
                "name: something-else\nruntime: nodejs\n",
            ),
        ).toThrow('project name is "something-else"');
    });
});
