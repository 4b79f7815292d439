/* global require, process, setTimeout, Buffer */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, run by node directly (no build step) */
/**
 * A stand-in for the Pulumi CLI, for tests only: the real `@pulumi/pulumi/automation` module drives
 * it exactly as it drives `pulumi` (see tests/cli/standin/path/pulumi, put first on PATH).
 *
 * Modelled on pulumi/pulumi (v3.259, commit 1b59498 of 2026-08-21):
 * - flags and argument parsing: cobra/pflag, the flag sets of pkg/cmd/pulumi/pulumi.go (global),
 *   operations/{up,preview,refresh,destroy}.go, stack/stack_{new,select,list,history,output,remove}.go,
 *   cancel/cancel.go. A flag the real command does not have fails with pflag's `unknown flag: --x`.
 * - `--cwd` changes directory first (pulumi.go PersistentPreRunE); the project file is searched
 *   upwards from there; every relative path (policy packs, policy pack config, passphrase file) is
 *   resolved against that working directory; `main` against the project's directory
 *   (pkg/engine/project.go getPwdMain, "project 'main' could not be read").
 * - backend: PULUMI_BACKEND_URL, else the project's backend.url, else `current` in
 *   $PULUMI_HOME/credentials.json, else Pulumi Cloud, which needs a login (pkg/workspace/creds.go).
 *   Only `file://` is implemented; its layout follows pkg/backend/diy (.pulumi/stacks/<project>/,
 *   history/, locks/, and the lock message of diy/lock.go).
 * - passphrase secrets manager rules and messages: pkg/secrets/passphrase/manager.go. The salt and
 *   the secret values are real AES-256-GCM with a PBKDF2 key, but fewer iterations and another
 *   verifier layout than the CLI: only the rules and messages are the CLI's.
 * - `stack export`: stack/stack_export.go (an apitype.UntypedDeployment `{"version": 3, "deployment":
 *   <the checkpoint's latest>}`, json.Encoder with 4-space indent; secrets stay encrypted unless
 *   `--show-secrets`, which re-serializes them as `{<sig>: <secret sig>, "plaintext": <JSON>}`:
 *   pkg/resource/stack/deployment.go SerializePropertyValue; a wrong passphrase then fails).
 * - JSON of `stack ls/history/output` and the engine events: stack_list.go stackSummaryJSON,
 *   stack_history.go updateInfoJSON, sdk/go/common/apitype/events.go; events go to a gRPC
 *   `tcp://` address (CLI > 3.205, pulumirpc.Events/StreamEvents) or are appended to a file.
 *
 * It does not run the program (no language host, no provider plugins): it "deploys" a fixed list of
 * resources and derives the outputs from the stack's config, after checking what it was given.
 *
 * Scenario controls (environment):
 *   PULUMI_STANDIN_REQUIRED_CONFIG  comma-separated config keys the "program" requires
 *   PULUMI_STANDIN_FAIL             `<stack>=<message>;...`: up/preview of that stack always fail so
 *                                   (at the first resource after the stack and its invitations, which
 *                                   an `up` has then created and checkpointed, as the engine does)
 *   PULUMI_STANDIN_FAIL_ONCE        the same, only the first time per stack
 *   PULUMI_STANDIN_STEP_MS          milliseconds per resource step (to interrupt a run)
 *   PULUMI_STANDIN_CALLS            a file that gets one JSON line per invocation: {cwd, args}
 */
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const YAML = require("yaml");

// What `pulumi version` prints; a test can pose as an older CLI.
const VERSION = process.env.PULUMI_STANDIN_VERSION ?? "v3.259.0";

class CliError extends Error {}
const fail = (message) => {
    throw new CliError(message);
};

// ---------------------------------------------------------------------------------------------
// Flags (pflag semantics: --name=value, --name value, -s value, -svalue, bool -y, --bool=false)

