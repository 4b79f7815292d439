/**
 * The pack as the Pulumi CLI runs it, minus the CLI: `pulumi preview --policy-pack policy` starts
 * the `pulumi-analyzer-policy` plugin in policy/, which resolves `@pulumi/pulumi/cmd/run-policy-pack`
 * from there and runs it with `<engine address> .`; run-policy-pack compiles policy/index.ts with
 * ts-node, `new PolicyPack(...)` prints the port of its gRPC Analyzer service, and the engine calls
 * GetAnalyzerInfo, Analyze (per resource), Remediate and AnalyzeStack. This test plays the engine.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import { join } from "path";
import { credentials } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeRequest,
    AnalyzeStackRequest,
    AnalyzerPropertyDependencies,
    AnalyzerResource,
    AnalyzerResourceOptions,
    EnforcementLevel,
    type AnalyzeDiagnostic,
    type AnalyzeResponse,
    type AnalyzerInfo,
    type RemediateResponse,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { compliantStack, secret, stackWithout, TYPES, urnOf } from "./helpers";
import type { PolicyResource } from "../../policy/evaluate";

const POLICY_DIR = join(__dirname, "..", "..", "policy");

let analyzer: ChildProcessWithoutNullStreams;
let client: AnalyzerClient;
let stderr = "";

beforeAll(async () => {
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", {
        paths: [POLICY_DIR],
    });
    analyzer = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], { cwd: POLICY_DIR });
    analyzer.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        analyzer.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = /^(\d+)\s*$/m.exec(stdout);
            if (line !== null) resolve(line[1]);
        });
        analyzer.on("exit", (code) =>
            reject(
                new Error(
                    `the policy pack exited with ${code} before serving:\n${stdout}\n${stderr}`,
                ),
            ),
        );
    });
    client = new AnalyzerClient(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(() => {
    client?.close();
    analyzer?.kill();
});

/** Adapts a gRPC callback to a promise. */
const settle =
    <T>(resolve: (value: T) => void, reject: (error: Error) => void) =>
    (error: Error | null, response: T): void =>
        error ? reject(error) : resolve(response);

const analyzerInfo = () =>
    new Promise<AnalyzerInfo>((resolve, reject) =>
        client.getAnalyzerInfo(new Empty(), settle(resolve, reject)),
    );
const analyze = (req: AnalyzeRequest) =>
    new Promise<AnalyzeResponse>((resolve, reject) => client.analyze(req, settle(resolve, reject)));
const remediate = (req: AnalyzeRequest) =>
    new Promise<RemediateResponse>((resolve, reject) =>
        client.remediate(req, settle(resolve, reject)),
    );
const analyzeStack = (req: AnalyzeStackRequest) =>
    new Promise<AnalyzeResponse>((resolve, reject) =>
        client.analyzeStack(req, settle(resolve, reject)),
    );

function options(): AnalyzerResourceOptions {
    return new AnalyzerResourceOptions()
        .setProtect(false)
        .setIgnorechangesList([])
        .setAliasesList([])
        .setAdditionalsecretoutputsList([]);
}

/** A property map as the engine marshals it (secrets as envelopes). */
function struct(props: Readonly<Record<string, unknown>>): Struct {
    const json = JSON.parse(JSON.stringify(props)) as Record<string, JavaScriptValue>;
    return Struct.fromJavaScript(json);
}

function analyzeRequest(
    type: string,
    name: string,
    props: Record<string, unknown>,
): AnalyzeRequest {
    return new AnalyzeRequest()
        .setType(type)
        .setName(name)
        .setUrn(urnOf(type, name))
        .setProperties(struct(props))
        .setOptions(options());
}

function stackRequest(resources: readonly PolicyResource[]): AnalyzeStackRequest {
    return new AnalyzeStackRequest().setResourcesList(
        resources.map((r) => {
            const resource = new AnalyzerResource()
                .setType(r.type)
                .setName(r.name)
                .setUrn(r.urn)
                .setProperties(struct(r.props))
                .setOptions(options());
            for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                resource
                    .getPropertydependenciesMap()
                    .set(key, new AnalyzerPropertyDependencies().setUrnsList([...urns]));
            }
            return resource;
        }),
    );
}

const diagnostics = (list: AnalyzeDiagnostic[]) =>
    list.map((d) => ({
        policy: d.getPolicyname(),
        urn: d.getUrn(),
        message: d.getMessage(),
        mandatory: d.getEnforcementlevel() === EnforcementLevel.MANDATORY,
    }));

test("the pack starts under run-policy-pack and describes every policy", async () => {
    const info = await analyzerInfo();
    expect(info.getName()).toBe("openhack-mlops-guardrails");
    expect(info.getVersion()).toBe("0.1.0");
    const levels = Object.fromEntries(
        info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
    );
    expect(Object.keys(levels)).toHaveLength(30);
    expect(levels["guest-invitation-guest-only"]).toBe(EnforcementLevel.MANDATORY);
    expect(levels["storage-https-only"]).toBe(EnforcementLevel.MANDATORY);
    expect(levels["credentials-secret"]).toBe(EnforcementLevel.REMEDIATE);
});

