/**
 * The team cluster's scale settings that the program fixes (components/compute.ts); the maximum is
 * the roster's event.compute.clusterMaxNodes. Its own module, free of Pulumi, because
 * `stop-compute --restore` (event/stopCompute/restore.ts) puts a cluster back to exactly these.
 */
export const CLUSTER_MIN_NODES = 0;
/** Nodes idle this long are released (ISO 8601, as ARM's scaleSettings takes it). */
export const CLUSTER_IDLE_BEFORE_SCALE_DOWN = "PT120S";

/** The scale settings the program gives the cluster of a roster whose maximum is `maxNodes`. */
export const clusterScaleSettings = (maxNodes: number) => ({
    minNodeCount: CLUSTER_MIN_NODES,
    maxNodeCount: maxNodes,
    nodeIdleTimeBeforeScaleDown: CLUSTER_IDLE_BEFORE_SCALE_DOWN,
});