const GLOBAL_FLAGS = {
    color: "string",
    cwd: "string:C",
    "disable-integrity-checking": "bool",
    emoji: "bool:e",
    "fully-qualify-stack-names": "bool:Q",
    help: "bool:h",
    logflow: "bool",
    logtostderr: "bool",
    memprofilerate: "string",
    "non-interactive": "bool",
    "otel-traces": "string",
    profiling: "string",
    tracing: "string",
    "tracing-header": "string",
    verbose: "string:v",
};
const OPERATION_FLAGS = {
    client: "string",
    config: "array:c",
    "config-file": "string",
    "config-path": "bool",
    copilot: "bool",
    debug: "bool:d",
    diff: "bool",
    "event-log": "string",
    "exec-agent": "string",
    "exec-kind": "string",
    json: "bool:j",
    message: "string:m",
    neo: "bool",
    parallel: "string:p",
    "run-program": "bool",
    "show-replacement-steps": "bool",
    "show-sames": "bool",
    "skip-config-validation": "bool",
    "skip-plugin-pre-install": "bool",
    "skip-preview": "bool:f",
    stack: "string:s",
    "suppress-outputs": "bool",
    "suppress-permalink": "string",
    "suppress-progress": "bool",
    target: "array:t",
    "target-dependents": "bool",
    urns: "bool",
    yes: "bool:y",
};
const UP_PREVIEW_FLAGS = {
    "attach-debugger": "array",
    exclude: "array",
    "exclude-dependents": "bool",
    "expect-no-changes": "bool",
    "ignore-protect": "bool",
    "neo-task-on-failure": "bool",
    plan: "string",
    "policy-pack": "array",
    "policy-pack-config": "array",
    refresh: "string:r",
    replace: "array",
    "show-config": "bool",
    "show-full-output": "bool",
    "show-policy-remediations": "bool",
    "show-reads": "bool",
    "show-secrets": "bool",
    "target-replace": "array",
};
const COMMANDS = {
    version: {},
    whoami: { json: "bool:j", verbose: "bool:v" },
    up: {
        ...OPERATION_FLAGS,
        ...UP_PREVIEW_FLAGS,
        "continue-on-error": "bool",
        "secrets-provider": "string",
        strict: "bool",
    },
    preview: {
        ...OPERATION_FLAGS,
        ...UP_PREVIEW_FLAGS,
        "import-file": "string",
        "save-plan": "string",
    },
    refresh: {
        ...OPERATION_FLAGS,
        "clear-pending-creates": "bool",
        exclude: "array:x",
        "exclude-dependents": "bool",
        "expect-no-changes": "bool",
        "import-pending-creates": "array",
        "preview-only": "bool",
        "skip-pending-creates": "bool",
    },
    destroy: {
        ...OPERATION_FLAGS,
        "continue-on-error": "bool",
        exclude: "array:x",
        "exclude-protected": "bool",
        "preview-only": "bool",
        refresh: "string:r",
        remove: "bool",
        "show-config": "bool",
        "show-full-output": "bool",
    },
    cancel: { stack: "string:s", yes: "bool:y" },
    "stack select": { stack: "string:s", create: "bool:c", "secrets-provider": "string" },
    "stack init": {
        stack: "string:s",
        "copy-config-from": "string",
        "no-select": "bool",
        "remote-config": "bool",
        "secrets-provider": "string",
        teams: "array",
        yes: "bool:y",
    },
    "stack ls": {
        all: "bool:a",
        json: "bool:j",
        organization: "string:o",
        project: "string:p",
        tag: "string:t",
    },
    "stack history": {
        stack: "string:s",
        "full-dates": "bool",
        json: "bool:j",
        page: "string",
        "page-size": "string",
        "show-secrets": "bool",
    },
    "stack output": { stack: "string:s", json: "bool:j", shell: "bool", "show-secrets": "bool" },
    "stack export": {
        stack: "string:s",
        file: "string",
        version: "string",
        "show-secrets": "bool",
    },
    "stack rm": {
        stack: "string:s",
        force: "bool:f",
        "preserve-config": "bool",
        "remove-backups": "bool",
        yes: "bool:y",
    },
    config: { stack: "string:s", json: "bool:j", "show-secrets": "bool", "config-file": "string" },
};
const ALIASES = {
    update: "up",
    "stack new": "stack init",
    "stack create": "stack init",
    "stack list": "stack ls",
    "stack remove": "stack rm",
};
// `stack` and `config` subcommands inherit the parent's persistent flags.
const STACK_PERSISTENT = {
    stack: "string:s",
    "show-ids": "bool:i",
    "show-name": "bool",
    "show-secrets": "bool",
    "show-urns": "bool:u",
};

function parseArgs(argv) {
    const words = [];
    for (const a of argv) {
        if (a.startsWith("-")) break;
        words.push(a);
    }
    let name = words.slice(0, 2).join(" ");
    if (!(name in COMMANDS) && !(name in ALIASES)) name = words[0] ?? "";
    name = ALIASES[name] ?? name;
    if (!(name in COMMANDS)) fail(`unknown command "${words[0] ?? ""}" for "pulumi"`);
    const depth = name.split(" ").length;
    const specs = {
        ...GLOBAL_FLAGS,
        ...(name.startsWith("stack ") ? STACK_PERSISTENT : {}),
        ...COMMANDS[name],
    };
    const shorts = {};
    for (const [flag, spec] of Object.entries(specs)) {
        const short = spec.split(":")[1];
        if (short) shorts[short] = flag;
    }
    const flags = {};
    const positional = [];
    const set = (flag, value) => {
        const kind = specs[flag].split(":")[0];
        if (kind === "array") (flags[flag] ??= []).push(...String(value).split(","));
        else flags[flag] = value;
    };
    const rest = argv.slice(depth);
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--") {
            positional.push(...rest.slice(i + 1));
            break;
        }
        if (arg.startsWith("--")) {
            const [flag, inline] = arg.slice(2).split(/=(.*)/s);
            if (!(flag in specs)) fail(`unknown flag: --${flag}`);
            const kind = specs[flag].split(":")[0];
            if (kind === "bool") set(flag, inline === undefined ? true : inline === "true");
            else if (inline !== undefined) set(flag, inline);
            else if (i + 1 < rest.length) set(flag, rest[++i]);
            else fail(`flag needs an argument: --${flag}`);
        } else if (arg.startsWith("-") && arg.length > 1) {
            for (let j = 1; j < arg.length; j++) {
                const flag = shorts[arg[j]];
                if (flag === undefined) fail(`unknown shorthand flag: '${arg[j]}' in ${arg}`);
                if (specs[flag].startsWith("bool")) {
                    set(flag, true);
                    continue;
                }
                const value = arg.slice(j + 1) || rest[++i];
                if (value === undefined) fail(`flag needs an argument: '${arg[j]}' in -${arg[j]}`);
                set(flag, value.startsWith("=") ? value.slice(1) : value);
                break;
            }
        } else positional.push(arg);
    }
    return { name, flags, positional };
}

