// ParentApi through the tctl binary (transport "tctl"), the fallback when the direct gRPC connection cannot
// be made. The resource is named with the singular kind `workload_cluster`, which every tctl that supports
// it accepts (fact: tctl-facts.md §1 "Aliases"; the plural is inferred from a guide only).
// fact: tctl-facts.md §2: `--format=json` always prints an array (`[]` when empty), protojson with proto
// field names and empty fields omitted; §1: `tctl create` without -f creates (-f would upsert); §4 `tctl rm`.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { type ParentApi, TeleportApiError, type WorkloadCluster } from "../provision/parent-api.js";
import { KIND_WORKLOAD_CLUSTER, toWireCluster, toWorkloadCluster } from "./grpc/workload-cluster.js";
import type { Tctl } from "./tctl.js";

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

function parseJsonArray(stdout: string, command: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new TeleportApiError("Unknown", `${command} did not print JSON`, false);
  }
  if (!Array.isArray(value))
    throw new TeleportApiError("Unknown", `${command} did not print a JSON array`, false);
  return value;
}

export class TctlParentApi implements ParentApi {
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
    let stdout: string;
    try {
      ({ stdout } = await this.tctl.run(["get", ref, "--format=json"]));
    } catch (error) {
      if (error instanceof TeleportApiError && error.kind === "NotFound") return undefined;
      throw error;
    }
    const items = parseJsonArray(stdout, `tctl get ${ref}`);
    return items.length === 0 ? undefined : toWorkloadCluster(items[0]);
  }

  async list(): Promise<WorkloadCluster[]> {
    const { stdout } = await this.tctl.run(["get", KIND_WORKLOAD_CLUSTER, "--format=json"]);
    return parseJsonArray(stdout, `tctl get ${KIND_WORKLOAD_CLUSTER}`).map((item) => toWorkloadCluster(item));
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
      await this.tctl.run(["create", file], { write: true });
    } finally {
      await this.files.remove(file);
    }
    return toWorkloadCluster(wire);
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    await this.tctl.run(["rm", `${KIND_WORKLOAD_CLUSTER}/${name}`], { write: true });
  }

  async close(): Promise<void> {}
}
