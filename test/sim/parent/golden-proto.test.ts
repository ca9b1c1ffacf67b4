// Golden protobuf tests: messages written byte by byte from the field numbers in
// B17 (WorkloadClusterService tables and teleport.header.v1.Metadata),
// sent to the simulator over the real wire, and its answers decoded by hand. Nothing here uses the
// simulator's .proto file to build or read bytes, so a wrong field number in it cannot hide.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../index.js";
import { TlsRoutingCredentials } from "../proxy/proxy.js";
import { workloadClusterServiceDefinition } from "./parent.js";

// --- a hand-written protobuf encoder / decoder (wire types 0 and 2 are all these messages use) ---

function varint(n: number | bigint): Buffer {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}
const tag = (field: number, wireType: number) => varint((field << 3) | wireType);
const bytesField = (field: number, value: Buffer) =>
  Buffer.concat([tag(field, 2), varint(value.length), value]);
const str = (field: number, value: string) => bytesField(field, Buffer.from(value, "utf8"));
const msg = (field: number, ...parts: Buffer[]) => bytesField(field, Buffer.concat(parts));
const int = (field: number, value: number | bigint) => Buffer.concat([tag(field, 0), varint(value)]);

type Fields = Map<number, (Buffer | bigint)[]>;

function decode(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let i = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (let n = 0; n < 10; n++) {
      const byte = buf[i++];
      if (byte === undefined) throw new Error("truncated varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new Error("varint too long");
  };
  while (i < buf.length) {
    const key = Number(readVarint());
    const field = key >> 3;
    const wireType = key & 7;
    let value: Buffer | bigint;
    if (wireType === 0) value = readVarint();
    else if (wireType === 2) {
      const len = Number(readVarint());
      value = buf.subarray(i, i + len);
      i += len;
    } else throw new Error(`unexpected wire type ${wireType} for field ${field}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}
const text = (f: Fields, n: number) => (f.get(n)?.[0] as Buffer | undefined)?.toString("utf8");
const sub = (f: Fields, n: number) => decode((f.get(n)?.[0] as Buffer | undefined) ?? Buffer.alloc(0));
const subs = (f: Fields, n: number) => (f.get(n) ?? []).map((b) => decode(b as Buffer));

// --- the messages of B17, by hand ---

const ARN = "arn:aws:sts::111122223333:assumed-role/sync/*";
const specBytes = Buffer.concat([
  msg(1, str(1, "us-west-2")), // regions[0] = Region{name=1}
  msg(1, str(1, "eu-central-1")), // regions[1]
  msg(2, str(1, "gold-bot")), // bot = Bot{name=1}
  msg(3, str(1, "iam"), msg(2, str(1, "111122223333"), str(2, ARN))), // token = Token{join_method=1, allow=2{aws_account=1, aws_arn=2}}
]);
const workloadCluster = (name: string, metadataExtra: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([
    str(1, "workload_cluster"), // kind
    str(3, "v1"), // version
    msg(4, str(1, name), metadataExtra), // metadata = Metadata{name=1}
    bytesField(5, specBytes), // spec
  ]);

let sim: Simulator;
let client: grpc.Client;

function raw(method: string, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      `/teleport.workloadcluster.v1.WorkloadClusterService/${method}`,
      (b) => b,
      (b) => b,
      request,
      { deadline: Date.now() + 5000 },
      (err, res) => (err ? reject(err) : resolve(res ?? Buffer.alloc(0))),
    );
  });
}

beforeAll(async () => {
  sim = await startSimulator({ delayMs: 60_000 });
  client = new grpc.Client(
    sim.parent.address,
    new TlsRoutingCredentials({
      clusterName: sim.parent.cluster.name,
      caPems: sim.admin.tlsCaPems,
      certPem: sim.admin.tlsCertPem,
      keyPem: sim.admin.keyPem,
    }),
  );
});

afterAll(async () => {
  client?.close();
  await sim?.stop();
});

describe("hand-encoded requests are read by the server's decoder (fact: B17 field numbers)", () => {
  it("decodes WorkloadCluster with every spec field and Metadata fields 1, 5, 6, 7, 8", () => {
    const def = workloadClusterServiceDefinition();
    const metadataExtra = Buffer.concat([
      msg(5, str(1, "team"), str(2, "infra")), // labels map entry {key=1, value=2}
      msg(6, int(1, 1_700_000_000)), // expires = Timestamp{seconds=1}
      int(7, 42), // id
      str(8, "rev-1"), // revision
    ]);
    const request = msg(1, workloadCluster("gold", metadataExtra)); // CreateWorkloadClusterRequest{cluster=1}
    const decoded = def.CreateWorkloadCluster!.requestDeserialize(request);
    expect(decoded).toEqual({
      cluster: {
        kind: "workload_cluster",
        version: "v1",
        metadata: {
          name: "gold",
          labels: { team: "infra" },
          expires: { seconds: "1700000000" },
          id: "42",
          revision: "rev-1",
        },
        spec: {
          regions: [{ name: "us-west-2" }, { name: "eu-central-1" }],
          bot: { name: "gold-bot" },
          token: { join_method: "iam", allow: [{ aws_account: "111122223333", aws_arn: ARN }] },
        },
      },
    });
    expect(def.ListWorkloadClusters!.requestDeserialize(Buffer.concat([int(1, 7), str(2, "tok")]))).toEqual({
      page_size: 7,
      page_token: "tok",
    });
    expect(def.GetWorkloadCluster!.requestDeserialize(str(1, "gold"))).toEqual({ name: "gold" });
    expect(def.DeleteWorkloadCluster!.requestDeserialize(str(1, "gold"))).toEqual({ name: "gold" });
  });
});

describe("over the wire, both directions decoded by hand", () => {
  it("creates from hand-written bytes and answers a WorkloadCluster with fields 1, 3, 4, 5", async () => {
    const res = decode(await raw("CreateWorkloadCluster", msg(1, workloadCluster("gold"))));
    expect(text(res, 1)).toBe("workload_cluster");
    expect(text(res, 3)).toBe("v1");
    const metadata = sub(res, 4);
    expect(text(metadata, 1)).toBe("gold");
    expect(text(metadata, 8)).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.has(6)).toBe(false); // no status on a fresh resource
    const spec = sub(res, 5);
    expect(subs(spec, 1).map((r) => text(r, 1))).toEqual(["us-west-2", "eu-central-1"]);
    expect(text(sub(spec, 2), 1)).toBe("gold-bot");
    const token = sub(spec, 3);
    expect(text(token, 1)).toBe("iam");
    expect(subs(token, 2).map((a) => [text(a, 1), text(a, 2)])).toEqual([["111122223333", ARN]]);
  });

  it("reports status as field 6 {state=1} from the second Get on", async () => {
    await raw("GetWorkloadCluster", str(1, "gold"));
    const res = decode(await raw("GetWorkloadCluster", str(1, "gold")));
    expect(text(sub(res, 6), 1)).toBe("creating");
    expect(sub(res, 6).has(2)).toBe(false);
  });

  it("lists with clusters=1 and next_page_token=2 and leaves total_count=3 unset", async () => {
    await raw("CreateWorkloadCluster", msg(1, workloadCluster("silver")));
    const res = decode(await raw("ListWorkloadClusters", int(1, 1)));
    expect(subs(res, 1).map((c) => text(sub(c, 4), 1))).toEqual(["gold"]);
    expect(text(res, 2)).toBe("silver");
    expect(res.has(3)).toBe(false);
    const next = decode(await raw("ListWorkloadClusters", Buffer.concat([int(1, 1), str(2, "silver")])));
    expect(subs(next, 1).map((c) => text(sub(c, 4), 1))).toEqual(["silver"]);
    expect(next.has(2)).toBe(false);
  });

  it("updates with metadata.revision=8 and deletes with an empty answer", async () => {
    const current = sub(decode(await raw("GetWorkloadCluster", str(1, "silver"))), 4);
    const revision = text(current, 8) ?? "";
    const updated = decode(
      await raw("UpdateWorkloadCluster", msg(1, workloadCluster("silver", str(8, revision)))),
    );
    expect(text(sub(updated, 4), 8)).toBe(revision);
    expect((await raw("DeleteWorkloadCluster", str(1, "silver"))).length).toBe(0);
  });
});
