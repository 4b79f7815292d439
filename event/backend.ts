/**
 * Which state backend the Pulumi CLI will use, and whether the passphrase it needs is there, decided
 * before any stack is touched.
 *
 * How the CLI picks its backend (pulumi/pulumi pkg/workspace/creds.go, GetCurrentCloudURLWithSource):
 * PULUMI_BACKEND_URL, else the project's `backend.url` in Pulumi.yaml, else the `current` entry of
 * `credentials.json` in PULUMI_HOME (default `~/.pulumi`, written by `pulumi login`), else nothing,
 * which means Pulumi Cloud after a login. `pulumi login --local` stores `file://~`.
 *
 * The self-managed ("DIY") backends (`file://`, `azblob://`, `s3://`, `gs://`) give new stacks the
 * passphrase secrets provider, and the CLI reads the passphrase like this
 * (pkg/secrets/passphrase/manager.go, readPassphrase): PULUMI_CONFIG_PASSPHRASE if it is *set*, even
 * to the empty string; otherwise PULUMI_CONFIG_PASSPHRASE_FILE (relative to the CLI's own working
 * directory); otherwise, without a terminal, "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or
 * PULUMI_CONFIG_PASSPHRASE_FILE environment variables". So a CI secret that is missing (the variable
 * is set to "") makes the CLI create new stacks encrypted with an empty passphrase and fail on the
 * existing ones with "incorrect passphrase". The driver refuses both cases up front.
 *
 * The driver never creates stacks with another secrets provider; a stack someone created by hand
 * with `--secrets-provider azurekeyvault://...` would still be refused here without a passphrase.
 */
import * as os from "node:os";
import * as path from "node:path";

/** A problem with the Pulumi setup found before any stack was touched (exit code 2, nothing ran). */
export class PulumiSetupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PulumiSetupError";
    }
}

export type BackendSource = "PULUMI_BACKEND_URL" | "Pulumi.yaml backend.url" | "pulumi login";

export interface StateBackend {
    /** The backend URL, or undefined when the CLI would fall back to Pulumi Cloud after a login. */
    readonly url?: string;
    readonly source?: BackendSource;
    /** A self-managed backend: its stacks encrypt secrets with a passphrase. */
    readonly passphrase: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

const DIY_SCHEMES = ["file:", "azblob:", "s3:", "gs:"];

/** `~/.pulumi` or PULUMI_HOME, as the CLI computes it. */
export const pulumiHome = (env: Env): string =>
    env.PULUMI_HOME !== undefined && env.PULUMI_HOME !== ""
        ? env.PULUMI_HOME
        : path.join(os.homedir(), ".pulumi");

/**
 * The backend the CLI will use. `readText` returns a file's text or undefined when it does not exist;
 * a credentials file that exists but cannot be parsed is an error, as it is for the CLI.
 */
export function stateBackend(
    env: Env,
    readText: (file: string) => string | undefined,
    projectBackendUrl?: string,
): StateBackend {
    const found = ((): { url: string; source: BackendSource } | undefined => {
        if (env.PULUMI_BACKEND_URL)
            return { url: env.PULUMI_BACKEND_URL, source: "PULUMI_BACKEND_URL" };
        if (projectBackendUrl) return { url: projectBackendUrl, source: "Pulumi.yaml backend.url" };
        const file = path.join(pulumiHome(env), "credentials.json");
        const text = readText(file);
        if (text === undefined) return undefined;
        let current: unknown;
        try {
            current = (JSON.parse(text) as { current?: unknown }).current;
        } catch (error) {
            throw new PulumiSetupError(
                `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
            );
        }
        return typeof current === "string" && current !== ""
            ? { url: current, source: "pulumi login" }
            : undefined;
    })();
    if (found === undefined) return { passphrase: false };
    const scheme = /^[a-z0-9+.-]+:/i.exec(found.url)?.[0].toLowerCase();
    return { ...found, passphrase: scheme !== undefined && DIY_SCHEMES.includes(scheme) };
}

/**
 * Why the passphrase the CLI would read is not usable, or undefined when it is. `readText` reads the
 * passphrase file (relative paths against the current directory) or throws.
 */
export function passphraseProblem(
    env: Env,
    readText: (file: string) => string,
): string | undefined {
    const phrase = env.PULUMI_CONFIG_PASSPHRASE;
    if (phrase !== undefined) {
        if (phrase !== "") return undefined;
        return env.PULUMI_CONFIG_PASSPHRASE_FILE
            ? "PULUMI_CONFIG_PASSPHRASE is set but empty, and the CLI reads it before PULUMI_CONFIG_PASSPHRASE_FILE (unset it to use the file)"
            : "PULUMI_CONFIG_PASSPHRASE is set but empty (a missing CI secret?)";
    }
    const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (file === undefined || file === "")
        return "neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set";
    let text: string;
    try {
        text = readText(file);
    } catch (error) {
        return `PULUMI_CONFIG_PASSPHRASE_FILE ${file} cannot be read (${error instanceof Error ? error.message : String(error)})`;
    }
    // The CLI trims the file's content.
    return text.trim() === "" ? `PULUMI_CONFIG_PASSPHRASE_FILE ${file} is empty` : undefined;
}

/** Throws a PulumiSetupError when the backend needs a passphrase that is missing or empty. */
export function checkPassphrase(
    backend: StateBackend,
    env: Env,
    readText: (file: string) => string,
): void {
    if (!backend.passphrase) return;
    const problem = passphraseProblem(env, readText);
    if (problem === undefined) return;
    throw new PulumiSetupError(
        `The state backend ${backend.url ?? ""} (from ${backend.source ?? "?"}) encrypts each stack's secrets with a passphrase, but ${problem}. ` +
            "Set PULUMI_CONFIG_PASSPHRASE to the event's passphrase (or PULUMI_CONFIG_PASSPHRASE_FILE to a file holding it) and run the command again. " +
            "Nothing was changed: without it the Pulumi CLI fails on existing stacks and would encrypt new ones with an empty passphrase.",
    );
}

/**
 * The environment for the CLI: a relative PULUMI_CONFIG_PASSPHRASE_FILE made absolute, because the
 * CLI runs in the event's directory and would read it from there.
 */
export function cliEnv(env: Env): Record<string, string> {
    const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    return file ? { PULUMI_CONFIG_PASSPHRASE_FILE: path.resolve(file) } : {};
}