// ---------------------------------------------------------------------------------------------
// Project, stack settings, backend

function findProject(dir) {
    for (let d = dir; ; d = path.dirname(d)) {
        for (const ext of [".yaml", ".yml", ".json"]) {
            const file = path.join(d, `Pulumi${ext}`);
            if (fs.existsSync(file)) return { file, dir: d, settings: YAML.parse(read(file)) };
        }
        if (path.dirname(d) === d)
            fail(
                `no Pulumi.yaml project file found (searching upwards from ${dir}). If you have not created a project yet, use \`pulumi new\` to do so: no project file found`,
            );
    }
}

const read = (file) => fs.readFileSync(file, "utf8");
// Other invocations run in parallel (one per team) and read these files: never show a half-written one.
function writeAtomically(file, text) {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
}
// Go's os.ReadFile message for a missing file, with the path as given.
function readAsGo(file) {
    try {
        return read(file);
    } catch (error) {
        if (error.code === "ENOENT") fail(`open ${file}: no such file or directory`);
        if (error.code === "EISDIR") fail(`read ${file}: is a directory`);
        throw error;
    }
}

const pulumiHome = () => process.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");

function backendDir(project) {
    let url = process.env.PULUMI_BACKEND_URL || project.settings.backend?.url;
    if (!url) {
        const creds = path.join(pulumiHome(), "credentials.json");
        if (fs.existsSync(creds)) url = JSON.parse(read(creds)).current;
    }
    if (!url) {
        if (!process.env.PULUMI_ACCESS_TOKEN)
            fail("PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
        fail("stand-in: Pulumi Cloud is not modelled, only file:// backends");
    }
    if (!url.startsWith("file://")) fail(`stand-in: only file:// backends are modelled (${url})`);
    const dir = url.slice("file://".length).replace(/^~(?=$|\/)/, os.homedir());
    return path.resolve(dir);
}

function stackName(raw) {
    if (!raw) fail("no stack selected; please use `pulumi stack select` to choose one");
    const parts = raw.split("/");
    if (parts.length === 2 || parts.length > 3) fail(`could not parse stack reference '${raw}'`);
    return parts[parts.length - 1];
}

function context(flags, { needStack = true } = {}) {
    const cwd = process.cwd();
    const project = findProject(cwd);
    const projectName = project.settings.name;
    const root = backendDir(project);
    const dirs = {
        stacks: path.join(root, ".pulumi", "stacks", projectName),
        history: path.join(root, ".pulumi", "history", projectName),
        locks: path.join(root, ".pulumi", "locks", "organization", projectName),
        standin: path.join(root, ".pulumi", "standin"),
    };
    const workspaceFile = path.join(
        pulumiHome(),
        "workspaces",
        `${projectName}-${crypto.createHash("sha1").update(project.file).digest("hex")}-workspace.json`,
    );
    const selected = fs.existsSync(workspaceFile) ? JSON.parse(read(workspaceFile)).stack : "";
    const name = needStack ? stackName(flags.stack || selected) : undefined;
    return { cwd, project, projectName, root, dirs, workspaceFile, selected, name };
}

const checkpointFile = (ctx, name = ctx.name) => path.join(ctx.dirs.stacks, `${name}.json`);
const settingsFile = (ctx, name = ctx.name) => path.join(ctx.project.dir, `Pulumi.${name}.yaml`);

function loadCheckpoint(ctx, name = ctx.name) {
    const file = checkpointFile(ctx, name);
    if (!fs.existsSync(file)) fail(`no stack named '${name}' found`);
    return JSON.parse(read(file));
}
function saveCheckpoint(ctx, checkpoint) {
    fs.mkdirSync(ctx.dirs.stacks, { recursive: true });
    writeAtomically(checkpointFile(ctx), JSON.stringify(checkpoint, null, 4));
}
function loadSettings(ctx) {
    const file = settingsFile(ctx);
    return fs.existsSync(file) ? (YAML.parse(read(file)) ?? {}) : {};
}
function saveSettings(ctx, settings) {
    writeAtomically(settingsFile(ctx), YAML.stringify(settings));
}

// ---------------------------------------------------------------------------------------------
// Passphrase secrets manager (rules and messages of pkg/secrets/passphrase/manager.go)

const MUST_BE_SET =
    "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables";
const INCORRECT =
    "incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase";

function readPassphrase() {
    if (process.env.PULUMI_CONFIG_PASSPHRASE !== undefined)
        return process.env.PULUMI_CONFIG_PASSPHRASE;
    const file = process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (file) {
        try {
            return read(path.resolve(file)).trim();
        } catch (error) {
            fail(`unable to read PULUMI_CONFIG_PASSPHRASE_FILE: ${error.message}`);
        }
    }
    // Never interactive here: stdin/stdout are pipes when Automation API runs the CLI.
    fail(MUST_BE_SET);
}

const keyOf = (phrase, salt) => crypto.pbkdf2Sync(phrase, salt, 1000, 32, "sha256");
function encrypt(key, text) {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
    const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
}
function decrypt(key, value) {
    const [, nonce, body] = value.split(":");
    const data = Buffer.from(body, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([
        decipher.update(data.subarray(0, data.length - 16)),
        decipher.final(),
    ]).toString();
}

/** A new salt state `v1:<salt>:<"pulumi" encrypted>`, as NewPassphraseSecretsManager makes. */
function newSaltState(phrase) {
    const salt = crypto.randomBytes(8);
    return `v1:${salt.toString("base64")}:${encrypt(keyOf(phrase, salt), "pulumi")}`;
}

/** The crypter for a salt state; a wrong passphrase gives the "locked" one that fails on use. */
function crypterFor(state) {
    const phrase = readPassphrase();
    const [, salt, ...rest] = state.split(":");
    const key = keyOf(phrase, Buffer.from(salt, "base64"));
    try {
        if (decrypt(key, rest.join(":")) !== "pulumi") throw new Error("mismatch");
    } catch {
        return {
            encrypt: () => fail(`failed to encrypt: ${INCORRECT}`),
            decrypt: () => fail(`failed to decrypt: ${INCORRECT}`),
        };
    }
    return { encrypt: (text) => encrypt(key, text), decrypt: (value) => decrypt(key, value) };
}

/**
 * The stack's secrets manager: the salt from its settings file; without one, the state's (when
 * PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER is true) or a brand new one written to the settings.
 */
function secretsManager(ctx, checkpoint) {
    const settings = loadSettings(ctx);
    let state = settings.encryptionsalt;
    const fromState = checkpoint.checkpoint.latest?.secrets_providers?.state?.salt;
    if (
        !state &&
        fromState &&
        /^(1|true)$/i.test(process.env.PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER ?? "")
    ) {
        state = fromState;
        saveSettings(ctx, { ...settings, encryptionsalt: state });
    }
    if (!state) {
        state = newSaltState(readPassphrase());
        saveSettings(ctx, { ...settings, encryptionsalt: state });
    }
    return { state, crypter: crypterFor(state) };
}

// ---------------------------------------------------------------------------------------------
// Commands

const out = (text) => process.stdout.write(text);
const formatTime = (ms) => new Date(ms).toISOString().replace(/Z$/, "Z");

function stackSelect({ flags, positional }) {
    const ctx = context({ ...flags, stack: flags.stack || positional[0] });
    if (!fs.existsSync(checkpointFile(ctx))) {
        if (!flags.create) fail(`no stack named '${ctx.name}' found`);
        stackInit({ flags: { ...flags, stack: ctx.name }, positional: [] });
        return;
    }
    select(ctx);
}

function select(ctx) {
    fs.mkdirSync(path.dirname(ctx.workspaceFile), { recursive: true });
    writeAtomically(ctx.workspaceFile, JSON.stringify({ stack: ctx.name }));
}

function stackInit({ flags, positional }) {
    const ctx = context({ ...flags, stack: flags.stack || positional[0] });
    if (fs.existsSync(checkpointFile(ctx))) fail(`stack '${ctx.name}' already exists`);
    const provider = flags["secrets-provider"] ?? "passphrase";
    if (provider !== "passphrase" && provider !== "default")
        fail(`stand-in: secrets provider ${provider} is not modelled`);
    // A settings file that already holds a salt keeps it (the CLI reuses it); otherwise a new one.
    const settings = loadSettings(ctx);
    const state = settings.encryptionsalt || newSaltState(readPassphrase());
    saveSettings(ctx, { ...settings, encryptionsalt: state });
    saveCheckpoint(ctx, {
        version: 3,
        checkpoint: { stack: `organization/${ctx.projectName}/${ctx.name}`, latest: null },
    });
    if (!flags["no-select"]) select(ctx);
    out(`Created stack '${ctx.name}'\n`);
}

function histories(ctx, name = ctx.name) {
    const dir = path.join(ctx.dirs.history, name);
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".history.json"))
        .map((f) => JSON.parse(read(path.join(dir, f))))
        .sort((a, b) => b.version - a.version);
}

