/**
 * One team's handout as Markdown, in one language. Every value passes through the helpers of
 * markdown.ts, so it is shown literally whatever characters it holds.
 */
import { bullets, code, codeBlock, link, numbered, table, text } from "./markdown";
import { MATERIALS_REPOSITORY, type Lang, type Shown, type TeamHandout } from "./model";
import { FORM_FILE } from "../requests/form";
import { TEXTS } from "./texts";
import { expiryTimes } from "./time";

/**
 * The notebooks' placeholders the stack knows a value for, spelled exactly as the materials spell
 * them (docs/hack-contract.md; tests/fixtures/materials/placeholders.json records where each is).
 */
export const PLACEHOLDERS = [
    "{AML-WORSPACE-NAME}",
    "{AML-RESOURCE-GROUP-NAME}",
    "{UNIQUE_ENDPOINT_NAME}",
    "{AZURE_SUBSCRIPTION_ID}",
] as const;

/** A value as a code span, or the language's "not shown" for a secret. */
const shown = (value: Shown, lang: Lang): string =>
    "secret" in value ? text(TEXTS[lang].secretNotShown) : code(value.value);

/** The raw text of a value, for commands; a secret becomes a placeholder the team fills in. */
const raw = (value: Shown, fallback: string): string =>
    "secret" in value ? fallback : value.value;

const linkTo = (label: string, url: Shown, lang: Lang): string =>
    "secret" in url ? `${label}: ${text(TEXTS[lang].secretNotShown)}` : link(label, url.value);

export function placeholderRows(h: TeamHandout): [string, Shown][] {
    return [
        ["{AML-WORSPACE-NAME}", h.workspace],
        ["{AML-RESOURCE-GROUP-NAME}", h.resourceGroup],
        ["{UNIQUE_ENDPOINT_NAME}", h.endpoint],
        ["{AZURE_SUBSCRIPTION_ID}", h.subscriptionId],
    ];
}

export function teamTitle(h: TeamHandout, lang: Lang): string {
    const title = TEXTS[lang].title(h.team, h.event);
    return h.sample ? `[${lang === "ja" ? "サンプル" : "SAMPLE"}] ${title}` : title;
}

