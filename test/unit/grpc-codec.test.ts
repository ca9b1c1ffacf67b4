// The hand-written protobuf codec: golden bytes assembled by hand from the field numbers in
// B17, the field tables checked against our .proto files (parsed by proto-loader),
// cross-encoding with protobufjs, the wire <-> WorkloadCluster conversion, and gRPC status mapping (B18).
import * as path from "node:path";
import { status } from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { describe, expect, it } from "vitest";
import { TeleportApiError } from "../../src/core/errors.js";
import { toWireCluster, toWorkloadCluster } from "../../src/core/workload-cluster.js";
import { authAlpnProtocols, encodeClusterName } from "../../src/teleport/grpc/channel.js";
import { decodeMessage, encodeMessage, ProtoDecodeError } from "../../src/teleport/grpc/codec.js";
import { fromGrpcStatus } from "../../src/teleport/grpc/errors.js";
import { MESSAGES, METHODS, WC, WORKLOAD_CLUSTER_SERVICE } from "../../src/teleport/grpc/schema.js";
import { REPO_ROOT } from "../support/action-runner.js";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const utf8 = (s: string) => Buffer.from(s, "utf8").toString("hex");
/** tag byte for field number `no` and wire type `wt` (all our field numbers are < 16). */
const t = (no: number, wt: number) => ((no << 3) | wt).toString(16).padStart(2, "0");
const len = (n: number) => n.toString(16).padStart(2, "0");
/** A length-delimited field: tag, one-byte length, body (hex). */
const ld = (no: number, bodyHex: string) => `${t(no, 2)}${len(bodyHex.length / 2)}${bodyHex}`;
const str = (no: number, s: string) => ld(no, utf8(s));

