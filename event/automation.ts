/**
 * The real StackEngine, on Pulumi's Automation API (`LocalWorkspace`, which drives the Pulumi CLI).
 * Deliberately thin: everything that can be decided without Pulumi lives in the driver and is tested
 * there; this file only translates.
 *
 * Where things live:
 * - Project and stack settings: `stacks/<event>/Pulumi.yaml` (see project.ts) and
 *   `stacks/<event>/Pulumi.<event>-<team>.yaml`, never the repo root. These files are derived from the
 *   roster on every run (config) or recovered by the CLI: with PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER
 *   (Pulumi CLI >= 3.134, pulumi/pulumi#17236), a settings file without a secrets provider makes the
 *   CLI use the one recorded in the stack's state (the passphrase provider's salt) instead of
 *   creating a new one that could not decrypt the state. So they need not be committed, and a fresh
 *   CI runner or a colleague's laptop can run any command on stacks created elsewhere.
 * - State: wherever the CLI is logged in: `pulumi login --local` (~/.pulumi), or PULUMI_BACKEND_URL
 *   (`azblob://<container>?storage_account=<account>` or Pulumi Cloud) for organizers who share it.
 *
 * How config objects are passed: `Workspace.setConfig`/`setAllConfig` take a `ConfigValue` whose
 * `value` is a string. Without `path`, a JSON string is stored as a string, which `requireObject`
 * would parse but which fails a typed `object` config schema and reads badly; with `path: true` every
 * leaf is set separately and the CLI parses `true`/`12345` into booleans and numbers, so a numeric
 * GitHub login would stop being a string. Instead the event and team objects are written as YAML
 * maps with `saveStackSettings` (its `StackSettingsConfigValue` admits objects), merged into what the
 * CLI already wrote there (salt, secrets provider, any other keys). That file is exactly what a
 * hand-written `Pulumi.<stack>.yaml` with structured config looks like, and the engine hands such
 * values to the program as JSON, so `new pulumi.Config("openhack-mlops").requireObject("event")`
 * returns the object.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import {
    LocalWorkspace,
    Stack,
    StackNotFoundError,
    type EngineEvent,
    type OpType,
    type StackSettings,
} from "@pulumi/pulumi/automation";
import type {
    LastUpdate,
    OutputValue,
    RunResult,
    StackEngine,
    StackOperation,
    StackSummary,
    TeamStackConfig,
} from "./engine";
import { packConfigFor } from "../policy/evaluate";
import { checkPassphrase, cliEnv, PulumiSetupError, stateBackend } from "./backend";
import { eventProjectSettings } from "./project";
import { formatChanges } from "./summary";
import { createWritesOf } from "../stacks/githubFootprint";
import { guestStateOf, type GuestState } from "./teardown/stateGuests";

export async function createAutomationEngine(
    repoRoot: string,
    eventDir: string,
): Promise<StackEngine> {
    // Absolute paths only from here on: the CLI runs in eventDir and resolves relative paths there.
    const root = path.resolve(repoRoot);
    const dir = path.resolve(eventDir);
    const rootProject = await readFile(path.join(root, "Pulumi.yaml"), "utf8").catch(
        () => undefined,
    );
    const projectSettings = eventProjectSettings(root, dir, rootProject);
    // Checked before anything is written or any stack is touched (exit code 2, nothing created).
    checkPassphrase(
        stateBackend(
            process.env,
            (file) => (existsSync(file) ? readFileSync(file, "utf8") : undefined),
            projectSettings.backend?.url,
        ),
        process.env,
        (file) => readFileSync(file, "utf8"),
    );
    const policyPack = path.join(root, "policy");
    if (!existsSync(path.join(policyPack, "PulumiPolicy.yaml")))
        throw new PulumiSetupError(
            `${policyPack}: no PulumiPolicy.yaml, the guardrails pack is missing`,
        );
    await mkdir(dir, { recursive: true });
    // One workspace for the whole run: LocalWorkspace writes Pulumi.yaml when it is created, and
    // concurrent rewrites of that file by one workspace per team could be read half-written.
    const workspace = await LocalWorkspace.create({
        workDir: dir,
        projectSettings,
        envVars: {
            PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER:
                process.env.PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER ?? "true",
            ...cliEnv(process.env),
        },
    });
    requireCliVersion(workspace.pulumiVersion);
    return new AutomationEngine(workspace, dir, policyPack);
}

/**
 * The oldest Pulumi CLI the event works with (README): it reads object-typed project config
 * (pulumi/pulumi#20132, 3.187). It also asks an explicit provider whether a change of its settings
 * replaces the resources it manages (pulumi/pulumi#18509, 3.151.0); older engines replace them
 * all, and a roster that gains a team changes every stack's GitHub write delay.
 */
