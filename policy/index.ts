/**
 * The guardrails as a CrossGuard policy pack: `pulumi preview --policy-pack policy`.
 * Constructing a PolicyPack starts the analyzer's gRPC server for the Pulumi CLI, so nothing imports
 * this file; the policies live in ./policies.ts (tested), their rules in ./rules and ./stackRules.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("openhack-mlops-guardrails", {
    policies,
    enforcementLevel: "mandatory",
    description:
        "Guardrails of an OpenHack for MLOps team environment (Azure ML + GitHub): see policy/README.md.",
});