function stackLs({ flags }) {
    const ctx = context(flags, { needStack: false });
    const dir = ctx.dirs.stacks;
    const names = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".json"))
              .map((f) => f.slice(0, -5))
              .sort()
        : [];
    const list = names.map((name) => {
        const latest = JSON.parse(read(checkpointFile(ctx, name))).checkpoint.latest;
        const last = histories(ctx, name)[0];
        return {
            name,
            current: name === ctx.selected,
            ...(last ? { lastUpdate: formatTime(last.endTime * 1000) } : {}),
            ...(latest ? { resourceCount: latest.resources.length } : {}),
        };
    });
    if (!flags.json) fail("stand-in: only `stack ls --json` is modelled");
    out(`${JSON.stringify(list, null, 4)}\n`);
}

function stackHistory({ flags }) {
    const ctx = context(flags);
    const checkpoint = loadCheckpoint(ctx);
    const updates = histories(ctx);
    if (flags["show-secrets"] && updates.length > 0)
        secretsManager(ctx, checkpoint).crypter.decrypt(updates[0].check);
    const pageSize = flags["page-size"] ? Number(flags["page-size"]) : updates.length;
    const page = flags.page ? Number(flags.page) : 1;
    const shown = updates.slice((page - 1) * pageSize, page * pageSize).map((u) => ({
        version: u.version,
        kind: u.kind,
        startTime: formatTime(u.startTime * 1000),
        message: "",
        environment: { "exec.kind": u.execKind },
        config: {},
        result: u.result,
        endTime: formatTime(u.endTime * 1000),
        resourceChanges: u.resourceChanges,
    }));
    if (!flags.json) fail("stand-in: only `stack history --json` is modelled");
    out(`${JSON.stringify(shown, null, 4)}\n`);
}