export const MINIMUM_CLI_VERSION = "3.187.0";

export function requireCliVersion(version: string): void {
    const parts = (v: string): number[] =>
        v
            .replace(/^v/, "")
            .split(/[-+]/)[0]
            .split(".")
            .map((p) => Number.parseInt(p, 10) || 0);
    const [have, need] = [parts(version), parts(MINIMUM_CLI_VERSION)];
    for (let i = 0; i < need.length; i++) {
        if ((have[i] ?? 0) > need[i]) return;
        if ((have[i] ?? 0) < need[i])
            throw new PulumiSetupError(
                `Pulumi CLI ${version} is older than ${MINIMUM_CLI_VERSION}, the oldest this event works with: older CLIs cannot read the project's object-typed config, and before 3.151.0 a change of a team's GitHub provider settings (the write delay follows the roster's team count) replaces every resource of that provider, repositories included. Install a newer CLI: https://www.pulumi.com/docs/iac/download-install/`,
            );
    }
}

const WRITES: ReadonlySet<OpType> = new Set<OpType>([
    "create",
    "update",
    "delete",
    "replace",
    "create-replacement",
    "delete-replaced",
]);
/**
 * GitHub writes behind one finished step: a create sends what the provider sends to create that type
 * (a repository three: stacks/githubFootprint.ts), any other write step is counted as one.
 */
function githubWritesOfStep(op: OpType, type: string): number {
    return op === "create" || op === "create-replacement" ? createWritesOf(type) : 1;
}

const VERB: Partial<Record<OpType, string>> = {
    create: "creating",
    update: "updating",
    delete: "deleting",
    replace: "replacing",
    "create-replacement": "creating replacement",
    "delete-replaced": "deleting replaced",
    refresh: "refreshing",
    read: "reading",
};

class AutomationEngine implements StackEngine {
    private selecting: Promise<unknown> = Promise.resolve();

    constructor(
        private readonly workspace: LocalWorkspace,
        private readonly eventDir: string,
        /** The guardrails pack (policy/): every `up` and `preview` runs it, as README promises. */
        private readonly policyPack: string,
    ) {}

    /** The pack's config for one team (its event, name, end date and repository visibility). */
    private async policyOptions(
        stackName: string,
        config: TeamStackConfig | undefined,
    ): Promise<{ policyPacks: string[]; policyPackConfigs?: string[] }> {
        if (config === undefined) return { policyPacks: [this.policyPack] };
        const event = config["openhack-mlops:event"];
        const file = path.join(
            this.eventDir,
            "policy",
            `${stackName.split("/").pop() ?? stackName}.json`,
        );
        await mkdir(path.dirname(file), { recursive: true });
        const packConfig = packConfigFor({
            event: event.name,
            team: config["openhack-mlops:team"].name,
            endsOn: event.endsOn,
            githubVisibility: event.github.visibility,
        });
        await writeFile(file, `${JSON.stringify(packConfig, null, 2)}\n`);
        return { policyPacks: [this.policyPack], policyPackConfigs: [file] };
    }

