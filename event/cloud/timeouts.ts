/**
 * Every call to a cloud service gives up after this long and is reported as unknown, not passed.
 * A module of its own so that the command line shows the default without loading the SDKs.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