function stackOutput({ flags, positional }) {
    const ctx = context(flags);
    const checkpoint = loadCheckpoint(ctx);
    const outputs =
        checkpoint.checkpoint.latest?.resources.find((r) => r.type === STACK_TYPE)?.outputs ?? {};
    const crypter = flags["show-secrets"] ? secretsManager(ctx, checkpoint).crypter : undefined;
    const shown = Object.fromEntries(
        Object.entries(outputs).map(([k, v]) => [
            k,
            v !== null && typeof v === "object" && "ciphertext" in v
                ? crypter
                    ? crypter.decrypt(v.ciphertext)
                    : "[secret]"
                : v,
        ]),
    );
    if (!flags.json) fail("stand-in: only `stack output --json` is modelled");
    out(`${JSON.stringify(positional[0] ? shown[positional[0]] : shown, null, 4)}\n`);
}

/** Every secret envelope in a JSON value, decrypted to `plaintext` as `--show-secrets` serializes it. */
function showSecrets(value, crypter) {
    if (Array.isArray(value)) return value.map((v) => showSecrets(v, crypter));
    if (value === null || typeof value !== "object") return value;
    if (value[SECRET_SIG_KEY] === SECRET_SIG && typeof value.ciphertext === "string")
        return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: crypter.decrypt(value.ciphertext) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, showSecrets(v, crypter)]));
}

function stackExport({ flags, positional }) {
    if (positional.length > 0) fail(`stand-in: stack export takes no arguments (${positional[0]})`);
    if (flags.version) fail("stand-in: stack export --version is not modelled");
    const ctx = context(flags);
    const checkpoint = loadCheckpoint(ctx);
    let deployment = checkpoint.checkpoint.latest ?? null;
    // Unverified here: what --show-secrets makes of a stack that was never updated (kept null).
    if (flags["show-secrets"] && deployment !== null)
        deployment = showSecrets(deployment, secretsManager(ctx, checkpoint).crypter);
    const text = `${JSON.stringify({ version: checkpoint.version ?? 3, deployment }, null, 4)}\n`;
    if (flags.file) writeAtomically(path.resolve(flags.file), text);
    else out(text);
}

function stackRm({ flags, positional }) {
    const ctx = context({ ...flags, stack: flags.stack || positional[0] });
    if (!flags.yes) fail("--yes must be passed in to proceed when running in non-interactive mode");
    const checkpoint = loadCheckpoint(ctx);
    const count = checkpoint.checkpoint.latest?.resources.length ?? 0;
    if (count > 0 && !flags.force)
        fail(
            `'${ctx.name}' still has resources; removal rejected. Possible actions:\n- Make sure that '${ctx.name}' is the stack that you want to destroy\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n- Run \`pulumi stack rm --force\` to override this error`,
        );
    fs.rmSync(checkpointFile(ctx));
    if (!flags["preserve-config"]) fs.rmSync(settingsFile(ctx), { force: true });
    if (ctx.selected === ctx.name) fs.rmSync(ctx.workspaceFile, { force: true });
    out(`Stack '${ctx.name}' has been removed!\n`);
}

function config({ flags }) {
    const ctx = context(flags);
    const checkpoint = loadCheckpoint(ctx);
    const settings = loadSettings(ctx);
    if (flags["show-secrets"]) secretsManager(ctx, checkpoint);
    if (!flags.json) fail("stand-in: only `config --json` is modelled");
    const shown = Object.fromEntries(
        Object.entries(settings.config ?? {}).map(([k, v]) => [
            k,
            typeof v === "object"
                ? { value: JSON.stringify(v), objectValue: v, secret: false }
                : { value: String(v), secret: false },
        ]),
    );
    out(`${JSON.stringify(shown, null, 4)}\n`);
}

function cancel({ flags }) {
    const ctx = context(flags);
    loadCheckpoint(ctx);
    const interactive = false;
    if (!flags.yes && !interactive)
        fail("--yes must be passed in to proceed when running in non-interactive mode");
    fs.rmSync(path.join(ctx.dirs.locks, ctx.name), { recursive: true, force: true });
    out(`The currently running update for '${ctx.name}' has been canceled!\n`);
}

// ---------------------------------------------------------------------------------------------
// Engine operations

const STACK_TYPE = "pulumi:pulumi:Stack";
const INVITATION_TYPE = "azuread:index/invitation:Invitation";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A stable made-up object id for the user an invitation creates (the real one comes from Graph). */
function guestObjectId(stack, login) {
    const h = crypto.createHash("sha256").update(`${stack}/${login}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The members listed by `email` get an azuread Invitation under a GuestInvitations component, as
 * components/guestInvitations.ts names them; outputs as the azuread provider sets them (userId,
 * redeemUrl, ...).
 */
function invitationResources(ctx, base, team) {
    const guests = (team.members ?? []).filter((m) => typeof m.email === "string");
    if (guests.length === 0) return [];
    const parentName = `${base}-guests`;
    const parent = `urn:pulumi:${ctx.name}::${ctx.projectName}::openhack:identity:GuestInvitations::${parentName}`;
    return [
        { urn: parent, type: "openhack:identity:GuestInvitations", name: parentName },
        ...guests.map((m) => {
            const login = m.github.toLowerCase();
            const name = `${parentName}-${login}`;
            const userId = guestObjectId(ctx.name, login);
            return {
                urn: `urn:pulumi:${ctx.name}::${ctx.projectName}::openhack:identity:GuestInvitations$${INVITATION_TYPE}::${name}`,
                type: INVITATION_TYPE,
                name,
                parent,
                outputs: {
                    id: userId,
                    redeemUrl: `https://login.microsoftonline.com/redeem?rd=standin-${userId}`,
                    userEmailAddress: m.email.toLowerCase(),
                    userId,
                    userType: "Guest",
                },
            };
        }),
    ];
}