    /**
     * `Stack.select`/`create` run `pulumi stack select`/`stack init`, which rewrite the workspace's
     * current-stack file; every later command passes `--stack` explicitly, so only selection needs
     * to be one at a time while the long operations run in parallel. `created` says whether this
     * call made the stack (so a run that never reached the engine can take it away again).
     */
    private stack(name: string, create: boolean): Promise<{ stack: Stack; created: boolean }> {
        const next = this.selecting.then(async () => {
            try {
                return { stack: await Stack.select(name, this.workspace), created: false };
            } catch (error) {
                if (!create || !(error instanceof StackNotFoundError)) throw error;
                return { stack: await Stack.create(name, this.workspace), created: true };
            }
        });
        this.selecting = next.catch(() => undefined);
        return next;
    }

    async listStacks(prefix: string): Promise<StackSummary[]> {
        const stacks = await this.workspace.listStacks();
        return stacks
            .map((s) => ({ ...s, name: s.name.split("/").pop() ?? s.name }))
            .filter((s) => s.name.startsWith(prefix))
            .map((s) => ({
                name: s.name,
                lastUpdate: s.lastUpdate,
                resourceCount: s.resourceCount,
                updateInProgress: s.updateInProgress ?? false,
            }));
    }

    async run(op: StackOperation): Promise<RunResult> {
        // Everything that can fail without the engine is prepared before a stack is created.
        const policy =
            op.command === "up" || op.command === "preview"
                ? await this.policyOptions(op.stackName, op.config)
                : {};
        const { stack, created } = await this.stack(op.stackName, op.create);
        try {
            if (op.config) await this.writeConfig(op.stackName, op.config);
            // The SDK only listens for an abort that comes after the CLI started: a forced stop
            // during stack selection would otherwise let this whole operation run.
            if (op.signal?.aborted) throw new Error("error: forced stop before the engine started");
            const result = await this.operate(stack, op, policy);
            // A successful up/refresh/destroy keeps its stack; a preview never put anything in it.
            if (op.command === "preview") await this.dropIfUnused(stack, created);
            return result;
        } catch (error) {
            await this.dropIfUnused(stack, created).catch((cleanup: unknown) =>
                op.onOutput(
                    `\ncould not remove the empty stack ${op.stackName} this run created: ${cleanup instanceof Error ? cleanup.message : String(cleanup)}\n`,
                ),
            );
            throw error;
        }
    }

    /**
     * A stack this run created that holds no resource afterwards (a preview, or a run that failed
     * before its first resource, e.g. on a file the engine could not read) is removed again, so that
     * it does not show up in `status` or later as an orphan. `stack rm` without --force would refuse
     * a stack with resources anyway.
     */
    private async dropIfUnused(stack: Stack, created: boolean): Promise<void> {
        if (!created) return;
        const bare = stack.name.split("/").pop() ?? stack.name;
        const summary = (await this.workspace.listStacks()).find(
            (s) => (s.name.split("/").pop() ?? s.name) === bare,
        );
        if (summary !== undefined && (summary.resourceCount ?? 0) === 0)
            await this.workspace.removeStack(stack.name);
    }

    private async operate(
        stack: Stack,
        op: StackOperation,
        policy: { policyPacks?: string[]; policyPackConfigs?: string[] },
    ): Promise<RunResult> {
        let done = 0;
        let githubWrites = 0;
        const onEvent = (event: EngineEvent): void => {
            const pre = event.resourcePreEvent?.metadata;
            const finished = event.resOutputsEvent?.metadata;
            if (finished && finished.op !== "same") {
                done++;
                if (finished.type.startsWith("github:") && WRITES.has(finished.op))
                    githubWrites += githubWritesOfStep(finished.op, finished.type);
            }
            const verb = pre ? VERB[pre.op] : undefined;
            if (pre && verb)
                op.onProgress(`${verb} ${pre.type.split(":").pop() ?? pre.type} (${done} done)`);
        };
        const options = {
            onOutput: op.onOutput,
            onEvent,
            color: "never" as const,
            signal: op.signal,
        };
        switch (op.command) {
            case "up":
                return {
                    changes: formatChanges(
                        (
                            await stack.up({
                                ...options,
                                ...policy,
                                ...(op.reinvite?.length
                                    ? { replace: await collaboratorUrns(stack, op.reinvite) }
                                    : {}),
                            })
                        ).summary.resourceChanges,
                    ),
                    githubWrites,
                };
            case "preview":
                return {
                    changes: formatChanges(
                        (
                            await stack.preview({
                                ...options,
                                ...policy,
                            })
                        ).changeSummary,
                    ),
                    githubWrites: 0,
                };
            case "refresh":
                return {
                    changes: formatChanges((await stack.refresh(options)).summary.resourceChanges),
                    githubWrites: 0,
                };
            case "destroy":
                return {
                    changes: formatChanges((await stack.destroy(options)).summary.resourceChanges),
                    githubWrites,
                };
        }
    }

