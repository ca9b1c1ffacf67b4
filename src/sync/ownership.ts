// What the action owns in a child, and how it marks it: its own label prefix on every role and user it
// writes, never `teleport.dev/origin` (a closed list Teleport enforces: fact B58).
// The applied hash is a digest of the declared document as the action last wrote it, so "unchanged" is a
// comparison with the repository, immune to server defaults that Teleport adds on read (fact B41).
import { createHash } from "node:crypto";
import type { AccessRef, Resource } from "../core/access.js";
import { canonicalJson } from "../util/canonical-json.js";
import { accessKind } from "./kinds/index.js";
import { APPLIED_HASH, LABEL_PREFIX, labelsOf, MANAGED_BY } from "./labels.js";

export { APPLIED_HASH, LABEL_PREFIX, labelsOf, MANAGED_BY } from "./labels.js";

export type Ownership =
  | { owner: "us" }
  | { owner: "none" }
  | { owner: "other-repository"; repository: string }
  | { owner: "teleport"; why: string };

/** Objects Teleport or Cloud keeps for itself: presets, system objects, bots (fact B59). */
function teleportOwned(ref: AccessRef, resource: Resource, botName: string): string | undefined {
  const labels = labelsOf(resource);
  const type = labels["teleport.internal/resource-type"];
  if (type === "preset" || type === "system") return `a ${type} ${ref.kind} of Teleport`;
  if (labels["teleport.internal/bot"] !== undefined) return "a bot's user";
  if (ref.name.startsWith("@")) return "a Teleport system object";
  if (ref.name.startsWith("bot-")) return "a bot's role or user";
  if (accessKind(ref.kind)?.botObject?.(botName) === ref.name) {
    return "the child's seeded bot, which this action joins as";
  }
  return undefined;
}

export function ownershipOf(ref: AccessRef, live: Resource, repository: string, botName: string): Ownership {
  const teleport = teleportOwned(ref, live, botName);
  if (teleport) return { owner: "teleport", why: teleport };
  const by = labelsOf(live)[MANAGED_BY];
  if (by === undefined) return { owner: "none" };
  return by === repository ? { owner: "us" } : { owner: "other-repository", repository: by };
}

/** The declared document without our own labels, as hashed. */
function withoutOurLabels(resource: Resource): Resource {
  const labels = Object.fromEntries(
    Object.entries(labelsOf(resource)).filter(([k]) => !k.startsWith(LABEL_PREFIX)),
  );
  const { revision: _revision, ...metadata } = resource.metadata ?? {};
  return { ...resource, metadata: { ...metadata, ...(Object.keys(labels).length ? { labels } : {}) } };
}

export function appliedHash(declared: Resource): string {
  return createHash("sha256")
    .update(canonicalJson(withoutOurLabels(declared)))
    .digest("hex")
    .slice(0, 32);
}

/** The document the action writes: the declared one with our labels (and, for users, the live status). */
export function documentToWrite(
  declared: Resource,
  repository: string,
  extra: { status?: Record<string, unknown>; labels?: Record<string, string> } = {},
): Resource {
  const metadata = { ...(declared.metadata ?? {}) };
  delete metadata.revision;
  metadata.labels = {
    ...labelsOf(declared),
    ...extra.labels,
    [MANAGED_BY]: repository,
    [APPLIED_HASH]: appliedHash(declared),
  };
  return { ...declared, metadata, ...(extra.status ? { status: extra.status } : {}) };
}
