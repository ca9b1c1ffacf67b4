// The roles and users the repository declares for each workload cluster (README "Roles and users in the children"):
// YAML files directly in the access folder apply to every cluster, files under `<access>/<cluster>/` to
// that cluster only, and a cluster's own document replaces a shared one of the same kind and name. Like
// load.ts, nothing here talks to Teleport, so validate can run it on a fork's pull request.
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import {
  type AccessRead,
  accessFallbackKind,
  type DeclaredAccessObject,
  type RoleReference,
} from "./access-document.js";
import { type ManifestError, quote, sortErrors } from "./errors.js";
import { linksAsFiles, readFiles } from "./files.js";
import { claimName, type DeclaredName, type KindHandler, type ManifestSource } from "./kinds.js";
import { parseManifestFile } from "./load.js";
import { PRESET_ROLES } from "./protected-names.js";
import { editDistance } from "./yaml-walker.js";

export type { DeclaredAccessObject } from "./access-document.js";
export { isProtectedName, PRESET_ROLES, protectedNameProblem } from "./protected-names.js";

const DEFAULT_ACCESS_DIR = "teleport/access";

/**
 * What the loader needs of an access kind. The kinds come from the sync's registry (sync/kinds), which
 * sits above this layer, so they are passed in, in the order the loader lists each cluster's objects.
 */
export interface AccessManifestKind {
  kind: string;
  manifest: KindHandler<AccessRead>;
  /** Why the action never writes `name` (in a child whose seeded bot is `botName`), or undefined. */
  protectedName(name: string, botName?: string): string | undefined;
}

/** The access folder's files hold documents of these kinds. */
export function accessSource(kinds: readonly AccessManifestKind[]): ManifestSource<AccessRead> {
  return {
    input: "access",
    examplePattern: `${DEFAULT_ACCESS_DIR}/*.yaml`,
    kinds: kinds.map((k) => k.manifest),
    fallback: accessFallbackKind,
    // fact: B1: tctl refuses input without documents ("no resources found, empty input?").
    noDocument: `the file holds no ${kinds.map((k) => k.kind).join(" or ")} document (it is empty or only comments); add one, or remove the file`,
  };
}

export interface AccessCluster {
  name: string;
  /** The cluster's `spec.bot.name`: its seeded bot role, and the user `bot-<name>`, are never declared. */
  botName: string;
}

export interface AccessLoadResult {
  /** Every declared cluster, in the order given: by kind as the kinds are given, each by name (byte order). */
  byCluster: Map<string, DeclaredAccessObject[]>;
  /** Sorted by file, line, column. When not empty, callers must write nothing. */
  errors: ManifestError[];
  /** Users whose roles are neither declared nor presets; the child may still have them. */
  warnings: ManifestError[];
}

/** The documents of one scope: the shared folder, or one cluster's. */
interface Scope {
  /** Valid documents, by kind and name. */
  reads: Map<string, AccessRead>;
  /** Every named document, valid or not, so that a name's problems show in the same run as the others. */
  names: { kind: string; file: string; name: DeclaredName }[];
}

const key = (kind: string, name: string) => `${kind}/${name}`;

/**
 * Reads the access folder `accessDir` (relative to `cwd`) for the declared `clusters`. A missing folder
 * declares nothing: access is optional.
 */
