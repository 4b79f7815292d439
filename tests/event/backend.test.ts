import * as path from "node:path";
import {
    checkPassphrase,
    cliEnv,
    passphraseProblem,
    PulumiSetupError,
    stateBackend,
} from "../../event/backend";

const HOME = path.resolve("/home/organizer/.pulumi");
const noFiles = (): string | undefined => undefined;
const credentials =
    (current: string) =>
    (file: string): string | undefined =>
        file === path.join(HOME, "credentials.json")
            ? JSON.stringify({ current, accessTokens: {} })
            : undefined;

describe("stateBackend: where the CLI keeps state (pkg/workspace/creds.go)", () => {
    test("PULUMI_BACKEND_URL wins over the project and the login", () => {
        expect(
            stateBackend(
                { PULUMI_BACKEND_URL: "azblob://state?storage_account=oh", PULUMI_HOME: HOME },
                credentials("https://api.pulumi.com"),
                "https://api.pulumi.com",
            ),
        ).toEqual({
            url: "azblob://state?storage_account=oh",
            source: "PULUMI_BACKEND_URL",
            passphrase: true,
        });
    });

    test("then the project's backend.url, then the last login", () => {
        expect(
            stateBackend({ PULUMI_HOME: HOME }, credentials("file://~"), "s3://b"),
        ).toMatchObject({
            source: "Pulumi.yaml backend.url",
            passphrase: true,
        });
        expect(stateBackend({ PULUMI_HOME: HOME }, credentials("file://~"))).toEqual({
            url: "file://~",
            source: "pulumi login",
            passphrase: true,
        });
        expect(
            stateBackend({ PULUMI_HOME: HOME }, credentials("https://api.pulumi.com")),
        ).toMatchObject({ passphrase: false });
    });

    test("with none of them: Pulumi Cloud, no passphrase", () => {
        expect(stateBackend({ PULUMI_HOME: HOME }, noFiles)).toEqual({ passphrase: false });
        // An empty variable counts as unset, as in the CLI (env.BackendURL is a string value).
        expect(stateBackend({ PULUMI_BACKEND_URL: "", PULUMI_HOME: HOME }, noFiles)).toEqual({
            passphrase: false,
        });
    });

    test("a credentials file that is not JSON is an error naming the file", () => {
        expect(() => stateBackend({ PULUMI_HOME: HOME }, () => "{oops")).toThrow(
            path.join(HOME, "credentials.json"),
        );
    });
});

describe("passphraseProblem: the CLI's reading order (pkg/secrets/passphrase/manager.go)", () => {
    const noRead = (): string => {
        throw new Error("not read");
    };
    test.each([
        [{ PULUMI_CONFIG_PASSPHRASE: "s" }, undefined],
        [{ PULUMI_CONFIG_PASSPHRASE: "" }, "PULUMI_CONFIG_PASSPHRASE is set but empty"],
        [
            { PULUMI_CONFIG_PASSPHRASE: "", PULUMI_CONFIG_PASSPHRASE_FILE: "p.txt" },
            "the CLI reads it before PULUMI_CONFIG_PASSPHRASE_FILE",
        ],
        [{}, "neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set"],
        [{ PULUMI_CONFIG_PASSPHRASE_FILE: "" }, "neither"],
    ])("%j", (env, problem) => {
        const found = passphraseProblem(env, noRead);
        if (problem === undefined) expect(found).toBeUndefined();
        else expect(found).toContain(problem);
    });

    test("a passphrase file is trimmed, as the CLI does; an unreadable one is named", () => {
        const env = { PULUMI_CONFIG_PASSPHRASE_FILE: "p.txt" };
        expect(passphraseProblem(env, () => "secret\n")).toBeUndefined();
        expect(passphraseProblem(env, () => " \n")).toBe(
            "PULUMI_CONFIG_PASSPHRASE_FILE p.txt is empty",
        );
        expect(
            passphraseProblem(env, () => {
                throw new Error("ENOENT");
            }),
        ).toContain("PULUMI_CONFIG_PASSPHRASE_FILE p.txt cannot be read (ENOENT)");
    });
});

describe("checkPassphrase and cliEnv", () => {
    test("only passphrase backends need one", () => {
        expect(() => checkPassphrase({ passphrase: false }, {}, () => "")).not.toThrow();
        expect(() =>
            checkPassphrase(
                { url: "file://~", source: "pulumi login", passphrase: true },
                {},
                () => "",
            ),
        ).toThrow(PulumiSetupError);
    });

    test("a relative passphrase file is made absolute for the CLI, which runs elsewhere", () => {
        expect(cliEnv({ PULUMI_CONFIG_PASSPHRASE_FILE: "secrets/p.txt" })).toEqual({
            PULUMI_CONFIG_PASSPHRASE_FILE: path.resolve("secrets/p.txt"),
        });
        expect(cliEnv({})).toEqual({});
    });
});
