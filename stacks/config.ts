/**
 * Reads a team stack's config through `pulumi.Config` and hands the raw values to the shared
 * validation. The only module of the program that touches `pulumi.Config`.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseKnownGuests } from "./knownGuests";
import { validateTeamStack, type ValidTeamStack, type ValidateOptions } from "./validate";

export const PROJECT = "openhack-mlops";

export interface TeamStackConfig extends ValidTeamStack {
    readonly location: string;
    /** The guests this stack invited itself (stacks/knownGuests.ts). */
    readonly knownGuests: readonly string[];
}

export function readTeamStackConfig(options: ValidateOptions): TeamStackConfig {
    const config = new pulumi.Config(PROJECT);
    const location = new pulumi.Config("azure-native").get("location");
    // getObject, not requireObject: a missing key is reported by validation with the others.
    const valid = validateTeamStack(
        config.getObject<unknown>("event"),
        config.getObject<unknown>("team"),
        options,
        { value: location },
    );
    const knownGuests = parseKnownGuests(config.getObject<unknown>("knownGuests"));
    // Validation has rejected a missing or malformed region.
    return { ...valid, location: location ?? "", knownGuests };
}
