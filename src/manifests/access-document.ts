// What the `role` and `user` kinds share: the checks the action itself needs (version, name, labels it
// owns or Teleport reserves, protected names) and the document kept as written, as a JSON value. The rest
// of a role or user is Teleport's schema, which changes between versions; Teleport checks it on write, so
// it is not re-implemented here.

import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { AccessKind as CoreAccessKind } from "../core/access.js";
import { readAsTeleport, unaddressableNameProblem } from "./access-dialect.js";
import { errorAtOffset, type ManifestError, quote, shorten } from "./errors.js";
import type { DeclaredName, KindContext, KindHandler, KindResult } from "./kind-handler.js";
import { type AccessKind, protectedNameProblem } from "./protected-names.js";
import { describe, type Entry, rootMapping, Walker } from "./yaml-walker.js";

/** A role, user or other access object declared in the repository, for one cluster. */
export interface DeclaredAccessObject {
  kind: CoreAccessKind;
  name: string;
  /** Repository-relative. */
  file: string;
  /** Of the document's `kind:` key (else its first key). */
  line: number;
  /** The document as a plain JSON value, exactly as written (YAML -> JSON: numbers stay numbers etc.), without metadata.revision. */
  resource: Record<string, unknown>;
  /** For a cluster's own document that replaces a shared one of the same kind and name. */
  overrides?: { file: string; line: number };
  /** The line of each key as written, by dotted path (`spec.allow.logins`; list items share their list's path). */
  fieldLines?: Record<string, number>;
}

/** A user's `spec.roles` entry and where it is written. */
export interface RoleReference {
  role: string;
  line: number;
  col: number;
  field: string;
}

/** What a role or user handler reads: the object, and what the loader checks across documents. */
export interface AccessRead {
  object: DeclaredAccessObject;
  /** Where `metadata.name` is written. */
  name: DeclaredName;
  /** Users only. */
  roleRefs: RoleReference[];
}

/** The action's own label prefix: it sets these itself on every object it writes. */
const ACTION_LABEL_PREFIX = "workload-cluster-action/";
const ORIGIN_LABEL = "teleport.dev/origin";
/** Prefixes Teleport keeps for labels it sets itself (B58). */
const RESERVED_LABEL_PREFIXES = ["teleport.internal/", "teleport.hidden/"] as const;
/** fact: B58: the label keys Teleport accepts (newest builds). */
const LABEL_KEY = /^[a-zA-Z/.0-9_:*-]+$/;

export interface AccessKindSpec {
  kind: AccessKind;
  /** The versions tctl decodes, in order. */
  versions: readonly string[];
  /** The problem with any other version (`""` when missing). */
  versionProblem(version: string): string;
  /** Kind-specific checks of `spec` (undefined when absent); returns a user's role references. */
  readSpec?(w: Walker, spec: YAMLMap | undefined): RoleReference[];
}

/** One syntax-clean document of the kind `rules.kind`, as the handler of that kind reads it. */
export function validateAccessDocument(
  doc: Document.Parsed,
  { file, lineCounter, text }: KindContext,
  rules: AccessKindSpec,
): KindResult<AccessRead> {
  const { kind } = rules;
  const w = new Walker(doc, file, lineCounter, `a ${kind} document`);
  const root = rootMap(w, doc);
  if (!root) return { errors: w.errors };
  const top = entries(w, root);
  const firstKey = root.items[0]?.key;
  const docLine = w.pos(top.get("kind")?.key ?? (isScalar(firstKey) ? firstKey : root)).line;

  readVersion(w, top, root, rules);

  const declaredName = readMetadata(w, top, root, kind, lineCounter);

  const specEntry = top.get("spec");
  let specMap: YAMLMap | undefined;
  if (specEntry && !specEntry.broken) {
    if (isMap(specEntry.value)) specMap = specEntry.value;
    else if (!isNull(specEntry.value)) {
      w.error(w.at(specEntry), "spec", `spec must be a mapping, found ${describe(specEntry.value)}`);
    }
  }
  const roleRefs = rules.readSpec?.(w, specMap) ?? [];

  checkJsonValues(w, root);
  if (w.errors.length > 0) return { errors: w.errors, declaredName };
  try {
    // The yaml package refuses to expand more aliases than a document could sensibly use (an alias bomb),
    // before the document is expanded again below.
    doc.toJS();
  } catch (error) {
    w.error(root.range![0], undefined, `YAML: ${shorten((error as Error).message, 300)}`);
    return { errors: w.errors, declaredName };
  }
  const reading = readAsTeleport(doc, kind, text);
  const warnings: ManifestError[] = [];
  for (const f of reading.findings) {
    if (f.severity === "warning")
      warnings.push(errorAtOffset(file, lineCounter, f.offset, f.message, f.field));
    else w.error(f.offset, f.field || undefined, f.message);
  }
  if (w.errors.length > 0 || !declaredName || !reading.resource) {
    return { errors: w.errors, declaredName, warnings };
  }
  return {
    resource: {
      object: {
        kind,
        name: declaredName.value,
        file,
        line: docLine,
        resource: reading.resource,
        fieldLines: keyLines(w, root),
      },
      name: declaredName,
      roleRefs,
    },
    errors: [],
    declaredName,
    warnings,
  };
}

