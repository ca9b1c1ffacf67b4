// Test helpers: a simulator with workload clusters whose children are active, and ResourceService clients
// for any identity of a child (the seeded bot by default). Bounded loops only.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SimCluster } from "./cluster/cluster.js";
import { formatIdentityFile, type IssuedIdentity } from "./cluster/identity.js";
import { resourceServiceDefinition } from "./cluster/resources.js";
import type { Simulator } from "./index.js";
import { workloadClusterServiceDefinition } from "./parent/parent.js";
import { createUnaryClient, type UnaryClient } from "./proxy/proxy.js";

export interface ChildHandle {
  name: string;
  cluster: SimCluster;
  /** `status.domain` as the parent reports it (`127.0.0.1:<port>`). */
  domain: string;
  /** The seeded bot: its user is `bot-<bot>`, its role `<bot>`. */
  bot: string;
}

/** Creates a workload cluster as the admin bot and waits (bounded) until its child is active. */
export async function addChild(sim: Simulator, name: string, bot = `${name}-bot`): Promise<ChildHandle> {
  const admin = createUnaryClient(workloadClusterServiceDefinition(), {
    address: sim.parent.address,
    clusterName: sim.parent.cluster.name,
    caPems: sim.admin.tlsCaPems,
    certPem: sim.admin.tlsCertPem,
    keyPem: sim.admin.keyPem,
  });
  try {
    await admin.call("CreateWorkloadCluster", {
      cluster: {
        kind: "workload_cluster",
        version: "v1",
        metadata: { name },
        spec: {
          regions: [{ name: "us-west-2" }],
          bot: { name: bot },
          token: { join_method: "iam", allow: [{ aws_account: "111122223333" }] },
        },
      },
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      const got = await admin.call<{ status?: { state?: string; domain?: string } }>("GetWorkloadCluster", {
        name,
      });
      const child = await sim.child(name);
      if (got.status?.state === "active" && got.status.domain && child) {
        return { name, cluster: child.cluster, domain: got.status.domain, bot };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`workload cluster ${name} did not become active`);
  } finally {
    admin.close();
  }
}

/** A ResourceService client of a child for an identity (closed by the caller). */
export function childClient(child: ChildHandle, identity: IssuedIdentity): UnaryClient {
  return createUnaryClient(resourceServiceDefinition(), {
    address: child.domain,
    clusterName: child.cluster.name,
    caPems: identity.tlsCaPems,
    certPem: identity.tlsCertPem,
    keyPem: identity.keyPem,
  });
}

/** The seeded bot's identity on a child (as tbot's IAM join would issue it). */
export function botIdentity(sim: Simulator, child: ChildHandle): Promise<IssuedIdentity> {
  return sim.issueUserIdentity(child.name, `bot-${child.bot}`, [child.bot]);
}

/** Writes an identity file for the stand-ins. */
export async function writeIdentity(dir: string, name: string, identity: IssuedIdentity): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, formatIdentityFile(identity), { mode: 0o600 });
  return path;
}

/** The error a gRPC call failed with. */
export async function rejected(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; details: string };
  }
  throw new Error("expected the call to fail");
}