/** `generated` is the date the page is written (YYYY-MM-DD), passed in so output is reproducible. */
export function teamMarkdown(h: TeamHandout, lang: Lang, generated: string): string {
    const t = TEXTS[lang];
    const repo = raw(h.repository, "<owner>/<repository>");
    const repoUrl = "secret" in h.repositoryUrl ? undefined : h.repositoryUrl.value;
    const sections: string[] = [];
    if (h.sample) sections.push(`> ${t.sampleBanner}`);
    sections.push(`# ${text(teamTitle(h, lang))}`, t.intro);
    if (h.guests.length > 0)
        sections.push(
            `## ${t.guestHeading}`,
            ...(h.invitationEmailed
                ? [t.guestEmailed(h.guests.map((g) => code(g.github)).join(", "))]
                : [
                      t.guestLinks,
                      table(
                          [t.member, t.redeemLink],
                          h.guests.map((g) => [
                              code(g.github),
                              g.redeemUrl === undefined ? "-" : link(t.redeemLink, g.redeemUrl),
                          ]),
                      ),
                  ]),
        );

    sections.push(
        `## ${t.linksHeading}`,
        bullets([
            linkTo(t.portal(shown(h.resourceGroup, lang)), h.portalUrl, lang),
            linkTo(t.studio(shown(h.workspace, lang)), h.studioUrl, lang),
            linkTo(t.repository(shown(h.repository, lang)), h.repositoryUrl, lang),
        ]),
    );

    sections.push(
        `## ${t.valuesHeading}`,
        t.valuesIntro,
        table(
            [t.placeholder, t.yourValue],
            placeholderRows(h).map(([placeholder, value]) => [
                code(placeholder),
                shown(value, lang),
            ]),
        ),
        t.valuesNote,
        `${t.otherValues}:`,
        bullets([`${t.tenant}: ${shown(h.tenantId, lang)}`, `${t.region}: ${code(h.location)}`]),
    );

    sections.push(
        `## ${t.dataHeading}`,
        table(
            [t.assetName, t.version, t.reference],
            h.dataAssets.map((a) => [code(a.name), code(a.version), code(a.reference)]),
        ),
        t.datastore(shown(h.datastore, lang), shown(h.storageAccount, lang)),
    );

    const instances = h.members.filter((m) => m.instance !== undefined);
    sections.push(
        `## ${t.computeHeading}`,
        t.cluster(shown(h.cluster, lang), code(h.clusterVmSize), h.clusterMaxNodes),
        ...(instances.length > 0
            ? [
                  t.instancesIntro(code(h.instanceVmSize)),
                  table(
                      [t.member, t.instance],
                      h.members.map((m) => [
                          code(m.github),
                          m.instance === undefined ? "-" : code(m.instance),
                      ]),
                  ),
                  t.instanceStops(code(h.dailyStopTime), text(h.timeZone), h.idleShutdownMinutes),
              ]
            : [t.noInstances]),
        t.fairShare({
            instanceSize: code(h.instanceVmSize),
            clusterSize: code(h.clusterVmSize),
            maxNodes: h.clusterMaxNodes,
            deploymentSize: code(h.endpointInstanceType),
            maxInstances: h.endpointMaxInstances,
            deploymentNames: h.endpointDeploymentNames.map((n) => code(n)).join(", "),
            enforced: h.guardEffect === "deny",
        }),
    );

    const endpoint = raw(h.endpoint, "<endpoint>");
    sections.push(
        `## ${t.endpointHeading}`,
        t.endpointExists(
            shown(h.endpoint, lang),
            code(h.endpointAuthMode),
            code(h.endpointInstanceType),
        ),
        codeBlock(
            [
                `az ml online-deployment create --name blue --endpoint-name ${endpoint} \\`,
                `  --file <deployment.yml> --all-traffic \\`,
                `  -g ${raw(h.resourceGroup, "<resource-group>")} -w ${raw(h.workspace, "<workspace>")}`,
            ].join("\n"),
            "bash",
        ),
        t.endpointUpdate,
    );

    const folder = repo.split("/").pop() ?? repo;
    sections.push(
        `## ${t.githubHeading}`,
        numbered(1, [
            t.invitation(
                shown(h.repository, lang),
                repoUrl === undefined
                    ? text(t.secretNotShown)
                    : link(`${repoUrl}/invitations`, `${repoUrl}/invitations`),
                code(repo.split("/")[0]),
            ),
        ]),
        numbered(2, [
            t.materials,
            ...(h.template === "" ? [] : [t.materialsTemplate(code(h.template))]),
            codeBlock(
                [
                    `git clone ${repoUrl === undefined ? "<repository-url>" : `${repoUrl}.git`}`,
                    `cd ${folder}`,
                    `git pull --no-rebase --allow-unrelated-histories --no-edit ${MATERIALS_REPOSITORY} HEAD`,
                    `git push origin HEAD`,
                ].join("\n"),
                "bash",
            ),
            t.materialsWorkflowScope,
        ]),
        numbered(3, [
            t.alreadySet,
            bullets([
                `${t.secrets}: ${names(h.repositorySecrets, lang)}`,
                `${t.variables}: ${names(h.repositoryVariables, lang)}`,
            ]),
        ]),
    );

    sections.push(`## ${t.connectorHeading}`, t.connector(code(repo.split("/")[0])));

    const expiry = expiryTimes(h.credentialsExpire, h.timeZone);
    sections.push(
        `## ${t.limitsHeading}`,
        bullets([
            t.credentialsExpire(
                code(expiry.utc),
                expiry.local === undefined ? undefined : code(expiry.local),
                text(h.timeZone),
                code(h.endsOn),
            ),
            ...(instances.length > 0 ? [t.dailyStop(code(h.dailyStopTime), text(h.timeZone))] : []),
            t.teardown(code(h.endsOn)),
            // The form of the owner's .github repository (docs/team-teardown.md, event/requests/form.ts).
            t.teardownRequest(
                repoUrl === undefined
                    ? text(t.requestForm)
                    : link(t.requestForm, `${repoUrl}/issues/new?template=${FORM_FILE}`),
                code(h.team),
            ),
            t.teardownKeeps,
            ...(h.teardownAfterDays !== undefined ? [t.teardownExpiry(h.teardownAfterDays)] : []),
        ]),
    );

    sections.push(
        "---",
        `_${h.sample ? t.sampleFooter(code(h.stackName), generated) : t.footer(code(h.stackName), generated)}_`,
    );
    return `${sections.join("\n\n")}\n`;
}

function names(list: readonly string[] | undefined, lang: Lang): string {
    if (list === undefined) return text(TEXTS[lang].namesUnknown);
    if (list.length === 0) return text(TEXTS[lang].noneSet);
    return list.map(code).join(", ");
}