/** Where each key is written, so a reviewer is pointed at the line that changed, not the document. */
function keyLines(w: Walker, root: YAMLMap): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 8) return;
    if (isSeq(node)) for (const item of node.items) walk(item, path, depth + 1);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = `${path}${path ? "." : ""}${String(pair.key.value)}`;
      out[key] ??= w.pos(pair.key).line;
      walk(pair.value, key, depth + 1);
    }
  };
  walk(root, "", 0);
  return out;
}

/** metadata: the name (checked against the names the action may not write), and what may not be set. */
function readMetadata(
  w: Walker,
  top: Map<string, Entry>,
  root: YAMLMap,
  kind: AccessKind,
  lineCounter: KindContext["lineCounter"],
): DeclaredName | undefined {
  const metadata = w.map(top, "metadata", root, "metadata", `it holds the ${kind}'s name`);
  if (!metadata) return undefined;
  const meta = entries(w, metadata);
  const name = w.string(
    meta,
    "name",
    metadata,
    "metadata.name",
    `it names the ${kind}; Teleport refuses a ${kind} without one ("missing parameter Name")`,
  );
  if (name) {
    const problem = protectedNameProblem(kind, name.value) ?? unaddressableNameProblem(kind, name.value);
    if (problem) w.error(name.offset, "metadata.name", problem);
  }
  const revision = meta.get("revision");
  if (revision) {
    w.error(
      revision.key.range![0],
      "metadata.revision",
      "metadata.revision is what tctl get prints: Teleport sets a new one on every write, so it is not " +
        "configuration; remove it from the manifest",
    );
  }
  const labels = meta.get("labels");
  if (labels) readLabels(w, labels);
  return name ? { value: name.value, ...lineCounter.linePos(name.offset) } : undefined;
}

function rootMap(w: Walker, doc: Document.Parsed): YAMLMap | undefined {
  return rootMapping(w, doc, "a role or user");
}

/** The string keys of `map`, any key allowed: the kind's schema is Teleport's to check. */
function entries(w: Walker, map: YAMLMap): Map<string, Entry> {
  const found = new Map<string, Entry>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string") continue;
    const value = w.resolve(pair.value);
    found.set(pair.key.value, {
      key: pair.key,
      value,
      ...(isAlias(pair.value) && !value ? { broken: true } : {}),
    });
  }
  return found;
}

function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function readVersion(w: Walker, top: Map<string, Entry>, root: YAMLMap, spec: AccessKindSpec): void {
  const entry = top.get("version");
  if (entry?.broken) return;
  const value = entry?.value ?? null;
  if (!entry || isNull(value) || (isScalar(value) && value.value === "")) {
    w.error(entry ? w.at(entry) : root.range![0], "version", spec.versionProblem(""));
    return;
  }
  if (!isScalar(value) || typeof value.value !== "string") {
    const example = spec.versions.at(-1)!;
    w.error(
      w.at(entry),
      "version",
      `version must be a string such as "${example}", found ${describe(value)}; ${spec.versionProblem("")}`,
    );
    return;
  }
  if (!spec.versions.includes(value.value)) w.error(w.at(entry), "version", spec.versionProblem(value.value));
}

