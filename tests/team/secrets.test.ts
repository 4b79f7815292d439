/** Secrets stay secret end to end: resource outputs, program values, and never in a stack output. */
import * as pulumi from "@pulumi/pulumi";
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { one, ofType } from "../helpers/inventory";
import { validSample } from "../helpers/fixtures";

let sim: Simulation;
let clientSecret: string;
beforeAll(async () => {
    // Every opt-in secret and variable too, so each one's secrecy is checked.
    sim = await simulateTeamStack(
        validSample(2, {
            github: { owner: "contoso-hack", extras: { oidcSecrets: true, variables: true } },
        }),
    );
    clientSecret = String(
        one(sim.resources, "azuread:index/applicationPassword:ApplicationPassword").state.value,
    );
});

test("the simulated client secret is a non-empty value (so the checks below are meaningful)", () => {
    expect(clientSecret).toMatch(/^offline-secret-[a-z0-9]{12}$/);
});

test("the client secret and AZURE_CREDENTIALS are secret outputs", async () => {
    expect(await pulumi.isSecret(sim.stack.clientSecret)).toBe(true);
    expect(await pulumi.isSecret(sim.stack.azureCredentials)).toBe(true);
});

test("no stack output is secret-bearing or contains the secret", () => {
    expect(sim.secretOutputs).toEqual([]);
    const exported = JSON.stringify(sim.outputs);
    expect(exported).not.toContain(clientSecret);
    expect(exported).not.toContain("clientSecret");
    expect(exported).not.toContain("offline-key-");
});

test("the storage account key reaches only the datastore, as a credential", () => {
    const key = `offline-key-${String(one(sim.resources, "azure-native:storage:StorageAccount").inputs.accountName)}`;
    const holders = sim.resources
        .filter((r) => JSON.stringify(r.inputs).includes(key))
        .map((r) => r.type);
    expect(holders).toEqual(["azure-native:machinelearningservices:Datastore"]);
});

test("the client secret reaches only the AZURE_CREDENTIALS repository secret", () => {
    const holders = sim.resources
        .filter((r) => JSON.stringify(r.inputs).includes(clientSecret))
        .map((r) => `${r.type}:${String(r.inputs.secretName)}`);
    expect(holders).toEqual(["github:index/actionsSecret:ActionsSecret:AZURE_CREDENTIALS"]);
    expect(
        ofType(sim.resources, "github:index/actionsVariable:ActionsVariable").some((v) =>
            String(v.inputs.value).includes(clientSecret),
        ),
    ).toBe(false);
});

test("every repository secret value and the datastore key are registered as secret inputs", () => {
    const secrets = ofType(sim.resources, "github:index/actionsSecret:ActionsSecret");
    expect(secrets).toHaveLength(6);
    expect(ofType(sim.resources, "github:index/actionsVariable:ActionsVariable")).toHaveLength(8);
    for (const s of secrets) expect(s.secretInputs).toContain("value");
    // The SDK marks the whole top-level input that holds a secret output as secret.
    const keyPath = "properties.credentials.secrets.key";
    const datastoreSecrets = one(
        sim.resources,
        "azure-native:machinelearningservices:Datastore",
    ).secretInputs;
    expect(datastoreSecrets.some((p) => keyPath === p || keyPath.startsWith(`${p}.`))).toBe(true);
    const variables = ofType(sim.resources, "github:index/actionsVariable:ActionsVariable");
    for (const v of variables) expect(v.secretInputs).toEqual([]);
});
