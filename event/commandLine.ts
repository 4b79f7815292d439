/**
 * The one command-line framework of the project's commands (`npm run event`, `npm run plan`), on
 * commander: options are declared once per command, help is generated per command, an unknown
 * command or option is answered with the closest names, and every usage error is exit code 2.
 * Nothing here knows a command: the commands register themselves (event/commands/).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

/** Where a command line writes: stdout and stderr in the CLI, memory in tests. */
export interface CliOutput {
    write(text: string): unknown;
}

/** Columns of the generated help. */
export const HELP_WIDTH = 100;

/** Exit code of every usage error (bad command, option, value or missing argument). */
export const USAGE_EXIT = 2;

/**
 * A command whose action resolves to an exit code instead of calling process.exit, and whose
 * unknown options name the sibling commands that take them ("--json only goes with destroy").
 */
export class CliCommand extends Command {
    /** The exit code the action resolved to; read from the root after parsing. */
    outcome?: number;

    override createCommand(name?: string): CliCommand {
        return new CliCommand(name);
    }

    /** The action: resolves to the exit code of the command line. */
    runs(fn: (...args: never[]) => Promise<number>): this {
        return this.action(async (...args: unknown[]) => {
            const code = await (fn as (...a: unknown[]) => Promise<number>)(...args);
            const root = rootOf(this);
            if (root instanceof CliCommand) root.outcome = code;
        });
    }

    /** Called by commander for an option this command does not declare (see its source). */
    unknownOption(flag: string): never {
        const name = flag.split("=")[0];
        const owners = (this.parent?.commands ?? [])
            .filter((c) => c !== this && c.options.some((o) => o.long === name))
            .map((c) => c.name());
        if (owners.length > 0)
            this.error(
                `error: ${name} only goes with ${owners.join(", ").replace(/, ([^,]*)$/, " or $1")}, not with ${this.name()}`,
                { code: "commander.unknownOption", exitCode: USAGE_EXIT },
            );
        // commander's own message, with the closest option names it finds.
        return (
            Command.prototype as unknown as { unknownOption(f: string): never }
        ).unknownOption.call(this, flag);
    }
}

/** The program a command belongs to. */
const rootOf = (command: Command): Command => (command.parent ? rootOf(command.parent) : command);

/** A new program (the root command of one command line). */
export function program(name: string, usage: string, description: string): CliCommand {
    return new CliCommand(name).usage(usage).description(description);
}

/** "npm run event -- roster import": the words that run this command. */
function fullName(command: Command): string {
    return command.parent ? `${fullName(command.parent)} ${command.name()}` : command.name();
}

/** Settings every command of a program shares; commander copies them only to `.command()` children. */
function configure(command: Command, out: CliOutput, err: CliOutput): void {
    command
        .exitOverride()
        .showSuggestionAfterError(true)
        .showHelpAfterError(`Run "${fullName(command)} --help" to see what it takes.`)
        .configureOutput({
            writeOut: (text) => void out.write(text),
            writeErr: (text) => void err.write(text),
            // One width everywhere, so the help is the same on any terminal and in docs/cli.md.
            getOutHelpWidth: () => HELP_WIDTH,
            getErrHelpWidth: () => HELP_WIDTH,
        });
    for (const child of command.commands) configure(child, out, err);
}

/**
 * Parses `argv` (the arguments after the command's name) and runs the chosen action; resolves to
 * its exit code: 0 for help, 2 for any usage error (commander's messages, on `err`).
 */
export async function runCommandLine(
    root: CliCommand,
    argv: readonly string[],
    io: { readonly out: CliOutput; readonly err: CliOutput },
): Promise<number> {
    configure(root, io.out, io.err);
    try {
        await root.parseAsync([...argv], { from: "user" });
    } catch (error) {
        if (!(error instanceof CommanderError)) throw error;
        // --help and `help <command>` end with code 0; help shown for a missing command is an error.
        const asked =
            error.code === "commander.helpDisplayed" ||
            error.code === "commander.version" ||
            (error.code === "commander.help" && error.exitCode === 0);
        return asked ? 0 : USAGE_EXIT;
    }
    return root.outcome ?? 0;
}

/** A whole number from min to max, for an option's value. */
export function wholeNumber(min: number, max: number): (value: string) => number {
    return (value) => {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!(n >= min && n <= max))
            throw new InvalidArgumentError(`It needs a whole number from ${min} to ${max}.`);
        return n;
    };
}

/** One of a fixed list of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
    return (value) => {
        const hit = choices.find((c) => c === value);
        if (hit === undefined) throw new InvalidArgumentError(`It must be ${choices.join(", ")}.`);
        return hit;
    };
}

/** A value that is not another option: `--out --lang` is a forgotten value, not a folder "--lang". */
export function notAnOption(value: string): string {
    if (value === "" || value.startsWith("-"))
        throw new InvalidArgumentError("It needs a value, not an option.");
    return value;
}

/** `--team a --team b,c`: every name once, in order; a name never starts with "-". */
export function teamNames(value: string, previous: readonly string[] = []): string[] {
    if (value === "" || value.startsWith("-"))
        throw new InvalidArgumentError("It needs a team name.");
    return [...new Set([...previous, ...value.split(",").filter((t) => t !== "")])];
}

/** A repeatable `--team <name>` option. */
export const teamOption = (description: string): Option =>
    new Option("--team <name>", description).argParser(teamNames);

/**
 * `--team a b roster.yaml` as `--team a --team b roster.yaml`: the names after one `--team` run up
 * to the next option or the roster file (commander's variadic options would take the roster too).
 */
export function spreadTeams(argv: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        out.push(argv[i]);
        if (argv[i] !== "--team" || i + 1 >= argv.length) continue;
        out.push(argv[++i]);
        while (
            i + 1 < argv.length &&
            !argv[i + 1].startsWith("-") &&
            !/\.ya?ml$/i.test(argv[i + 1])
        )
            out.push("--team", argv[++i]);
    }
    return out;
}
