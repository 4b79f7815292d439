/** docs/cli.md is what the commands print for --help (regenerate: npx tsx scripts/cliReference.ts). */
import { readFileSync } from "node:fs";
import { cliReference } from "../../scripts/cliReference";

test("docs/cli.md shows every command's real generated help", async () => {
    const expected = await cliReference();
    // The reference names every command of the event program and the plan.
    for (const heading of [
        "## npm run event",
        "## up",
        "## destroy",
        "## roster import",
        "## npm run plan",
    ])
        expect(expected).toContain(`\n${heading}\n`);
    expect(expected).toContain("-y, --yes");
    expect(readFileSync("docs/cli.md", "utf8")).toBe(expected);
});