test("Analyze blocks a storage account that allows HTTP and old TLS", async () => {
    const response = await analyze(
        analyzeRequest(TYPES.storage, "sa", {
            enableHttpsTrafficOnly: false,
            minimumTlsVersion: "TLS1_0",
            allowBlobPublicAccess: false,
            tags: { event: "oh2026", team: "alpha" },
        }),
    );
    expect(diagnostics(response.getDiagnosticsList())).toEqual([
        {
            policy: "storage-https-only",
            urn: "",
            message:
                "Storage accounts accept HTTPS traffic only. (CKV_AZURE_3, AVD-AZU-0008, Azure.Storage.SecureTransfer)\nenableHttpsTrafficOnly must be true (is false)",
            mandatory: true,
        },
        {
            policy: "storage-min-tls-1-2",
            urn: "",
            message:
                'Storage accounts refuse TLS versions older than 1.2. (CKV_AZURE_44, AVD-AZU-0011, Azure.Storage.MinTLS)\nminimumTlsVersion must be "TLS1_2" or "TLS1_3" (is "TLS1_0")',
            mandatory: true,
        },
    ]);
});

test("Remediate marks a plain Actions secret value secret, and leaves a secret one alone", async () => {
    const plain = await remediate(
        analyzeRequest(TYPES.actionsSecret, "s", {
            repository: "r",
            secretName: "AZURE_CREDENTIALS",
            value: "plain",
        }),
    );
    expect(
        plain
            .getRemediationsList()
            .map((r) => [r.getPolicyname(), r.getProperties()?.toJavaScript()]),
    ).toEqual([
        [
            "credentials-secret",
            {
                repository: "r",
                secretName: "AZURE_CREDENTIALS",
                value: { [specialSigKey]: specialSecretSig, value: "plain" },
            },
        ],
    ]);
    const wrapped = await remediate(
        analyzeRequest(TYPES.actionsSecret, "s", {
            repository: "r",
            secretName: "AZURE_CREDENTIALS",
            value: secret("s"),
        }),
    );
    expect(wrapped.getRemediationsList()).toEqual([]);
});

test("AnalyzeStack passes the compliant stack and names the resource group without a budget", async () => {
    expect(
        diagnostics((await analyzeStack(stackRequest(compliantStack()))).getDiagnosticsList()),
    ).toEqual([]);
    const response = await analyzeStack(stackRequest(stackWithout("alpha-budget")));
    expect(diagnostics(response.getDiagnosticsList())).toEqual([
        {
            policy: "budget-per-resource-group",
            urn: urnOf(TYPES.rg, "alpha-rg"),
            message:
                'Every resource group of the stack has a consumption budget scoped to it.\nresource group "rg-oh2026-alpha" has no azure-native:consumption:Budget scoped to it',
            mandatory: true,
        },
    ]);
});

/** How the engine marshals a string that is unknown during a preview. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

test("in a preview, a budget whose scope is not known yet is linked to its group by dependency", async () => {
    const resources = compliantStack().map((r) =>
        r.type === TYPES.budget
            ? {
                  ...r,
                  props: { ...r.props, scope: UNKNOWN_STRING },
                  propertyDependencies: { scope: [urnOf(TYPES.rg, "alpha-rg")] },
              }
            : r,
    );
    expect(diagnostics((await analyzeStack(stackRequest(resources))).getDiagnosticsList())).toEqual(
        [],
    );
});

test("Analyze does not read a secret value it cannot judge, so an unknown one raises nothing", async () => {
    const response = await analyze(
        analyzeRequest(TYPES.actionsSecret, "s", {
            repository: "r",
            secretName: "AZURE_CREDENTIALS",
            value: secret(UNKNOWN_STRING),
        }),
    );
    expect(diagnostics(response.getDiagnosticsList())).toEqual([]);
});

test("a value unknown during preview makes a policy advisory instead of failing the preview", async () => {
    const unknownString = UNKNOWN_STRING;
    const resources = compliantStack().map((r) =>
        r.type === TYPES.role ? { ...r, props: { ...r.props, scope: unknownString } } : r,
    );
    const response = await analyzeStack(stackRequest(resources));
    expect(diagnostics(response.getDiagnosticsList())).toEqual([
        {
            policy: "role-assignment-team-scope",
            urn: "",
            message:
                "can't run policy 'role-assignment-team-scope' from policy pack 'openhack-mlops-guardrails@v0.1.0' during preview: string value at .scope can't be known during preview",
            mandatory: false,
        },
    ]);
});