    /** Merges the roster-derived keys into the stack's settings file, keeping what the CLI put there. */
    private async writeConfig(stackName: string, config: TeamStackConfig): Promise<void> {
        const bare = stackName.split("/").pop() ?? stackName;
        const exists = [".yaml", ".yml", ".json"].some((ext) =>
            existsSync(path.join(this.eventDir, `Pulumi.${bare}${ext}`)),
        );
        const current: StackSettings = exists ? await this.workspace.stackSettings(stackName) : {};
        await this.workspace.saveStackSettings(stackName, {
            ...current,
            config: { ...current.config, ...config },
        });
    }

    async lastUpdate(stackName: string): Promise<LastUpdate | undefined> {
        const info = await (await this.stack(stackName, false)).stack.info();
        return info && { kind: info.kind, result: info.result, endTime: info.endTime };
    }

    async outputs(stackName: string): Promise<Record<string, OutputValue>> {
        return (await this.stack(stackName, false)).stack.outputs();
    }

    async invitedGuestsInState(stackName: string): Promise<GuestState> {
        const { stack } = await this.stack(stackName, false);
        let deployment: unknown;
        try {
            // `pulumi stack export --show-secrets --stack <name>` (LocalWorkspace.exportStack).
            deployment = (await stack.exportStack()).deployment;
        } catch (error) {
            throw new Error(`pulumi stack export failed: ${exportFailure(error)}`);
        }
        return guestStateOf(deployment);
    }

    async removeStack(stackName: string): Promise<void> {
        await this.workspace.removeStack(stackName);
    }
}

/**
 * Why `stack export` failed, without its standard output: the Automation API's CommandError message
 * carries execa's, which holds the command's stderr and then its stdout, and the stdout of an export
 * run with `--show-secrets` is the state with its secrets in clear. Only the CLI's own `error: `
 * lines are kept (a pretty-printed JSON line never starts so). A JSON parse error is named without
 * the text (Node quotes the start of the input in its message).
 */
export function exportFailure(error: unknown): string {
    if (error instanceof SyntaxError) return "its output is not JSON";
    const message = error instanceof Error ? error.message : String(error);
    const errors = [
        ...new Set(
            message
                .split("\n")
                .map((line) => line.trim())
                .filter((line) => line.startsWith("error: ")),
        ),
    ];
    if (errors.length > 0) return errors.join("; ");
    const code = /exit code (\d+)/.exec(message)?.[1];
    return `the CLI said no error${code ? ` (exit code ${code})` : ""}`;
}

/**
 * URNs of the repository collaborators of these GitHub logins, read from the stack's state (not
 * built by hand, so component renames cannot break them). Why replace: `up` does not read a
 * collaborator back (no refresh), so an expired invitation never shows as drift, and a refresh of
 * the whole stack would turn Azure's normalised values into compute replacements. Replacing just
 * these collaborators makes the provider delete the stale invitation and send a new one.
 */
async function collaboratorUrns(stack: Stack, logins: readonly string[]): Promise<string[]> {
    const wanted = new Set(logins.map((l) => l.toLowerCase()));
    const state = (await stack.exportStack()).deployment as {
        resources?: { urn: string; type: string; inputs?: Record<string, unknown> }[];
    };
    return (state.resources ?? [])
        .filter(
            (r) =>
                r.type === "github:index/repositoryCollaborator:RepositoryCollaborator" &&
                typeof r.inputs?.username === "string" &&
                wanted.has(r.inputs.username.toLowerCase()),
        )
        .map((r) => r.urn);
}