export async function loadAccess(
  accessDir: string,
  clusters: AccessCluster[],
  { cwd, kinds }: { cwd: string; kinds: readonly AccessManifestKind[] },
): Promise<AccessLoadResult> {
  const source = accessSource(kinds);
  const protectedName = (kind: string, name: string, botName?: string) =>
    kinds.find((k) => k.kind === kind)?.protectedName(name, botName);
  const byCluster = new Map(clusters.map((c) => [c.name, [] as DeclaredAccessObject[]]));
  const errors: ManifestError[] = [];
  const warnings: ManifestError[] = [];
  // One spelling of the folder, so that the paths in messages match the repository's ("./a/" is "a").
  const dir = path.posix.normalize(accessDir.trim().replace(/\\/g, "/")).replace(/\/+$/, "");
  const dirProblem = accessDirProblem(dir);
  if (dirProblem)
    return { byCluster, errors: [{ file: "", line: 0, col: 0, message: dirProblem }], warnings };

  const listing = await listFolder(path.join(cwd, dir));
  if (listing === "missing") return { byCluster, errors, warnings };
  if (listing === "not-a-folder") {
    const message = `${dir} is a file, but it must be the folder that holds the role and user documents`;
    return { byCluster, errors: [{ file: dir, line: 0, col: 0, message }], warnings };
  }

  const shared = await readScope(
    listing.files.map((f) => `${dir}/${f}`).sort(),
    { cwd, source },
    errors,
    warnings,
  );
  const own = await readClusterFolders(dir, listing.folders, clusters, { cwd, source }, errors, warnings);

  errors.push(
    ...botNameErrors(shared, clusters, protectedName),
    ...clusters.flatMap((c) => botNameErrors(own.get(c.name), [c], protectedName)),
  );

  const missingRoles = new Map<AccessRead, { ref: RoleReference; clusters: string[] }[]>();
  for (const cluster of clusters) {
    // Shared documents first, so that the cluster's own replace them under the same key.
    const list = new Map<string, AccessRead>();
    for (const [k, read] of shared.reads) list.set(k, read);
    for (const [k, read] of own.get(cluster.name)?.reads ?? []) list.set(k, read);
    for (const [k, read] of list) {
      if (protectedName(read.object.kind, read.object.name, cluster.botName)) list.delete(k);
    }
    const objects = [...list].map(([k, read]) => {
      const replaced = shared.reads.get(k);
      return replaced && replaced !== read ? { ...read.object, overrides: at(replaced) } : read.object;
    });
    byCluster.set(cluster.name, objects.sort(byKindThenName(kinds)));
    for (const user of list.values()) {
      for (const ref of user.roleRefs) {
        if (PRESET_ROLES.includes(ref.role) || list.has(key("role", ref.role))) continue;
        const missing = missingRoles.get(user) ?? [];
        const entry = missing.find((m) => m.ref === ref);
        if (entry) entry.clusters.push(cluster.name);
        else missing.push({ ref, clusters: [cluster.name] });
        missingRoles.set(user, missing);
      }
    }
  }
  for (const [user, missing] of missingRoles) {
    for (const { ref, clusters: names } of missing) warnings.push(missingRoleWarning(user, ref, names));
  }
  return { byCluster, errors: sortErrors(errors), warnings: sortErrors(warnings) };
}

/** The scopes of the per-cluster folders; a folder that names no declared cluster is an error. */
async function readClusterFolders(
  dir: string,
  folders: string[],
  clusters: AccessCluster[],
  read: { cwd: string; source: ManifestSource<AccessRead> },
  errors: ManifestError[],
  warnings: ManifestError[],
): Promise<Map<string, Scope>> {
  const own = new Map<string, Scope>();
  for (const folder of folders) {
    if (!clusters.some((c) => c.name === folder)) {
      errors.push(unknownFolder(`${dir}/${folder}`, folder, clusters));
      continue;
    }
    const found = await glob(["**/*.{yaml,yml}"], {
      cwd: path.join(read.cwd, dir, folder),
      onlyFiles: true,
      expandDirectories: false,
      fs: linksAsFiles(),
    });
    own.set(
      folder,
      await readScope(found.map((f) => `${dir}/${folder}/${f}`).sort(), read, errors, warnings),
    );
  }
  return own;
}

function accessDirProblem(dir: string): string | undefined {
  const named = quote(dir);
  if (dir === "" || dir === ".") {
    return `the access folder ${named} must name a folder of the repository, such as "${DEFAULT_ACCESS_DIR}"`;
  }
  if (path.isAbsolute(dir) || /^[A-Za-z]:\//.test(dir)) {
    return `the access folder ${named} is absolute; give it relative to the repository root`;
  }
  if (dir.split("/").includes("..")) {
    return `the access folder ${named} leaves the repository; give it relative to its root`;
  }
  return undefined;
}

async function listFolder(
  full: string,
): Promise<"missing" | "not-a-folder" | { files: string[]; folders: string[] }> {
  const info = await stat(full).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === "ENOENT" || info.code === "ENOTDIR") return "missing";
    throw info;
  }
  if (!info.isDirectory()) return "not-a-folder";
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of await readdir(full, { withFileTypes: true })) {
    // Hidden entries (.git-style folders, editor files) are nobody's declarations.
    if (entry.name.startsWith(".")) continue;
    const type = await entryType(full, entry);
    if (type === "folder") folders.push(entry.name);
    else if (/\.ya?ml$/.test(entry.name)) files.push(entry.name);
  }
  return { files, folders: folders.sort() };
}