/** The "program": a fixed resource list whose names and outputs come from the stack's config. */
function programResources(ctx, config) {
    const event = config["openhack-mlops:event"] ?? {};
    const team = config["openhack-mlops:team"] ?? {};
    const base = `${event.name ?? "event"}-${team.name ?? ctx.name}`;
    const types = [
        ["azure-native:resources:ResourceGroup", `rg-${base}`],
        ["azure-native:storage:StorageAccount", `${base}-storage`],
        ["azure-native:keyvault:Vault", `${base}-vault`],
        ["azure-native:machinelearningservices:Workspace", `${base}-ws`],
        ["azuread:index/application:Application", `openhack-${base}`],
        ["github:index/repository:Repository", base],
        ["github:index/actionsSecret:ActionsSecret", `${base}-azure-credentials`],
    ];
    const urnOf = (type, name) => `urn:pulumi:${ctx.name}::${ctx.projectName}::${type}::${name}`;
    const stack = `${ctx.projectName}-${ctx.name}`;
    return [
        { urn: urnOf(STACK_TYPE, stack), type: STACK_TYPE, name: stack },
        ...invitationResources(ctx, base, team),
        ...types.map(([type, name]) => ({ urn: urnOf(type, name), type, name })),
    ];
}

function stackOutputs(config, crypter, resources) {
    const event = config["openhack-mlops:event"] ?? {};
    const team = config["openhack-mlops:team"] ?? {};
    const base = `${event.name}-${team.name}`;
    const guests = resources.filter((r) => r.type === INVITATION_TYPE);
    return {
        ...(guests.length > 0
            ? {
                  invitedGuests: Object.fromEntries(
                      guests.map((r) => [r.name.slice(`${base}-guests-`.length), r.outputs.userId]),
                  ),
              }
            : {}),
        resourceGroup: `rg-${base}`,
        repository: `${event.github?.owner}/${base}`,
        // A secret output, as the team program's credentials would be.
        azureCredentials: {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            ciphertext: crypter.encrypt(JSON.stringify({ clientSecret: `s3cr3t-${base}` })),
        },
    };
}

function parseScenario(variable, stack) {
    for (const entry of (process.env[variable] ?? "").split(";")) {
        const at = entry.indexOf("=");
        if (at > 0 && entry.slice(0, at) === stack) return entry.slice(at + 1);
    }
    return undefined;
}

async function openEventLog(target) {
    if (!target) return { send: async () => undefined, close: async () => undefined };
    if (target.startsWith("tcp://")) {
        const grpc = require("@grpc/grpc-js");
        const services = require("@pulumi/pulumi/proto/events_grpc_pb");
        const messages = require("@pulumi/pulumi/proto/events_pb");
        const client = new services.EventsClient(
            target.slice("tcp://".length),
            grpc.credentials.createInsecure(),
        );
        let done;
        const finished = new Promise((resolve, reject) => {
            done = { resolve, reject };
        });
        const call = client.streamEvents((error) => (error ? done.reject(error) : done.resolve()));
        return {
            send: async (event) => {
                const request = new messages.EventRequest();
                request.setEvent(JSON.stringify(event));
                call.write(request);
            },
            close: async () => {
                call.end();
                await finished;
                client.close();
            },
        };
    }
    return {
        send: async (event) => fs.appendFileSync(target, `${JSON.stringify(event)}\n`),
        close: async () => undefined,
    };
}

