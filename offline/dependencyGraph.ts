/**
 * OFFLINE SIMULATION: the dependency graph the program gives the Pulumi engine, recorded under the
 * mock runtime.
 *
 * Why this way: the mock runtime's `newResource` sees only a resource's inputs, not what it waits
 * for. The engine schedules by the `dependencies` of each RegisterResource request, which the SDK
 * computes before sending it (runtime/resource.js, `prepareResource`): every explicit `dependsOn`
 * plus every resource behind an input Output, with component resources replaced by the custom
 * resources under them (`getAllTransitivelyReferencedResourceURNs`). So the recorder wraps the mock
 * monitor's `registerResource` (the monitor is public: `pulumi.runtime.getMonitor()`) and keeps that
 * list with the URN the monitor answers. It is the exact graph a real `pulumi up` would schedule by.
 */
import * as pulumi from "@pulumi/pulumi";

export interface GraphNode {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** A custom resource (a cloud object); components and the stack are not. */
    readonly custom: boolean;
    /** URNs of the custom resources this one waits for. */
    readonly dependencies: readonly string[];
    /**
     * The `deleteBeforeReplace` resource option, undefined when the program left it unset (the
     * request's `deleteBeforeReplaceDefined`): the engine then follows the provider's diff, except
     * for a targeted replace, where it asks no provider (pulumi/pulumi,
     * pkg/resource/deploy/step_generator.go, `diff` and the replace branch of `generateSteps`).
     */
    readonly deleteBeforeReplace: boolean | undefined;
}

/** The parts of the gRPC request/response the recorder reads (generated protobuf classes). */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
}
interface RegisterResponse {
    getUrn(): string;
}
type Callback = (error: Error | null, response?: RegisterResponse) => void;
interface RegisteringMonitor {
    registerResource(request: RegisterRequest, callback: Callback): unknown;
}

const isRegisteringMonitor = (m: unknown): m is RegisteringMonitor =>
    typeof m === "object" &&
    m !== null &&
    typeof (m as { registerResource?: unknown }).registerResource === "function";

/**
 * Starts recording every registration on the current (mock) monitor; call right after `setMocks`.
 * Returns the list the nodes are appended to, in registration order.
 */
export function recordDependencies(): readonly GraphNode[] {
    // Typed by what is read here, not by the generated client's overloads.
    const monitor: unknown = pulumi.runtime.getMonitor();
    if (!isRegisteringMonitor(monitor))
        throw new Error("recordDependencies: no resource monitor (call setMocks first)");
    const nodes: GraphNode[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        register(request, (error, response) => {
            if (response)
                nodes.push({
                    urn: response.getUrn(),
                    type: request.getType(),
                    name: request.getName(),
                    custom: request.getCustom(),
                    dependencies: request.getDependenciesList(),
                    deleteBeforeReplace: request.getDeletebeforereplacedefined()
                        ? request.getDeletebeforereplace()
                        : undefined,
                });
            callback(error, response);
        });
    return nodes;
}
