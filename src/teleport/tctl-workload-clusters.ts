// ParentApi through the tctl binary (transport "tctl"), the fallback when the direct gRPC connection cannot
// be made. The resource is named with the singular kind `workload_cluster`, which every tctl that supports
// it accepts (fact: B16; the plural is inferred from a guide only).
// fact: B5: `--format=json` always prints an array (`[]` when empty), protojson with proto
// field names and empty fields omitted; B1: `tctl create` without -f creates (-f would upsert); B9 `tctl rm`.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { isNotFound, TeleportApiError } from "../core/errors.js";
import {
  KIND_WORKLOAD_CLUSTER,
  toWireCluster,
  toWorkloadCluster,
  type WorkloadCluster,
} from "../core/workload-cluster.js";
import type { Tctl, TctlErrorRule } from "./tctl.js";

export interface TctlParentOptions {
  /** Where the resource file for `tctl create` is written (0600) and removed again, e.g. RUNNER_TEMP. */
  tempDir: string;
  /** File operations, injectable for tests. */
  files?: {
    write(file: string, text: string): Promise<void>;
    remove(file: string): Promise<void>;
  };
}

const defaultFiles = {
  // `wx`: never follow or reuse a file someone else put there.
  write: (file: string, text: string) => fs.writeFile(file, text, { mode: 0o600, flag: "wx" }),
  remove: (file: string) => fs.rm(file, { force: true }),
};

function checkName(name: string): void {
  // A slash or whitespace would change which resource tctl addresses.
  if (!name || /[/\s]/.test(name)) {
    throw new TeleportApiError(
      "BadParameter",
      `${JSON.stringify(name)} is not a workload cluster name`,
      false,
    );
  }
}

const TCTL_TOO_OLD_HINT =
  "the installed tctl does not know the workload_cluster resource: it is older than the Teleport release that added workload clusters";

/** tctl's texts that only workload cluster commands print, checked before the common rules. */
export const WORKLOAD_CLUSTER_ERRORS: readonly TctlErrorRule[] = [
  // fact: B16: a tctl without support says `unsupported resource: "workload_clusters"`.
  {
    test: /unsupported resource: "workload_clusters?"/,
    kind: "NotImplemented",
    transient: false,
    beforeRequest: true,
    hint: TCTL_TOO_OLD_HINT,
  },
  // fact: B4: a kind with no handler -> `creating resources of type "<kind>" is not supported`.
  {
    test: /creating resources of type "workload_cluster" is not supported/,
    kind: "NotImplemented",
    transient: false,
    beforeRequest: true,
    hint: TCTL_TOO_OLD_HINT,
  },
  // fact: B15: ConnectionProblem `workload clusters API is only available to users`: a refusal.
  { test: /only available to users/, kind: "ConnectionProblem", transient: false },
  // fact: B15: the entitlement refusal is AccessDenied.
  { test: /WorkloadClusters feature/, kind: "AccessDenied", transient: false },
];

const rules = WORKLOAD_CLUSTER_ERRORS;

export class TctlParentApi {
  readonly transport = "tctl" as const;
  private readonly files: NonNullable<TctlParentOptions["files"]>;

  constructor(
    private readonly tctl: Tctl,
    private readonly options: TctlParentOptions,
  ) {
    this.files = options.files ?? defaultFiles;
  }

  async get(name: string): Promise<WorkloadCluster | undefined> {
    checkName(name);
    const ref = `${KIND_WORKLOAD_CLUSTER}/${name}`;
    try {
      const [cluster] = await this.tctl.get(ref, toWorkloadCluster, { rules });
      return cluster;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(): Promise<WorkloadCluster[]> {
    return this.tctl.get(KIND_WORKLOAD_CLUSTER, toWorkloadCluster, { rules });
  }

  /**
   * `tctl create FILE` without -f, so an existing cluster is refused (AlreadyExists) rather than upserted.
   * tctl prints only `workload cluster "<n>" has been created`, so the result is the resource as sent,
   * without the server's revision or status; callers read the cluster back when they need those.
   */
  async create(cluster: WorkloadCluster): Promise<WorkloadCluster> {
    checkName(cluster.metadata.name);
    const wire = toWireCluster(cluster);
    // JSON is valid YAML to tctl's decoder and keeps values such as account IDs strings.
    const file = path.join(this.options.tempDir, `workload-cluster-${randomBytes(8).toString("hex")}.json`);
    await this.files.write(file, `${JSON.stringify(wire, null, 2)}\n`);
    try {
      await this.tctl.run(["create", file], { write: true, rules });
    } finally {
      await this.files.remove(file);
    }
    return toWorkloadCluster(wire);
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    await this.tctl.run(["rm", `${KIND_WORKLOAD_CLUSTER}/${name}`], { write: true, rules });
  }

  async close(): Promise<void> {}
}
