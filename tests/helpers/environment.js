/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by jest as it is (no transform) */
/**
 * Jest's Node environment, with one cost taken out: Pulumi's SDK reads `new Error().stack` for every
 * promise it makes (@pulumi/pulumi runtime/debuggable.js, `debuggablePromise`, kept for its
 * PULUMI_DEBUG_PROMISE_LEAKS report), thousands per simulated stack. Under Jest each read formats up to
 * 100 frames through Jest's source-map support (it sets Error.stackTraceLimit = 100), which was a
 * quarter of the CPU of the simulation tests. Those stacks alone get V8's plain format and Node's
 * default depth (10 frames, what the SDK captures outside Jest); every other error (a failing
 * test's, the program's) keeps Jest's source-mapped 100 frames.
 */
const { TestEnvironment } = require("jest-environment-node");

const PULUMI_DEBUGGABLE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** Node's own stack depth (Error.stackTraceLimit), which the SDK has outside Jest. */
const NODE_STACK_FRAMES = 10;

/** What V8 prints without any formatter: the message, then one `at` line per frame. */
function plainStack(error, frames) {
    const head = error.message ? `${error.name}: ${error.message}` : String(error.name ?? "Error");
    return head + frames.map((frame) => `\n    at ${String(frame)}`).join("");
}

class ProjectEnvironment extends TestEnvironment {
    constructor(config, context) {
        super(config, context);
        // The worker's own Error: Jest installs its source-mapping formatter there (jest-runner,
        // SourceMapSupport#install) after this environment is made, so it is looked up per call.
        const workerError = Error;
        this.global.Error.prepareStackTrace = (error, frames) => {
            const first = frames[0]?.getFileName();
            if (first !== undefined && first !== null && PULUMI_DEBUGGABLE.test(first))
                return plainStack(error, frames.slice(0, NODE_STACK_FRAMES));
            const format = workerError.prepareStackTrace;
            return typeof format === "function" ? format(error, frames) : plainStack(error, frames);
        };
    }
}

module.exports = ProjectEnvironment;
