/**
 * Entry point of a plan worker (child process or worker thread): simulates the teams it is sent,
 * one after the other, each in fresh Pulumi runtime state.
 */
import type { PlanJob } from "./model";
import { serveJobs } from "./pool";
import { simulateJob, withFailureLocation } from "./simulateJob";

// Pulumi captures a stack trace for nearly every promise it creates (runtime/debuggable.js, kept
// for leak reports) and, with tsx's source maps on, maps each one: measured here, that is half of
// a simulation's time. A worker only reports error messages, never stacks, so it needs neither.
// Pulumi's own source positions are unaffected: Resource.callsites() lifts the limit itself.
process.setSourceMapsEnabled(false);
Error.stackTraceLimit = 0;

serveJobs((job: PlanJob) => withFailureLocation(simulateJob, job));