let canceled = false;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function acquireLock(ctx) {
    const dir = path.join(ctx.dirs.locks, ctx.name);
    const others = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
    if (others.length > 0) {
        const lines = others.map((f) => {
            const l = JSON.parse(read(path.join(dir, f)));
            return `\n  ${path.join(dir, f)}: created by ${l.username}@${l.hostname} (pid ${l.pid}) at ${l.timestamp}`;
        });
        fail(
            `the stack is currently locked by ${others.length} lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.${lines.join("")}`,
        );
    }
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${crypto.randomUUID()}.json`);
    writeAtomically(
        file,
        JSON.stringify({
            pid: process.pid,
            username: os.userInfo().username,
            hostname: os.hostname(),
            timestamp: new Date().toISOString(),
        }),
    );
    return () => fs.rmSync(file, { force: true });
}

async function operation(command, { flags }) {
    const ctx = context(flags);
    const interactive = false;
    const yes =
        flags.yes ||
        flags["skip-preview"] ||
        /^(1|true)$/i.test(process.env.PULUMI_SKIP_CONFIRMATIONS ?? "");
    if (command !== "preview" && !interactive && !yes && !flags["preview-only"])
        fail(
            command === "up"
                ? "--yes or --skip-preview must be passed in to proceed when running in non-interactive mode"
                : "--yes or --skip-preview or --preview-only must be passed in to proceed when running in non-interactive mode",
        );
    const packs = flags["policy-pack"] ?? [];
    const packConfigs = flags["policy-pack-config"] ?? [];
    if (packConfigs.length > 0 && packs.length === 0)
        fail('"--policy-pack-config" must be specified with "--policy-pack"');
    if (packConfigs.length > 0 && packConfigs.length !== packs.length)
        fail(
            'the number of "--policy-pack-config" flags must match the number of "--policy-pack" flags',
        );

    const checkpoint = loadCheckpoint(ctx);
    const settings = loadSettings(ctx);
    const config = settings.config ?? {};
    const sm = secretsManager(ctx, checkpoint);
    const runsProgram = command === "up" || command === "preview" || flags["run-program"] === true;
    if (runsProgram) {
        const main = ctx.project.settings.main;
        if (main) {
            const target = path.resolve(ctx.project.dir, main);
            if (!fs.existsSync(target))
                fail(`project 'main' could not be read: stat ${target}: no such file or directory`);
            const pwd = fs.statSync(target).isDirectory() ? target : path.dirname(target);
            if (!fs.existsSync(path.join(pwd, "package.json")))
                fail(`stand-in: no package.json in the program directory ${pwd}`);
        }
    }
    // Existing secret outputs must decrypt (a wrong passphrase fails here, as the CLI does on the snapshot).
    const latest = checkpoint.checkpoint.latest;
    for (const r of latest?.resources ?? [])
        for (const v of Object.values(r.outputs ?? {}))
            if (v !== null && typeof v === "object" && "ciphertext" in v)
                sm.crypter.decrypt(v.ciphertext);

    // The update starts here: it is locked and recorded in the history whatever happens next.
    const release = command === "preview" ? () => undefined : acquireLock(ctx);
    const events = await openEventLog(flags["event-log"]);
    let sequence = 0;
    const emit = (body) =>
        events.send({ sequence: sequence++, timestamp: Math.floor(Date.now() / 1000), ...body });
    const started = Date.now();
    const changes = {};
    const count = (op) => (changes[op] = (changes[op] ?? 0) + 1);
    let resources = latest?.resources ?? [];
    const done = [];
    let failure;
    out(
        `${{ up: "Updating", preview: "Previewing update", refresh: "Refreshing", destroy: "Destroying" }[command]} (${ctx.name}):\n`,
    );
    try {
        await emit({
            preludeEvent: {
                config: Object.fromEntries(Object.keys(config).map((k) => [k, "..."])),
            },
        });
        for (const pack of packs) {
            const dir = pack;
            if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml")))
                fail(
                    `failed to load Pulumi policy project located at "${path.resolve(dir)}": open ${path.join(dir, "PulumiPolicy.yaml")}: no such file or directory`,
                );
        }
        for (const file of packConfigs) JSON.parse(readAsGo(file));
        if (runsProgram) {
            for (const key of (process.env.PULUMI_STANDIN_REQUIRED_CONFIG ?? "")
                .split(",")
                .filter(Boolean))
                if (!(key in config))
                    fail(
                        `Missing required configuration variable '${key}'\n\tplease set a value using the command \`pulumi config set ${key} <value>\``,
                    );
        }
        const stepMs = Number(process.env.PULUMI_STANDIN_STEP_MS ?? "0");
        const always = parseScenario("PULUMI_STANDIN_FAIL", ctx.name);
        const onceMarker = path.join(ctx.dirs.standin, `failed-once-${ctx.name}`);
        const once =
            command === "up" && !fs.existsSync(onceMarker)
                ? parseScenario("PULUMI_STANDIN_FAIL_ONCE", ctx.name)
                : undefined;
        const wanted =
            command === "destroy" ? [] : runsProgram ? programResources(ctx, config) : resources;
        const existing = new Set(resources.map((r) => r.urn));
        const steps = [
            ...wanted.map((r) => ({
                r,
                op: command === "refresh" ? "refresh" : existing.has(r.urn) ? "same" : "create",
            })),
            ...resources
                .filter((r) => !wanted.some((w) => w.urn === r.urn))
                .map((r) => ({ r, op: "delete" })),
        ];
        // A failure hits the first resource after the stack and its invitations.
        const failAt = steps.findIndex(
            ({ r }, i) =>
                i > 0 && !["openhack:identity:GuestInvitations", INVITATION_TYPE].includes(r.type),
        );
        for (const [i, { r, op }] of steps.entries()) {
            if (canceled) fail("update canceled");
            const metadata = { op, urn: r.urn, type: r.type, provider: "" };
            await emit({ resourcePreEvent: { metadata } });
            if (stepMs > 0) await sleep(stepMs);
            if (i === failAt && (always || once) && command !== "destroy") {
                if (once) {
                    fs.mkdirSync(ctx.dirs.standin, { recursive: true });
                    fs.writeFileSync(onceMarker, "");
                }
                const message = always ?? once;
                await emit({ resOpFailedEvent: { metadata, status: 0, steps: 0 } });
                await emit({
                    diagnosticEvent: {
                        urn: r.urn,
                        prefix: "error: ",
                        message: `${message}\n`,
                        color: "never",
                        severity: "error",
                    },
                });
                out(`    ${r.type} ${r.name} **creating failed** error: ${message}\n`);
                fail(`${r.urn}: ${message}`);
            }
            await emit({ resOutputsEvent: { metadata } });
            count(op === "refresh" ? "same" : op);
            out(
                `    ${op === "same" ? " " : op === "delete" ? "-" : "+"}  ${r.type} ${r.name} ${op}\n`,
            );
            // Each resource carries `created` (when it first entered the state) and `modified` (its
            // last change), RFC 3339, as ResourceV3 does (pulumi/pulumi sdk/go/common/apitype/core.go:
            // Created/Modified; the create step sets both, a same step keeps them).
            if (op !== "delete") done.push(stamped(r, op, resources));
        }
        if (canceled) fail("update canceled");
        if (command !== "preview") {
            const previous = latest?.resources.find((r) => r.type === STACK_TYPE)?.outputs ?? {};
            resources = done.map((r) => ({
                ...r,
                outputs:
                    r.type !== STACK_TYPE
                        ? (r.outputs ?? {})
                        : runsProgram
                          ? stackOutputs(config, sm.crypter, done)
                          : previous,
            }));
        }
        out(
            `\nResources:\n    ${Object.entries(changes)
                .map(([op, n]) => `${n} ${op}`)
                .join(", ")}\n\nDuration: ${Math.round((Date.now() - started) / 1000)}s\n`,
        );
    } catch (error) {
        failure = error;
    }
    await emit({
        summaryEvent: {
            maybeCorrupt: false,
            durationSeconds: Math.round((Date.now() - started) / 1000),
            resourceChanges: changes,
            policyPacks: {},
        },
    });
    await emit({ cancelEvent: {} });
    await events.close();
    if (command !== "preview") {
        // A failed or canceled update keeps what it did: the engine checkpoints each step as it
        // completes, so the resources it created stay in the state (with their outputs), and the
        // stack keeps its previous outputs (they are registered only when the program finishes).
        saveCheckpoint(ctx, {
            version: 3,
            checkpoint: {
                stack: `organization/${ctx.projectName}/${ctx.name}`,
                latest: {
                    manifest: { time: new Date().toISOString() },
                    secrets_providers: { type: "passphrase", state: { salt: sm.state } },
                    resources: failure ? partialState(latest?.resources ?? [], done) : resources,
                },
            },
        });
        const dir = path.join(ctx.dirs.history, ctx.name);
        fs.mkdirSync(dir, { recursive: true });
        const now = Date.now();
        writeAtomically(
            path.join(dir, `${ctx.name}-${now}-${process.pid}.history.json`),
            JSON.stringify({
                version: histories(ctx).length + 1,
                kind: { up: "update", refresh: "refresh", destroy: "destroy" }[command],
                startTime: Math.floor(started / 1000),
                endTime: Math.floor(now / 1000),
                result: failure ? "failed" : "succeeded",
                resourceChanges: changes,
                execKind: flags["exec-kind"] ?? "cli",
                check: sm.crypter === undefined ? "" : safeEncrypt(sm.crypter),
            }),
        );
        release();
    }
    if (failure) throw failure;
}

