/**
 * The generated documents, from the recorded outputs of the example event: snapshots (review the
 * diff when a page changes), plus the facts each page must state whatever its wording.
 */
import { handoutDocuments, type HandoutFile } from "../../event/handouts/documents";
import { LANGS } from "../../event/handouts/model";
import { PLACEHOLDERS } from "../../event/handouts/page";
import { exampleHandout, GENERATED, roster } from "./helpers";

function documents(): HandoutFile[] {
    const r = roster();
    return handoutDocuments({
        event: r.event.name,
        location: r.location,
        handouts: r.teams.map((t) => exampleHandout(t.name)),
        missing: [],
        langs: LANGS,
        sample: false,
        generated: GENERATED,
    });
}

const file = (files: readonly HandoutFile[], name: string): string => {
    const found = files.find((f) => f.path === name);
    if (found === undefined)
        throw new Error(`no ${name} among ${files.map((f) => f.path).join(", ")}`);
    return found.content;
};

test("one Markdown and one HTML page per team and language, and the index in both forms", () => {
    expect(documents().map((f) => f.path)).toEqual([
        "aurora.ja.md",
        "aurora.ja.html",
        "aurora.en.md",
        "aurora.en.html",
        "borealis.ja.md",
        "borealis.ja.html",
        "borealis.en.md",
        "borealis.en.html",
        "cirrus.ja.md",
        "cirrus.ja.html",
        "cirrus.en.md",
        "cirrus.en.html",
        "index.md",
        "index.html",
    ]);
});

test.each([
    "aurora.ja.md",
    "aurora.en.md",
    "aurora.en.html",
    "cirrus.ja.html",
    "index.md",
    "index.html",
])("%s matches its snapshot", (name) => {
    expect(file(documents(), name)).toMatchSnapshot();
});

test.each(LANGS)("the %s page puts each placeholder next to the value it stands for", (lang) => {
    const page = file(documents(), `aurora.${lang}.md`);
    const rows: Record<string, string> = {
        "{AML-WORSPACE-NAME}": "oh4mlex-aurora-iwf3kb",
        "{AML-RESOURCE-GROUP-NAME}": "rg-oh4mlex-aurora",
        "{UNIQUE_ENDPOINT_NAME}": "oh4mlex-aurora-epiwf3kb",
        "{AZURE_SUBSCRIPTION_ID}": "00000000-0000-4000-8000-000000000001",
    };
    expect(Object.keys(rows)).toEqual([...PLACEHOLDERS]);
    for (const [placeholder, value] of Object.entries(rows))
        expect(page).toContain(`| \`${placeholder}\` | \`${value}\` |`);
});

test.each(LANGS)(
    "the %s page has the links, data, computes, endpoint, GitHub and limits",
    (lang) => {
        const page = file(documents(), `aurora.${lang}.md`);
        // Links to the portal's resource group, the studio's workspace and the repository.
        expect(page).toContain(
            "(<https://portal.azure.com/#@00000000-0000-4000-8000-0000000000aa/resource/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-oh4mlex-aurora/overview>)",
        );
        expect(page).toContain("(<https://ml.azure.com/?tid=");
        expect(page).toContain("(<https://github.com/contoso-hack/oh4mlex-aurora>)");
        // Data assets with versions.
        expect(page).toContain("| `diabetes_data_oh4ml` | `1` | `azureml:diabetes_data_oh4ml:1` |");
        expect(page).toContain("| `diabetes_data_oh4ml_350records` | `1` |");
        // The cluster and every member's own instance.
        expect(page).toContain("`demo-cpucluster1`");
        for (const [login, instance] of [
            ["akiko-tanaka", "ci-akiko-tanaka-ciwf3kb"],
            ["dana-ruiz", "ci-dana-ruiz-ciwf3kb"],
        ])
            expect(page).toContain(`| \`${login}\` | \`${instance}\` |`);
        // The endpoint exists: blue goes into it, the endpoint is updated, never created.
        expect(page).toContain(
            "az ml online-deployment create --name blue --endpoint-name oh4mlex-aurora-epiwf3kb",
        );
        expect(page).toContain("`az ml online-endpoint update`");
        // The invitation and the materials.
        expect(page).toContain("https://github.com/contoso-hack/oh4mlex-aurora/invitations");
        expect(page).toContain(
            "git pull --no-rebase --allow-unrelated-histories --no-edit https://github.com/nohanaga/openhack-for-mlops-v2-students.git HEAD",
        );
        // Secret and variable names from the outputs.
        expect(page).toContain(
            "`AZURE_CREDENTIALS`, `AZURE_RESOURCE_GROUP_NAME`, `AZURE_ML_WORKSPACE_NAME`",
        );
        expect(page).toContain("`AML_DATA_ASSET_350`");
        // Expiry (7 days after endsOn 2030-12-18) in UTC and in Tokyo, and the daily stop.
        expect(page).toContain("`2030-12-25 23:59 UTC`");
        expect(page).toContain("`2030-12-26 08:59`");
        expect(page).toContain("`20:00`");
        expect(page).toContain("Tokyo Standard Time");
    },
);

test("the index lists every team with its names, links and pages", () => {
    const index = file(documents(), "index.md");
    for (const team of ["aurora", "borealis", "cirrus"]) {
        expect(index).toContain(`| \`${team}\` |`);
        expect(index).toContain(`[ja](<${team}.ja.md>)`);
        expect(index).toContain(`[en](<${team}.en.md>)`);
        expect(index).toContain(`\`rg-oh4mlex-${team}\``);
    }
    expect(file(documents(), "index.html")).toContain('<a href="aurora.ja.html"');
});

test("secret and variable names come from the outputs: a stack that sets fewer shows fewer", () => {
    const h = exampleHandout("aurora", {
        repositorySecrets: { value: ["AZURE_CREDENTIALS"], secret: false },
        repositoryVariables: { value: [], secret: false },
    });
    const r = roster();
    const page = file(
        handoutDocuments({
            event: r.event.name,
            location: r.location,
            handouts: [h],
            missing: [],
            langs: ["en"],
            sample: false,
            generated: GENERATED,
        }),
        "aurora.en.md",
    );
    expect(page).toContain("- Secrets: `AZURE_CREDENTIALS`\n");
    expect(page).toContain("- Variables: none\n");
    expect(page).not.toContain("AZURE_CLIENT_ID");
});
