/**
 * README walks the organizer's day (issue 21): at most 350 lines, the event's steps in the order an
 * organizer meets them; reference material lives in docs/ and is linked.
 */
import * as fs from "fs";
import * as path from "path";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

test("README is at most 350 lines", () => {
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(350);
});

test("README's headings follow the organizer's day, in order", () => {
    const headings = [...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]);
    const steps = [
        "Quick start",
        "1. Plan the event",
        "2. Check the subscription",
        "3. Provision every team",
        "4. Hand each team its details",
        "5. During the event",
        "6. After the event",
        "7. Teams tear down their own environment",
        "Fair share and spend",
        "Permissions and security",
        "Reference",
    ];
    const at = steps.map((s) => headings.findIndex((h) => h.startsWith(s)));
    expect(at.filter((i) => i < 0)).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
});