describe("golden bytes", () => {
  it("GetWorkloadClusterRequest {name=1}", () => {
    const bytes = encodeMessage(`${WC}.GetWorkloadClusterRequest`, { name: "acme" });
    expect(bytes.toString("hex")).toBe("0a0461636d65");
    expect(decodeMessage(`${WC}.GetWorkloadClusterRequest`, bytes)).toEqual({ name: "acme" });
  });

  it("ListWorkloadClustersRequest {page_size=1 int32, page_token=2}", () => {
    // 500 = 0b1_1111_0100 -> varint f4 03
    expect(
      encodeMessage(`${WC}.ListWorkloadClustersRequest`, { page_size: 500, page_token: "b" }).toString("hex"),
    ).toBe("08f403120162");
    // Proto3 leaves defaults off the wire.
    expect(encodeMessage(`${WC}.ListWorkloadClustersRequest`, { page_size: 0, page_token: "" })).toHaveLength(
      0,
    );
    // A negative int32 is sign-extended to ten bytes.
    expect(encodeMessage(`${WC}.ListWorkloadClustersRequest`, { page_size: -1 }).toString("hex")).toBe(
      "08ffffffffffffffffff01",
    );
  });

  it("DeleteWorkloadClusterRequest {name=1} and Empty", () => {
    expect(encodeMessage(`${WC}.DeleteWorkloadClusterRequest`, { name: "x" }).toString("hex")).toBe("0a0178");
    expect(decodeMessage("google.protobuf.Empty", Buffer.alloc(0))).toEqual({});
  });

  // CreateWorkloadClusterRequest{cluster=1: WorkloadCluster{kind=1, version=3, metadata=4{name=1},
  //   spec=5{regions=1[{name=1}], bot=2{name=1}, token=3{join_method=1, allow=2[{aws_account=1, aws_arn=2}]}}}}
  const arn = "arn:aws:sts::111122223333:assumed-role/r/*";
  const allow = ld(2, str(1, "111122223333") + str(2, arn));
  const spec = ld(5, ld(1, str(1, "us-west-2")) + ld(2, str(1, "acme-bot")) + ld(3, str(1, "iam") + allow));
  const cluster = str(1, "workload_cluster") + str(3, "v1") + ld(4, str(1, "acme")) + spec;
  const createHex = ld(1, cluster);

  it("CreateWorkloadClusterRequest with a full spec", () => {
    const bytes = encodeMessage(`${WC}.CreateWorkloadClusterRequest`, {
      cluster: toWireCluster({
        kind: "workload_cluster",
        version: "v1",
        metadata: { name: "acme" },
        spec: {
          regions: [{ name: "us-west-2" }],
          bot: { name: "acme-bot" },
          token: { join_method: "iam", allow: [{ aws_account: "111122223333", aws_arn: arn }] },
        },
        status: { state: "active", domain: "never-sent.example" },
      }),
    });
    expect(bytes.toString("hex")).toBe(createHex);
    expect(bytes.toString("hex")).not.toContain(utf8("never-sent"));
  });

  it("WorkloadCluster response with status=6 and sub_kind=2, skipping unknown fields of every wire type", () => {
    const unknown =
      `${t(15, 0)}9601` + // varint 150
      `${t(14, 1)}0102030405060708` + // fixed64
      `${t(13, 5)}01020304` + // fixed32
      ld(12, utf8("future"));
    const body = cluster + str(2, "sub") + ld(6, str(1, "active") + str(2, "acme.teleport.sh")) + unknown;
    expect(decodeMessage(`${WC}.WorkloadCluster`, hex(body))).toEqual({
      kind: "workload_cluster",
      sub_kind: "sub",
      version: "v1",
      metadata: { name: "acme" },
      spec: {
        regions: [{ name: "us-west-2" }],
        bot: { name: "acme-bot" },
        token: { join_method: "iam", allow: [{ aws_account: "111122223333", aws_arn: arn }] },
      },
      status: { state: "active", domain: "acme.teleport.sh" },
    });
  });

  it("Metadata: labels=5 map entries, expires=6 Timestamp, id=7 int64, revision=8; no field 4", () => {
    const body =
      str(1, "acme") +
      ld(5, str(1, "team") + str(2, "blue")) +
      ld(5, str(1, "env") + str(2, "")) +
      ld(6, `${t(1, 0)}80e2cfaa06${t(2, 0)}05`) + // seconds 1700000000 (= 0x6553f100), nanos 5
      `${t(7, 0)}2a` +
      str(8, "rev-1");
    const decoded = decodeMessage("teleport.header.v1.Metadata", hex(body));
    expect(decoded).toEqual({
      name: "acme",
      labels: { team: "blue", env: "" },
      expires: { seconds: "1700000000", nanos: 5 },
      id: "42",
      revision: "rev-1",
    });
    expect(encodeMessage("teleport.header.v1.Metadata", decoded).toString("hex")).toBe(
      body.replace(ld(5, str(1, "env") + str(2, "")), ld(5, str(1, "env"))),
    );
  });

  it("ListWorkloadClustersResponse {clusters=1 repeated, next_page_token=2, total_count=3}", () => {
    const body =
      ld(1, str(3, "v1") + ld(4, str(1, "a"))) + ld(1, ld(4, str(1, "b"))) + str(2, "c") + `${t(3, 0)}02`;
    expect(decodeMessage(`${WC}.ListWorkloadClustersResponse`, hex(body))).toEqual({
      clusters: [{ version: "v1", metadata: { name: "a" } }, { metadata: { name: "b" } }],
      next_page_token: "c",
      total_count: 2,
    });
  });

  it("merges a non-repeated message that appears twice, and takes the last scalar", () => {
    const body =
      ld(6, str(1, "creating")) + ld(6, str(2, "d.example")) + str(1, "x") + str(1, "workload_cluster");
    expect(decodeMessage(`${WC}.WorkloadCluster`, hex(body))).toEqual({
      kind: "workload_cluster",
      status: { state: "creating", domain: "d.example" },
    });
  });

  it.each([
    ["a truncated length", `${t(1, 2)}05 6162`],
    ["a truncated varint", `${t(1, 0)}ff`],
    ["a wire type that does not match the field", `${t(1, 0)}01`],
    ["a group wire type", `${t(9, 3)}`],
  ])("rejects %s", (_name, body) => {
    expect(() => decodeMessage(`${WC}.WorkloadCluster`, hex(body))).toThrow(ProtoDecodeError);
  });
});

