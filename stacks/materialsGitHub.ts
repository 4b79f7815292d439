/**
 * What the student materials (nohanaga/openhack-for-mlops-v2-students) ask of GitHub: the actions
 * their workflows use and the events that start them (docs/hack-contract.md). Read at commit
 * e67af4ab524b2079514aba4489601f1164a07151; tests/fixtures/materials/placeholders.json records the
 * same list with its source, and a test keeps the two equal.
 */

/** An action a materials workflow names in `uses:`, and the file that names it. */
export interface MaterialsAction {
    /** `owner/repo@ref` as the workflow spells it. */
    readonly uses: string;
    readonly file: string;
}

export const MATERIALS_ACTIONS: readonly MaterialsAction[] = [
    { uses: "actions/checkout@v3", file: "Solutions/06_deploy.yml" },
    { uses: "azure/login@v1", file: "Solutions/06_deploy.yml" },
];

/** `actions/checkout@v3` -> `{ owner: "actions", repo: "checkout", ref: "v3" }`. */
export function splitUses(uses: string): { owner: string; repo: string; ref: string } {
    const match = /^([^/@]+)\/([^/@]+)@(.+)$/.exec(uses);
    if (match === null) throw new Error(`"${uses}" is not owner/repo@ref`);
    return { owner: match[1], repo: match[2], ref: match[3] };
}
