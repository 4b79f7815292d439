/**
 * `npm test`: the static checks (tsc --noEmit, eslint, prettier --check) and jest, at the same time.
 *
 * Run one after the other they took ~65 s here before jest started (tsc 14 s, eslint 41 s, prettier
 * 9 s), each mostly on one core while the other waited; beside jest they use the moments its workers
 * wait on child processes. tsc and eslint share one TypeScript program (scripts/typecheckAndLint.ts). Each check's output is held until it ends, then printed whole under its
 * name, so nothing interleaves with jest's. A failing check stops jest at once (quick feedback, as
 * before when the checks ran first) and the run fails; arguments after `npm test --` go to jest.
 * The exit code is the first failure's (jest's own when only jest failed), 0 when all passed.
 */
import { spawn } from "node:child_process";
import { getPriority, setPriority } from "node:os";

/** Niceness of the static checks (0 is jest's; 19 the lowest priority). */
const CHECK_NICENESS = 10;

interface Check {
    readonly name: string;
    readonly command: string;
    readonly args: readonly string[];
}

const STATIC_CHECKS: readonly Check[] = [
    // tsc --noEmit and eslint . over one TypeScript program (scripts/typecheckAndLint.ts says why).
    { name: "tsc --noEmit + eslint .", command: "tsx", args: ["scripts/typecheckAndLint.ts"] },
    { name: "prettier --check .", command: "prettier", args: ["--check", "."] },
];

interface Finished {
    readonly check: Check;
    readonly code: number;
    readonly output: string;
    readonly seconds: number;
}

/** Runs a check with its output captured (stdout and stderr in the order they came). */
function runCaptured(check: Check): Promise<Finished> {
    const started = Date.now();
    const child = spawn(check.command, check.args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    // Below jest's priority: the checks take the CPU jest leaves idle (its workers wait on child
    // processes), not the CPU its timed child-process tests need. The processes they start inherit it.
    if (child.pid !== undefined) {
        try {
            // Never above this run's own priority (a run started with `nice` stays there).
            setPriority(child.pid, Math.max(getPriority(), CHECK_NICENESS));
        } catch (error) {
            output += `(could not lower its priority: ${error instanceof Error ? error.message : String(error)})\n`;
        }
    }
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    return new Promise<Finished>((resolve) => {
        child.on("error", (error) => {
            output += `${check.command}: ${error.message}\n`;
        });
        child.on("close", (code, signal) =>
            resolve({
                check,
                code: code ?? (signal ? 1 : 0),
                output,
                seconds: (Date.now() - started) / 1000,
            }),
        );
    });
}

async function main(jestArgs: readonly string[]): Promise<number> {
    const jest = spawn("jest", [...jestArgs], { stdio: "inherit" });
    const jestDone = new Promise<number>((resolve) =>
        jest.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
    let stoppedJest = false;
    const checks = STATIC_CHECKS.map((check) => {
        return runCaptured(check).then((finished) => {
            const verdict = finished.code === 0 ? "passed" : `FAILED (exit ${finished.code})`;
            process.stdout.write(
                `\n--- ${finished.check.name}: ${verdict} in ${finished.seconds.toFixed(1)} s\n${finished.output}`,
            );
            if (finished.code !== 0 && !stoppedJest && jest.exitCode === null) {
                stoppedJest = true;
                process.stdout.write(`--- stopping jest: ${finished.check.name} failed\n`);
                jest.kill("SIGTERM");
            }
            return finished;
        });
    });
    const finished = await Promise.all(checks);
    const jestCode = await jestDone;
    const failedCheck = finished.find((f) => f.code !== 0);
    if (failedCheck !== undefined) {
        process.stdout.write(`\nnpm test: ${failedCheck.check.name} failed (above).\n`);
        return failedCheck.code;
    }
    return jestCode;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(
            `npm test: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
    },
);
