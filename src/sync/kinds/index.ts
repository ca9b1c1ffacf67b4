// The access kinds the action syncs, in write order (a kind's references are written before it); removal
// goes the other way. Adding a kind is its spec file and one line here.
import type { AccessKind } from "../../core/access.js";
import { roleSpec } from "./role.js";
import type { AccessKindSpec } from "./spec.js";
import { userSpec } from "./user.js";

const registry: AccessKindSpec[] = [roleSpec, userSpec];

export function accessKinds(): readonly AccessKindSpec[] {
  return registry;
}

export function accessKind(kind: AccessKind): AccessKindSpec | undefined {
  return registry.find((k) => k.kind === kind);
}

/**
 * Adds a kind after the others, for a spec kept outside this list (a test's kind); returns its removal.
 * A kind is registered once: a second spec of the same kind is refused.
 */
export function registerAccessKind(spec: AccessKindSpec): () => void {
  if (accessKind(spec.kind)) throw new Error(`access kind ${spec.kind} is registered already`);
  registry.push(spec);
  return () => {
    const at = registry.indexOf(spec);
    if (at >= 0) registry.splice(at, 1);
  };
}