/** A resource with the state's `created`/`modified`: new ones now, kept ones as they were. */
function stamped(r, op, resources) {
    const before = resources.find((b) => b.urn === r.urn);
    if (op === "create" || before?.created === undefined) {
        const now = new Date().toISOString();
        return { ...r, created: now, modified: now };
    }
    return { ...r, created: before.created, modified: before.modified ?? before.created };
}

/** The state after a failed step: what it had, plus the resources created before the failure. */
function partialState(before, done) {
    const created = done
        .filter((r) => r.type !== STACK_TYPE && !before.some((b) => b.urn === r.urn))
        .map((r) => ({ ...r, outputs: r.outputs ?? {} }));
    const stack = done.find((r) => r.type === STACK_TYPE);
    const keepsStack = stack === undefined || before.some((b) => b.urn === stack.urn);
    return [...(keepsStack ? [] : [{ ...stack, outputs: {} }]), ...before, ...created];
}

function safeEncrypt(crypter) {
    try {
        return crypter.encrypt("history");
    } catch {
        return "";
    }
}

// ---------------------------------------------------------------------------------------------

async function main(argv) {
    const calls = process.env.PULUMI_STANDIN_CALLS;
    const parsed = parseArgs(argv);
    if (parsed.flags.cwd) {
        try {
            process.chdir(parsed.flags.cwd);
        } catch {
            fail(`chdir ${parsed.flags.cwd}: no such file or directory`);
        }
    }
    // An engine operation cancels on SIGINT ("^C received; cancelling the current operation") and
    // ends with "update canceled"; other commands just die, as a Go program does by default.
    if (["up", "preview", "refresh", "destroy"].includes(parsed.name))
        process.on("SIGINT", () => {
            canceled = true;
            process.stdout.write("^C received; cancelling the current operation.\n");
        });
    if (calls) fs.appendFileSync(calls, `${JSON.stringify({ cwd: process.cwd(), args: argv })}\n`);
    switch (parsed.name) {
        case "version":
            return out(`${VERSION}\n`);
        case "whoami":
            return out(`${os.userInfo().username}\n`);
        case "stack select":
            return stackSelect(parsed);
        case "stack init":
            return stackInit(parsed);
        case "stack ls":
            return stackLs(parsed);
        case "stack history":
            return stackHistory(parsed);
        case "stack output":
            return stackOutput(parsed);
        case "stack rm":
            return stackRm(parsed);
        case "stack export":
            return stackExport(parsed);
        case "config":
            return config(parsed);
        case "cancel":
            return cancel(parsed);
        default:
            return operation(parsed.name, parsed);
    }
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error) => {
        process.stderr.write(
            `error: ${error instanceof CliError ? error.message : (error.stack ?? error)}\n`,
        );
        process.exit(255);
    },
);