describe("the field tables match our .proto files", () => {
  const pkg = protoLoader.loadSync("workloadcluster.proto", {
    includeDirs: [path.join(REPO_ROOT, "src", "teleport", "grpc", "proto")],
    keepCase: true,
    longs: String,
    defaults: false,
  });

  interface ProtoField {
    name: string;
    number: number;
    label: string;
    type: string;
    typeName: string;
  }
  const TYPE: Record<string, string> = { string: "TYPE_STRING", int32: "TYPE_INT32", int64: "TYPE_INT64" };

  it.each(Object.keys(MESSAGES))("%s", (name) => {
    const definition = pkg[name] as { type: { field: ProtoField[] } } | undefined;
    expect(definition, `${name} is in the .proto`).toBeDefined();
    const fromProto = definition!.type.field.map((f) => ({
      name: f.name,
      no: f.number,
      repeated: f.label === "LABEL_REPEATED",
      type: f.type,
      typeName: f.typeName,
    }));
    const ours = MESSAGES[name]!.map((f) => ({
      name: f.name,
      no: f.no,
      repeated: f.repeated === true || f.type === "map",
      type: f.type === "message" || f.type === "map" ? "TYPE_MESSAGE" : TYPE[f.type],
    }));
    expect(fromProto.map(({ typeName: _, ...rest }) => rest)).toEqual(ours);
    for (const field of MESSAGES[name]!) {
      if (field.type !== "message") continue;
      const typeName = fromProto.find((f) => f.no === field.no)!.typeName;
      expect(field.message!.endsWith(typeName), `${name}.${field.name}: ${typeName}`).toBe(true);
    }
  });

  it("has the service's six unary methods with our request and response types", () => {
    const service = pkg[WORKLOAD_CLUSTER_SERVICE] as Record<
      string,
      {
        path: string;
        requestStream: boolean;
        responseStream: boolean;
        requestType: { type: { name: string } };
        responseType: { type: { name: string } };
      }
    >;
    expect(Object.keys(service).sort()).toEqual(Object.keys(METHODS).sort());
    for (const [method, def] of Object.entries(METHODS)) {
      const m = service[method]!;
      expect(m.path).toBe(`/${WORKLOAD_CLUSTER_SERVICE}/${method}`);
      expect([m.requestStream, m.responseStream]).toEqual([false, false]);
      expect(def.request.endsWith(`.${m.requestType.type.name}`)).toBe(true);
      expect(def.response.endsWith(`.${m.responseType.type.name}`)).toBe(true);
    }
  });

  it("encodes what protobufjs decodes from the .proto, and decodes what it encodes", () => {
    const service = pkg[WORKLOAD_CLUSTER_SERVICE] as Record<
      string,
      {
        requestSerialize(v: unknown): Buffer;
        requestDeserialize(b: Buffer): unknown;
        responseSerialize(v: unknown): Buffer;
      }
    >;
    const create = {
      cluster: {
        kind: "workload_cluster",
        sub_kind: "s",
        version: "v1",
        metadata: {
          name: "acme",
          revision: "r",
          labels: { a: "b" },
          expires: { seconds: "1700000000", nanos: 7 },
        },
        spec: {
          regions: [{ name: "us-west-2" }, { name: "eu-central-1" }],
          bot: { name: "bot" },
          token: {
            join_method: "iam",
            allow: [{ aws_account: "1", aws_arn: "arn:x" }, { aws_arn: "arn:y" }],
          },
        },
        status: { state: "active", domain: "acme.teleport.sh" },
      },
    };
    const ours = encodeMessage(`${WC}.CreateWorkloadClusterRequest`, create);
    expect(service.CreateWorkloadCluster!.requestDeserialize(ours)).toEqual(create);
    expect(
      decodeMessage(
        `${WC}.CreateWorkloadClusterRequest`,
        service.CreateWorkloadCluster!.requestSerialize(create),
      ),
    ).toEqual(create);
    const page = {
      clusters: [create.cluster, { metadata: { name: "b" } }],
      next_page_token: "n",
      total_count: 9,
    };
    expect(
      decodeMessage(
        `${WC}.ListWorkloadClustersResponse`,
        service.ListWorkloadClusters!.responseSerialize(page),
      ),
    ).toEqual(page);
  });
});

describe("wire <-> WorkloadCluster", () => {
  it("fills the ParentApi shape from a sparse message and omits an empty status", () => {
    expect(
      toWorkloadCluster({ metadata: { name: "a", revision: "r" }, spec: { regions: [{ name: "x" }] } }),
    ).toEqual({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "a", revision: "r" },
      spec: { regions: [{ name: "x" }] },
    });
    expect(
      toWorkloadCluster({
        kind: "workload_cluster",
        metadata: { name: "a" },
        spec: { token: { join_method: "iam" } },
        status: {},
      }),
    ).toEqual({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "a" },
      spec: { regions: [], token: { join_method: "iam", allow: [] } },
    });
  });

  it("refuses another kind or a nameless resource", () => {
    expect(() => toWorkloadCluster({ kind: "role", metadata: { name: "a" } })).toThrow(
      /expected kind workload_cluster/,
    );
    expect(() => toWorkloadCluster({ spec: {} })).toThrow(/no metadata.name/);
  });
});

