// `tctl get`, `tctl create`, `tctl rm` and `tctl list-kinds` in the stand-in.
// fact: B3, B5, B10; B7 (list errors wrapped), B6 (several references),
// B40 (role versions), B42/B44 (role and user create), B2 (multi-document create).
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import type { SimResource } from "../proxy/wire.js";
import type { AuthApi } from "./common/auth.js";
import { goOpenError } from "./common/auth.js";
import { decodeResources, type InputDocument } from "./common/decode.js";
import { asciiTable, writeJsonArray, writeYamlList } from "./common/output.js";
import { protoJsonToObject } from "./common/proto.js";
import {
  decodeRole,
  decodeUser,
  kindDisplayName,
  parseRef,
  parseRefs,
  type ResourceRef,
  requireName,
  type StandInKind,
  stringsOf,
} from "./common/resources.js";
import { alreadyExists, badParameter, goQuote, isKind, wrap } from "./common/trace.js";
import { type Context, withApi } from "./tctl-context.js";

// ---------------------------------------------------------------------------------------------------
// tctl get (fact: B5; B6: several references are YAML only and the first failing one
// aborts before anything is printed)

async function collect(
  api: AuthApi,
  ref: ResourceRef,
  withSecrets: boolean,
): Promise<Record<string, unknown>[]> {
  try {
    if (ref.kind === "workload_cluster") {
      return ref.name ? [await api.getWorkloadCluster(ref.name)] : await api.listWorkloadClusters();
    }
    // --with-secrets is forced on for tokens (fact: B5).
    const secrets = withSecrets || ref.kind === "token";
    if (ref.name)
      return [(await api.getResource(ref.kind, ref.name, secrets)) as unknown as Record<string, unknown>];
    return (await api.listResources(ref.kind, secrets)) as unknown as Record<string, unknown>[];
  } catch (err) {
    // Every handler Get error is wrapped, a list's too, with an empty name (fact B7).
    throw wrap(err, `getting resource ${goQuote(ref.name)} of type ${goQuote(ref.kind)}`);
  }
}

function labelsText(labels: unknown): string {
  if (!labels || typeof labels !== "object") return "";
  return Object.entries(labels as Record<string, unknown>)
    .map(([key, value]) => `${key}=${stringsOf(value).join(",")}`)
    .join(",");
}

/** assumption: the text tables' columns (only workload_cluster's one `Name` column is in the facts). */
function textTable(kind: StandInKind, resources: Record<string, unknown>[]): string {
  const name = (r: Record<string, unknown>) =>
    String((r["metadata"] as { name?: string } | undefined)?.name ?? "");
  const spec = (r: Record<string, unknown>) => (r["spec"] ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "workload_cluster":
      return asciiTable(
        ["Name"],
        resources.map((r) => [name(r)]),
      );
    case "user":
      return asciiTable(
        ["User"],
        resources.map((r) => [name(r)]),
      );
    case "token":
      return asciiTable(
        ["Token", "Type", "Labels", "Expiry Time (UTC)"],
        resources.map((r) => [
          name(r),
          stringsOf(spec(r)["roles"]).join(","),
          labelsText((r["metadata"] as Record<string, unknown> | undefined)?.["labels"]),
          String((r["metadata"] as { expires?: string } | undefined)?.expires ?? "never"),
        ]),
      );
    case "role":
      // The text table hides default-implicit-role (fact: B5).
      return asciiTable(
        ["Role", "Allowed to login as", "Node Labels", "Access to resources"],
        resources
          .filter((r) => name(r) !== "default-implicit-role")
          .map((r) => {
            const allow = (spec(r)["allow"] ?? {}) as Record<string, unknown>;
            const rules = Array.isArray(allow["rules"]) ? (allow["rules"] as Record<string, unknown>[]) : [];
            return [
              name(r),
              stringsOf(allow["logins"]).join(","),
              labelsText(allow["node_labels"]),
              rules
                .map(
                  (rule) => `${stringsOf(rule["resources"]).join(",")}:${stringsOf(rule["verbs"]).join(",")}`,
                )
                .join(","),
            ];
          }),
      );
  }
}