/** A symbolic link counts as what it points to; one that points nowhere as a file, so reading it says so. */
async function entryType(folder: string, entry: Dirent): Promise<"folder" | "file"> {
  if (entry.isDirectory()) return "folder";
  if (!entry.isSymbolicLink()) return "file";
  const target = await stat(path.join(folder, entry.name)).catch(() => undefined);
  return target?.isDirectory() ? "folder" : "file";
}

/** Reads the files of one scope; a second document of the same kind and name in it is an error. */
async function readScope(
  files: string[],
  { cwd, source }: { cwd: string; source: ManifestSource<AccessRead> },
  errors: ManifestError[],
  warnings: ManifestError[],
): Promise<Scope> {
  const scope: Scope = { reads: new Map(), names: [] };
  const first = new Map<string, string>();
  const read = await readFiles(files, cwd);
  errors.push(...read.errors);
  for (const { file, text } of read.files) {
    for (const result of parseManifestFile(file, text, { allowAccountWideJoin: false }, source)) {
      errors.push(...result.errors);
      warnings.push(...(result.warnings ?? []));
      const declared = result.declaredName;
      if (!declared || !result.handler || !claimName(first, result, file, errors)) continue;
      const k = key(result.handler.kind, declared.value);
      scope.names.push({ kind: result.handler.kind, file, name: declared });
      if (result.resource) scope.reads.set(k, result.resource);
    }
  }
  return scope;
}

function at(read: AccessRead): { file: string; line: number } {
  return { file: read.object.file, line: read.object.line };
}

/**
 * Each scope's roles named like the seeded bot role of a cluster they apply to (B32). Names protected in
 * every cluster, the bot's `bot-<name>` user among them, are the handlers' errors already.
 */
function botNameErrors(
  scope: Scope | undefined,
  clusters: AccessCluster[],
  protectedName: (kind: string, name: string, botName?: string) => string | undefined,
): ManifestError[] {
  const errors: ManifestError[] = [];
  for (const { kind, file, name: declared } of scope?.names ?? []) {
    const name = declared.value;
    if (protectedName(kind, name)) continue;
    const hit = clusters.filter((c) => protectedName(kind, name, c.botName));
    if (hit.length === 0) continue;
    const which = hit.map((c) => quote(c.name)).join(", ");
    errors.push({
      file,
      line: declared.line,
      col: declared.col,
      field: "metadata.name",
      message:
        `${kind} ${quote(name)} is the seeded bot role of workload cluster${hit.length > 1 ? "s" : ""} ` +
        `${which} (spec.bot.name), which the action signs in with and never changes; give your role ` +
        "another name",
    });
  }
  return errors;
}

function byKindThenName(kinds: readonly AccessManifestKind[]) {
  const order = (kind: string) => kinds.findIndex((k) => k.kind === kind);
  return (a: DeclaredAccessObject, b: DeclaredAccessObject): number => {
    if (a.kind !== b.kind) return order(a.kind) - order(b.kind);
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
}

function unknownFolder(folderPath: string, folder: string, clusters: AccessCluster[]): ManifestError {
  let nearest: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const { name } of clusters) {
    // A folder name can be long; the distance is only worth computing for names of similar length.
    if (Math.abs(name.length - folder.length) >= best) continue;
    const d = editDistance(folder, name);
    if (d < best) [nearest, best] = [name, d];
  }
  const hint = nearest
    ? `did you mean ${JSON.stringify(nearest)}?`
    : "no workload cluster is declared, so only the files directly in the access folder can apply";
  return {
    file: folderPath,
    line: 0,
    col: 0,
    message:
      `folder ${quote(folder)} names no declared workload cluster; ${hint} Files directly in the access ` +
      "folder apply to every cluster, and files in <access folder>/<cluster name>/ to that cluster only",
  };
}

function missingRoleWarning(user: AccessRead, ref: RoleReference, clusters: string[]): ManifestError {
  const names = clusters.map((c) => JSON.stringify(c)).join(", ");
  const where = clusters.length === 1 ? `workload cluster ${names}` : `workload clusters ${names}`;
  return {
    file: user.object.file,
    line: ref.line,
    col: ref.col,
    field: ref.field,
    message:
      `user ${quote(user.object.name)} has role ${quote(ref.role)}, which is neither declared for ${where} ` +
      "nor a preset role of Teleport; Teleport refuses the user unless the cluster already has that role",
  };
}
