// The messages of teleport.workloadcluster.v1 as field tables for the hand-written codec (codec.ts).
// fact: B17 (field numbers of every message and of teleport.header.v1.Metadata).
// The .proto files in ./proto/ say the same thing in protobuf's own language; a unit test parses them and
// checks that every table below matches, so the two cannot drift apart.
//
// Why a hand-written codec instead of protobufjs/proto-loader at run time: ncc does not bundle .proto files
// read from disk, these nine small messages need only strings, int32/int64, nested messages and one
// string map, and a codec without a parser keeps the bundle small and its start fast.

type ScalarType = "string" | "int32" | "int64";

export interface FieldDef {
  /** The proto field name; decoded objects use it as their key (like protojson with UseProtoNames). */
  name: string;
  no: number;
  type: ScalarType | "message" | "map";
  /** The message's full name when type is "message". */
  message?: string;
  repeated?: boolean;
}

export const WC = "teleport.workloadcluster.v1";
export const WORKLOAD_CLUSTER_SERVICE = `${WC}.WorkloadClusterService`;

export const MESSAGES: Record<string, FieldDef[]> = {
  "google.protobuf.Empty": [],
  "google.protobuf.Timestamp": [
    { name: "seconds", no: 1, type: "int64" },
    { name: "nanos", no: 2, type: "int32" },
  ],
  "teleport.header.v1.Metadata": [
    { name: "name", no: 1, type: "string" },
    { name: "namespace", no: 2, type: "string" },
    { name: "description", no: 3, type: "string" },
    // fact: there is no field 4 (B17).
    { name: "labels", no: 5, type: "map" },
    { name: "expires", no: 6, type: "message", message: "google.protobuf.Timestamp" },
    { name: "id", no: 7, type: "int64" },
    { name: "revision", no: 8, type: "string" },
  ],
  [`${WC}.WorkloadCluster`]: [
    { name: "kind", no: 1, type: "string" },
    { name: "sub_kind", no: 2, type: "string" },
    { name: "version", no: 3, type: "string" },
    { name: "metadata", no: 4, type: "message", message: "teleport.header.v1.Metadata" },
    { name: "spec", no: 5, type: "message", message: `${WC}.WorkloadClusterSpec` },
    { name: "status", no: 6, type: "message", message: `${WC}.WorkloadClusterStatus` },
  ],
  [`${WC}.WorkloadClusterSpec`]: [
    { name: "regions", no: 1, type: "message", message: `${WC}.Region`, repeated: true },
    { name: "bot", no: 2, type: "message", message: `${WC}.Bot` },
    { name: "token", no: 3, type: "message", message: `${WC}.Token` },
  ],
  [`${WC}.Region`]: [{ name: "name", no: 1, type: "string" }],
  [`${WC}.Bot`]: [{ name: "name", no: 1, type: "string" }],
  [`${WC}.Token`]: [
    { name: "join_method", no: 1, type: "string" },
    { name: "allow", no: 2, type: "message", message: `${WC}.Allow`, repeated: true },
  ],
  [`${WC}.Allow`]: [
    { name: "aws_account", no: 1, type: "string" },
    { name: "aws_arn", no: 2, type: "string" },
  ],
  [`${WC}.WorkloadClusterStatus`]: [
    { name: "state", no: 1, type: "string" },
    { name: "domain", no: 2, type: "string" },
  ],
  [`${WC}.GetWorkloadClusterRequest`]: [{ name: "name", no: 1, type: "string" }],
  [`${WC}.CreateWorkloadClusterRequest`]: [
    { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
  ],
  [`${WC}.UpdateWorkloadClusterRequest`]: [
    { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
  ],
  [`${WC}.UpsertWorkloadClusterRequest`]: [
    { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
  ],
  [`${WC}.DeleteWorkloadClusterRequest`]: [{ name: "name", no: 1, type: "string" }],
  [`${WC}.ListWorkloadClustersRequest`]: [
    { name: "page_size", no: 1, type: "int32" },
    { name: "page_token", no: 2, type: "string" },
  ],
  [`${WC}.ListWorkloadClustersResponse`]: [
    { name: "clusters", no: 1, type: "message", message: `${WC}.WorkloadCluster`, repeated: true },
    { name: "next_page_token", no: 2, type: "string" },
    { name: "total_count", no: 3, type: "int32" },
  ],
};

export interface MethodDef {
  request: string;
  response: string;
}

/** All unary; path `/<service>/<method>`. fact: B17. */
export const METHODS = {
  GetWorkloadCluster: { request: `${WC}.GetWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
  ListWorkloadClusters: {
    request: `${WC}.ListWorkloadClustersRequest`,
    response: `${WC}.ListWorkloadClustersResponse`,
  },
  CreateWorkloadCluster: { request: `${WC}.CreateWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
  UpdateWorkloadCluster: { request: `${WC}.UpdateWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
  UpsertWorkloadCluster: { request: `${WC}.UpsertWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
  DeleteWorkloadCluster: { request: `${WC}.DeleteWorkloadClusterRequest`, response: "google.protobuf.Empty" },
} as const satisfies Record<string, MethodDef>;

export type MethodName = keyof typeof METHODS;

export function methodPath(method: MethodName): string {
  return `/${WORKLOAD_CLUSTER_SERVICE}/${method}`;
}