describe("TLS routing values", () => {
  it("encodes the cluster name like EncodeClusterName (fact: B20, a.b -> 612e62)", () => {
    expect(encodeClusterName("a.b")).toBe("612e62.teleport.cluster.local");
    expect(authAlpnProtocols("a.b")).toEqual(["teleport-auth@612e62.teleport.cluster.local", "h2"]);
  });
});

describe("gRPC status -> TeleportApiError (fact: B18)", () => {
  const ONLY_USERS = "workload clusters API is only available to users";
  const cases: [string, number, string, boolean, string, boolean, boolean][] = [
    // name, code, details, write, kind, transient, outcomeUnknown
    ["NotFound", status.NOT_FOUND, 'workload_cluster "x" doesn\'t exist', false, "NotFound", false, false],
    ["AlreadyExists", status.ALREADY_EXISTS, "exists", true, "AlreadyExists", false, false],
    ["PermissionDenied", status.PERMISSION_DENIED, "access denied", true, "AccessDenied", false, false],
    ["FailedPrecondition", status.FAILED_PRECONDITION, "revision", true, "CompareFailed", false, false],
    ["InvalidArgument", status.INVALID_ARGUMENT, "regions is required", true, "BadParameter", false, false],
    [
      "ResourceExhausted (throttling)",
      status.RESOURCE_EXHAUSTED,
      "slow down",
      false,
      "LimitExceeded",
      true,
      false,
    ],
    ["Unimplemented", status.UNIMPLEMENTED, "unknown service", false, "NotImplemented", false, false],
    ["Unknown", status.UNKNOWN, "boom", true, "Unknown", false, false],
    ["Internal", status.INTERNAL, "Response message parsing error", false, "Unknown", false, false],
    [
      "Unavailable read",
      status.UNAVAILABLE,
      "simulated UNAVAILABLE",
      false,
      "ConnectionProblem",
      true,
      false,
    ],
    [
      "Unavailable write (answer lost)",
      status.UNAVAILABLE,
      "connection reset by peer",
      true,
      "ConnectionProblem",
      true,
      true,
    ],
    ["only-users refusal", status.UNAVAILABLE, ONLY_USERS, false, "ConnectionProblem", false, false],
    [
      "only-users refusal on a write",
      status.UNAVAILABLE,
      ONLY_USERS,
      true,
      "ConnectionProblem",
      false,
      false,
    ],
    [
      "no connection (request never sent)",
      status.UNAVAILABLE,
      "No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9. Resolution note: ",
      true,
      "ConnectionProblem",
      true,
      false,
    ],
    [
      "deadline on a read",
      status.DEADLINE_EXCEEDED,
      "Deadline exceeded after 30s",
      false,
      "DeadlineExceeded",
      true,
      false,
    ],
    [
      "deadline after sending a write",
      status.DEADLINE_EXCEEDED,
      "Deadline exceeded after 30s,LB pick: 0.001s,remote_addr=127.0.0.1:1",
      true,
      "DeadlineExceeded",
      true,
      true,
    ],
    [
      "deadline before a connection",
      status.DEADLINE_EXCEEDED,
      "Deadline exceeded after 30s,Waiting for LB pick",
      true,
      "DeadlineExceeded",
      true,
      false,
    ],
  ];
  it.each(cases)("%s", (_name, code, details, write, kind, transient, outcomeUnknown) => {
    const error = fromGrpcStatus({ code, details }, { write, address: "proxy.example:443" });
    expect(error).toBeInstanceOf(TeleportApiError);
    expect({ kind: error.kind, transient: error.transient, outcomeUnknown: error.outcomeUnknown }).toEqual({
      kind,
      transient,
      outcomeUnknown,
    });
  });

  it("names the address and the reason when no connection could be made", () => {
    const error = fromGrpcStatus(
      {
        code: status.UNAVAILABLE,
        details: "No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9. Resolution note: ",
      },
      { write: false, address: "127.0.0.1:9" },
    );
    expect(error.message).toBe(
      "cannot connect to the Teleport Auth API through 127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9",
    );
  });

  it("keeps the server's message as it is", () => {
    expect(
      fromGrpcStatus(
        {
          code: status.PERMISSION_DENIED,
          details: 'access denied to perform action "read" on "workload_cluster"',
        },
        { write: false },
      ).message,
    ).toBe('access denied to perform action "read" on "workload_cluster"');
  });
});
