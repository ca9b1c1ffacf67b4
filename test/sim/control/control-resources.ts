// Control operations on clusters' roles and users: out-of-band edits (drift), bulk seeding, a user
// finishing signup, live invite links, the child bot's verbs, server defaults changed by an upgrade, and
// the list page size and decoder strictness. Written straight to the stores: no RBAC, no MFA, but the
// server's defaults as on any write, and a new revision per write (B41, B46, B57).
import { completeSignup, liveUserTokens } from "../cluster/accounts.js";
import { createdUserStatus, ruleRole, type SimCluster } from "../cluster/cluster.js";
import { goTime, isObject } from "../cluster/go-shape.js";
import { ROLE_OPTION_KEYS } from "../cluster/role-model.js";
import type { MfaKind } from "../cluster/user-model.js";
import { SimError } from "../common/errors.js";
import type { SimResource, SimResourceKind } from "../proxy/wire.js";
import type { ControlOp, SimRuntime } from "./control.js";

const bad = (message: string) => new SimError("BadParameter", `control: ${message}`);

/** assumption: out-of-band writes are made by a user named `control`. */
const CONTROL_USER = "control";

/**
 * One out-of-band write. Roles: the server's defaults (an unsupported version becomes v8). Users: a new
 * one as CreateUser stores it (created_by with a time, password unset); an existing one as `tctl create
 * -f` writes it (created_by kept, the status as given, so no status means password_state 0).
 */
export function controlWrite(cluster: SimCluster, resource: SimResource, now: Date): SimResource {
  if (!resource || typeof resource.kind !== "string" || typeof resource.metadata?.name !== "string") {
    throw bad("resource needs kind and metadata.name");
  }
  if (resource.kind !== "user") return cluster.put(resource);
  const name = resource.metadata.name;
  const existing = cluster.get("user", name);
  const spec = { ...(resource.spec ?? {}) };
  if (existing) {
    if (!isObject(spec.created_by)) spec.created_by = existing.spec?.created_by;
    return cluster.put({ ...resource, spec, status: resource.status ?? {} });
  }
  if (!isObject(spec.created_by)) spec.created_by = { time: goTime(now), user: { name: CONTROL_USER } };
  return cluster.put({ ...resource, spec, status: createdUserStatus(cluster, name) });
}

function strings(value: unknown, key: string): string[] {
  if (typeof value === "string")
    return value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw bad(`"${key}" must be a list of strings or a comma-separated string`);
}

export function registerResourceOps(
  register: (name: string, op: ControlOp) => void,
  sim: SimRuntime,
  cluster: (args: Record<string, unknown>) => SimCluster,
  str: (args: Record<string, unknown>, key: string, required?: boolean) => string,
): void {
  register("resources/get", (a) => cluster(a).get(str(a, "kind") as SimResourceKind, str(a, "name")) ?? null);
  register("resources/list", (a) => cluster(a).list(str(a, "kind") as SimResourceKind));
  register("resources/upsert", (a) => controlWrite(cluster(a), a.resource as SimResource, sim.clock.now()));
  register("resources/delete", (a) => ({
    deleted: cluster(a).delete(str(a, "kind") as SimResourceKind, str(a, "name")),
  }));
  register("resources/bulk-upsert", (a) => {
    const target = cluster(a);
    const kind = str(a, "kind");
    if (!Array.isArray(a.resources)) throw bad('"resources" must be a list');
    const resources = a.resources as SimResource[];
    const wrong = resources.find((r) => r?.kind !== kind);
    if (wrong) throw bad(`every resource must be of kind "${kind}", got "${String(wrong?.kind)}"`);
    const now = sim.clock.now();
    for (const resource of resources) controlWrite(target, resource, now);
    return { count: resources.length };
  });
  register("users/complete-signup", (a) => {
    const mfa = a.mfa === undefined || a.mfa === null || a.mfa === "" ? undefined : a.mfa;
    if (mfa !== undefined && mfa !== "totp" && mfa !== "webauthn")
      throw bad('"mfa" must be totp or webauthn');
    return completeSignup(cluster(a), sim.clock, str(a, "name"), mfa as MfaKind | undefined);
  });
  register("user-tokens/list", (a) => ({
    tokens: liveUserTokens(cluster(a), sim.clock, str(a, "name", false) || undefined),
  }));
  register("child-bot-verbs", (a) => {
    const target = cluster(a);
    if (!target.seededBot) throw bad(`cluster "${target.name}" is not a workload cluster's child`);
    const verbs = strings(a.verbs, "verbs");
    return target.put(ruleRole(target.seededBot, ["role", "user"], verbs));
  });
  register("defaults/change", (a) => {
    const target = cluster(a);
    const options = a.role_options ?? {};
    if (!isObject(options)) throw bad('"role_options" must be an object');
    const unknown = Object.keys(options).filter((k) => !ROLE_OPTION_KEYS.includes(k));
    if (unknown.length > 0) {
      throw bad(
        `unknown role options ${unknown.join(", ")}; role options are ${ROLE_OPTION_KEYS.join(", ")}`,
      );
    }
    target.serverDefaults.roleOptions = structuredClone(options);
    return { role_options: target.serverDefaults.roleOptions };
  });
  register("resources/page-size", (a) => {
    const size = a.size === null || a.size === undefined ? 0 : Number(a.size);
    if (!Number.isInteger(size) || size < 0) throw bad('"size" must be a non-negative integer or null');
    sim.settings.resourcePageSize = size || undefined;
    return { resourcePageSize: sim.settings.resourcePageSize ?? null };
  });
  register("unknown-fields", (a) => {
    if (a.mode !== "drop" && a.mode !== "reject") throw bad('"mode" must be drop or reject');
    sim.settings.unknownFields = a.mode;
    return { unknownFields: sim.settings.unknownFields };
  });
}
