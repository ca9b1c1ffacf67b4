// A role or user document as Teleport will read it (facts B70, B71, B72, B61, B73, B62, B64, B65, B8): its values under YAML 1.1 as tctl reads
// them, the problems Teleport's decoder and checks would refuse it for, and the fields Teleport would drop.
// The JSON value kept for the write is this reading, so that `disconnect_expired_cert: no` is written as the
// boolean Teleport sees, and a label `env: no`, which Teleport refuses, never gets that far.
import type { Document } from "yaml";
import { unaddressableName } from "../core/refs.js";
import { checkAccessDocument } from "./dialect/check.js";
import {
  entry,
  type Finding,
  isYaml11Surprise,
  type JsonValue,
  type TMap,
  type TNode,
  toJson,
  yaml11Reading,
} from "./dialect/node.js";
import { teleportDocument } from "./dialect/yaml11.js";
import { quote } from "./errors.js";
import type { AccessKind } from "./protected-names.js";

export interface TeleportReading {
  /** The document as Teleport's decoders receive it; unset when it is not a mapping. */
  resource?: Record<string, JsonValue>;
  findings: Finding[];
}

/** Reads one syntax-clean role or user document the way Teleport will. */
export function readAsTeleport(doc: Document.Parsed, kind: AccessKind, text?: string): TeleportReading {
  const { root, findings } = teleportDocument(doc, text);
  if (root?.type !== "map") return { findings };
  findings.push(...declaredStringFindings(kind, root), ...checkAccessDocument(kind, root));
  return { resource: toJson(root) as Record<string, JsonValue>, findings };
}

/** The message for a plain scalar that YAML 1.1 reads as something else where Teleport wants a string. */
function yaml11Message(field: string, node: TNode): string {
  const reading = node.type === "scalar" ? yaml11Reading(node) : "no string";
  const source = node.type === "scalar" ? node.source : "";
  return (
    `${field}: YAML 1.1, which Teleport reads, makes ${JSON.stringify(source)} ${reading}, and Teleport ` +
    `refuses the document because this field is a string; quote it ("${source}")`
  );
}

/**
 * The strings the action itself reads from a document (its name, its labels, a user's roles) that YAML 1.2
 * and YAML 1.1 read differently. The other mismatches of these fields are reported where they are read.
 */
function declaredStringFindings(kind: AccessKind, root: TMap): Finding[] {
  const found: Finding[] = [];
  const check = (node: TNode | undefined, field: string) => {
    if (node && isYaml11Surprise(node)) {
      found.push({ offset: node.offset, field, message: yaml11Message(field, node), severity: "error" });
    }
  };
  const metadata = entry(root, "metadata")?.value;
  if (metadata?.type === "map") {
    check(entry(metadata, "name")?.value, "metadata.name");
    const labels = entry(metadata, "labels")?.value;
    if (labels?.type === "map") {
      for (const label of labels.entries) {
        check(label.value, `metadata.labels.${label.key}`);
      }
    }
  }
  const roles = kind === "user" ? specEntry(root, "roles") : undefined;
  if (roles?.type === "seq") {
    roles.items.forEach((item, i) => {
      check(item, `spec.roles[${i}]`);
    });
  }
  return found;
}

function specEntry(root: TMap, key: string): TNode | undefined {
  const spec = entry(root, "spec")?.value;
  return spec?.type === "map" ? entry(spec, key)?.value : undefined;
}

/** Why the action refuses a declared name tctl cannot address (B8), or undefined. */
export function unaddressableNameProblem(kind: AccessKind, name: string): string | undefined {
  const problem = unaddressableName(name);
  if (!problem || name === "") return undefined;
  return (
    `${kind} ${quote(name)} cannot be addressed by tctl: ${problem} (tctl rm ${kind}/${name} would even ` +
    `act on another ${kind}). Teleport accepts the name, but the action refuses it (its own rule), because ` +
    "it could neither read, compare nor remove it by name; rename it"
  );
}
