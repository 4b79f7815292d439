/**
 * Rewrites tests/identity/pins/<case>.json from the program as it is now. Run it only when a new
 * resource should be pinned, or a deletion from every live stack is intended (say why in the
 * commit): `npx tsx tests/identity/writePins.ts [case ...]`.
 */
import * as fs from "fs";
import * as prettier from "prettier";
import { simulateTeamStack } from "../../offline/simulate";
import { IDENTITY_CASES } from "./cases";
import { pinFileOf, pinPath, PINS_DIR } from "./pins";

async function main(only: readonly string[]): Promise<void> {
    fs.mkdirSync(PINS_DIR, { recursive: true });
    for (const c of IDENTITY_CASES.filter((c) => only.length === 0 || only.includes(c.name))) {
        const sim = await simulateTeamStack(c.args(), { stackName: c.stack });
        const file = pinPath(c.name);
        const options = (await prettier.resolveConfig(file)) ?? {};
        const text = await prettier.format(
            JSON.stringify(pinFileOf(c.name, c.stack, sim.identities)),
            { ...options, filepath: file },
        );
        fs.writeFileSync(file, text);
        console.log(`${file}: ${sim.identities.length} resources`);
    }
}

main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
