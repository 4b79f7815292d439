/** Types of unspacedGithubWrites.cjs (CommonJS, shared with the nock preload). */
export declare function unspaceGithubWrites(): void;