function readLabels(w: Walker, entry: Entry): void {
  if (entry.broken || isNull(entry.value)) return;
  const labels = entry.value;
  if (!isMap(labels)) {
    w.error(
      w.at(entry),
      "metadata.labels",
      `metadata.labels must be a mapping of label keys to string values, found ${describe(labels)}`,
    );
    return;
  }
  for (const pair of labels.items) {
    const key = w.resolve(pair.key);
    // A number or boolean key is a string key to Teleport (sigs.k8s.io/yaml converts it); one whose text
    // YAML 1.1 rewrites is reported with the document's other YAML 1.1 problems.
    const text = isScalar(key) && key.value !== null ? (key.source ?? String(key.value)) : undefined;
    if (
      !isScalar(key) ||
      text === undefined ||
      (typeof key.value !== "string" && typeof key.value !== "number" && typeof key.value !== "boolean")
    ) {
      w.error(
        key?.range?.[0] ?? labels.range![0],
        "metadata.labels",
        `label keys must be strings, found ${describe(key)}`,
      );
      continue;
    }
    const field = `metadata.labels.${shorten(text)}`;
    const problem = labelKeyProblem(text);
    if (problem) w.error(key.range![0], field, problem);
    const value = w.resolve(pair.value);
    if (isAlias(pair.value) && !value) continue;
    if (!isScalar(value) || typeof value.value !== "string") {
      // An empty value has no text of its own to point at: its key has.
      const offset = isNull(value) ? key.range![0] : (value?.range?.[0] ?? key.range![0]);
      const advice = isScalar(value)
        ? value.value === null
          ? ' (write "" for an empty value)'
          : " (quote it to make it a string)"
        : "";
      w.error(
        offset,
        field,
        `label ${quote(text)} must have a string value, found ${describe(value)}${advice}`,
      );
    }
  }
}

/** Why a declared label key cannot be written, or undefined. */
function labelKeyProblem(key: string): string | undefined {
  if (key === ORIGIN_LABEL) {
    return (
      `label ${quote(key)} is not allowed: Teleport accepts only its own closed list of origins, and other ` +
      `tools (the Kubernetes operator, Okta, SCIM) treat objects with theirs as their own; the action marks ` +
      `what it owns with its own ${ACTION_LABEL_PREFIX} labels instead; remove this one`
    );
  }
  const reserved = RESERVED_LABEL_PREFIXES.find((p) => key.startsWith(p));
  if (reserved) {
    return `label ${quote(key)} is reserved: Teleport sets labels under ${reserved} itself; remove it`;
  }
  if (key.startsWith(ACTION_LABEL_PREFIX)) {
    return (
      `label ${quote(key)} uses the action's own prefix ${ACTION_LABEL_PREFIX}, whose labels it sets itself ` +
      `on every role and user it writes; remove it`
    );
  }
  if (!LABEL_KEY.test(key)) {
    // Teleport's text first (B58), then what it allows.
    return `invalid label key: ${quote(key)}; label keys may hold only letters, digits and / . _ : * -`;
  }
  return undefined;
}

/**
 * Values YAML can write but JSON (and so Teleport, which reads YAML as JSON) cannot: keys that are
 * mappings or lists, and infinite or not-a-number floats. Aliases are checked where their anchor is.
 */
function checkJsonValues(w: Walker, node: Node | null, path = ""): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (isMap(key) || isSeq(key)) {
        w.error(key.range![0], path || undefined, `keys must be strings, found ${describe(key)}`);
        continue;
      }
      const name = isScalar(key) ? String(key.value) : "";
      if (!isAlias(pair.value))
        checkJsonValues(w, pair.value as Node | null, path ? `${path}.${shorten(name)}` : name);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (!isAlias(item)) checkJsonValues(w, item as Node | null, `${path}[${i}]`);
    });
  } else if (isScalar(node) && typeof node.value === "number" && !Number.isFinite(node.value)) {
    w.error(
      node.range![0],
      path || undefined,
      `${shorten(node.source ?? String(node.value))} is not a number JSON can hold, and Teleport reads ` +
        "manifests as JSON; quote it if it is meant as text",
    );
  }
}

/** Reads a document whose kind is missing or neither role nor user, and says so. */
export const accessFallbackKind: KindHandler<AccessRead> = {
  kind: "",
  validate(doc, { file, lineCounter }) {
    const w = new Walker(doc, file, lineCounter, "a role or user document");
    const root = rootMap(w, doc);
    if (!root) return { errors: w.errors };
    const entry = entries(w, root).get("kind");
    const hint = 'write "kind: role" or "kind: user"';
    if (!entry) w.missing(root, "kind", hint);
    else if (!entry.broken) {
      const value = entry.value;
      if (!isScalar(value) || typeof value.value !== "string" || value.value === "") {
        w.error(w.at(entry), "kind", `kind must be "role" or "user", found ${describe(value)}`);
      } else {
        const found = value.value;
        const lower = found.toLowerCase();
        const advice =
          lower === "role" || lower === "user"
            ? ` (kinds are lowercase: write "kind: ${lower}")`
            : found === "workload_cluster"
              ? "; workload_cluster documents belong in the workload-clusters files"
              : "; the access folder holds only role and user documents";
        w.error(w.at(entry), "kind", `kind must be "role" or "user", found ${quote(found)}${advice}`);
      }
    }
    return { errors: w.errors };
  },
  duplicate: () => "",
};