export async function runGet(ctx: Context): Promise<void> {
  const refs = parseRefs(ctx.cli.arg("resources")!);
  const format = ctx.cli.str("format") ?? "yaml";
  if (refs.length > 1 && format !== "yaml")
    throw badParameter("mixed resource types only support YAML formatting");
  await withApi(ctx, async (api) => {
    const all: Record<string, unknown>[] = [];
    // One call per reference, each after the previous answer: at a distance, N round trips (fact: B95).
    for (const ref of refs) all.push(...(await collect(api, ref, ctx.cli.bool("with-secrets"))));
    if (format === "json") ctx.out(writeJsonArray(all));
    else if (format === "text") ctx.out(textTable(refs[0]!.kind, all));
    else ctx.out(writeYamlList(all));
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl create (fact: B1; B42 role, B44 user, B2 documents one at a time, stop at the
// first error, a line per success; B96 a role is a Get then an Upsert, in sequence)

async function createRole(ctx: Context, api: AuthApi, doc: InputDocument, force: boolean): Promise<void> {
  const role = decodeRole(doc.value, ctx.stamp.version, api.unknownFields, doc.json.text);
  const name = requireName(role);
  const existing = await api.findResource("role", name);
  if (existing && !force) throw alreadyExists(`role ${goQuote(name)} already exists`);
  await api.upsertResource(role as unknown as SimResource);
  // upsertVerb(exists, force) can only say "updated" on a path that already failed: always "created".
  ctx.out(`role ${goQuote(name)} has been created\n`);
}

async function createUser(ctx: Context, api: AuthApi, doc: InputDocument, force: boolean): Promise<void> {
  const user = decodeUser(doc.value, api.unknownFields, doc.json.text);
  const name = requireName(user);
  const existing = await api.findResource("user", name);
  if (existing && !force) throw alreadyExists(`user ${goQuote(name)} already exists`);
  if (existing) {
    const createdBy = existing.spec?.["created_by"];
    const spec = { ...((user["spec"] ?? {}) as Record<string, unknown>) };
    if (createdBy === undefined) delete spec["created_by"];
    else spec["created_by"] = createdBy;
    await api.upsertResource({ ...user, spec } as unknown as SimResource);
    ctx.out(`user ${goQuote(name)} has been updated\n`);
    return;
  }
  await api.createResource(user as unknown as SimResource);
  ctx.out(`user ${goQuote(name)} has been created\n`);
}

async function createWorkloadCluster(
  ctx: Context,
  api: AuthApi,
  doc: InputDocument,
  force: boolean,
): Promise<void> {
  const cluster = protoJsonToObject("teleport.workloadcluster.v1.WorkloadCluster", doc.json);
  const name = String((cluster["metadata"] as { name?: string } | undefined)?.name ?? "");
  if (force) await api.upsertWorkloadCluster(cluster);
  else await api.createWorkloadCluster(cluster);
  ctx.out(`workload cluster ${goQuote(name)} has been created\n`);
}

/**
 * assumption: tokens are always upserted and reported as `provision_token "<n>" has been created`,
 * as tctl's token handler is remembered; the facts do not cover tokens.
 */
async function createToken(ctx: Context, api: AuthApi, doc: InputDocument): Promise<void> {
  const name = requireName(doc.value);
  await api.upsertResource(doc.value as unknown as SimResource);
  ctx.out(`provision_token ${goQuote(name)} has been created\n`);
}

async function readInput(ctx: Context): Promise<string> {
  const filename = ctx.cli.arg("filename");
  if (filename === undefined) return ctx.io.readStdin();
  try {
    return readFileSync(resolvePath(ctx.io.cwd, filename), "utf8");
  } catch (err) {
    throw goOpenError(filename, err);
  }
}

export async function runCreate(ctx: Context): Promise<void> {
  const force = ctx.cli.bool("force");
  await withApi(ctx, async (api) => {
    const text = await readInput(ctx);
    let count = 0;
    for (const doc of decodeResources(text)) {
      count++;
      try {
        switch (doc.kind) {
          case "role":
            await createRole(ctx, api, doc, force);
            break;
          case "user":
            await createUser(ctx, api, doc, force);
            break;
          case "workload_cluster":
            await createWorkloadCluster(ctx, api, doc, force);
            break;
          case "token":
            await createToken(ctx, api, doc);
            break;
          default:
            throw badParameter(`creating resources of type ${goQuote(doc.kind)} is not supported`);
        }
      } catch (err) {
        if (isKind(err, "AlreadyExists")) throw wrap(err, "use -f or --force flag to overwrite");
        if (isKind(err, "NotImplemented")) {
          throw badParameter(`creating resources of type ${goQuote(doc.kind)} is not supported`);
        }
        throw err;
      }
    }
    if (count === 0) throw badParameter("no resources found, empty input?");
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl rm (fact: B9)

export async function runRm(ctx: Context): Promise<void> {
  const ref = parseRef(ctx.cli.arg("resource")!);
  const extraName = ctx.cli.arg("name");
  if (extraName !== undefined) {
    if (ref.name) throw badParameter(`unexpected ${extraName}`);
    if (extraName.includes("::")) {
      throw badParameter("the simulator's tctl stand-in does not support scoped resource names");
    }
    ref.name = extraName;
  }
  await withApi(ctx, async (api) => {
    if (!ref.name) {
      throw badParameter("provide a full resource name to delete, for example:\n$ tctl rm cluster/east\n");
    }
    try {
      if (ref.kind === "workload_cluster") await api.deleteWorkloadCluster(ref.name);
      else await api.deleteResource(ref.kind, ref.name);
    } catch (err) {
      throw wrap(err, `error deleting resource ${goQuote(ref.name)} of type ${goQuote(ref.kind)}`);
    }
    // assumption: tokens are reported like the other kinds (`token "x" has been deleted`).
    ctx.out(`${kindDisplayName(ref.kind)} ${goQuote(ref.name)} has been deleted\n`);
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl list-kinds (fact: B5 last bullet)

/**
 * assumption: the stand-in lists only the kinds it implements; descriptions other than
 * workload_cluster's are the stand-in's own, and the text table's columns are assumed.
 */
export function runListKinds(ctx: Context): void {
  const kinds = [
    {
      kind: "role",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: false,
      description: "A set of permissions granted to users and bots",
    },
    {
      kind: "token",
      supported_commands: ["get", "create", "rm"],
      singleton: false,
      mfa_required: false,
      description: "A provision token used to join agents and bots",
    },
    {
      kind: "user",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: true,
      description: "A Teleport user",
    },
    {
      kind: "workload_cluster",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: true,
      description: "A workload cluster managed by Teleport",
    },
  ];
  const format = ctx.cli.str("format");
  if (format === "json") ctx.out(writeJsonArray(kinds));
  else if (format === "yaml") ctx.out(writeYamlList(kinds));
  else {
    ctx.out(
      asciiTable(
        ["Kind", "Supported Commands", "Singleton", "MFA Required", "Description"],
        kinds.map((k) => [
          k.kind,
          k.supported_commands.join(","),
          String(k.singleton),
          String(k.mfa_required),
          k.description,
        ]),
      ),
    );
  }
}
