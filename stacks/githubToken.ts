/**
 * The organizer's GitHub token as the team's github provider receives it: a secret input.
 *
 * Left out, @pulumi/github's Provider fills `token` from GITHUB_TOKEN itself, as a plain value
 * (node_modules/@pulumi/github/provider.js: `(args?.token ? pulumi.secret(args.token) : undefined)
 * ?? utilities.getEnv("GITHUB_TOKEN")`; `additionalSecretOutputs: ["token"]` covers only the
 * provider's outputs). "All resource input and output values are recorded as state" and only values
 * marked secret are encrypted in it (Pulumi docs, Concepts > Secrets, pulumi.com/docs/iac/concepts/secrets/;
 * a provider is a resource with inputs like any other), so every team's state file held the
 * organizer's token in clear.
 * Passed explicitly, the SDK wraps it in `pulumi.secret`.
 */
import * as pulumi from "@pulumi/pulumi";

/** GITHUB_TOKEN as a secret; undefined when unset (the SDK's fallback then finds nothing either). */
export function githubProviderToken(
    env: Readonly<Record<string, string | undefined>>,
): pulumi.Output<string> | undefined {
    const token = env.GITHUB_TOKEN;
    return token !== undefined && token !== "" ? pulumi.secret(token) : undefined;
}
