// Teleport's verdict on one role or user document before anything is written: what its JSON decoder
// (utils.FastUnmarshal, Go semantics) and CheckAndSetDefaults would refuse (errors), and what it would
// drop silently or read differently from what is written (warnings). The top-level kind, the version's
// support, metadata.name, metadata.revision, metadata.labels and a user's spec.roles are checked by
// access-document.ts and user.ts, and not here.
import { entry, type Finding, type TMap } from "./node.js";
import { roleDocument } from "./role-schema.js";
import type { CheckContext } from "./types.js";
import { userDocument } from "./user-schema.js";
import { checkValue } from "./walk.js";

/** The role versions whose version-specific rules the table knows (B40). */
const ROLE_VERSIONS = ["v3", "v4", "v5", "v6", "v7", "v8"];

export function checkAccessDocument(kind: "role" | "user", root: TMap): Finding[] {
  const findings: Finding[] = [];
  const version = entry(root, "version")?.value;
  const known =
    version?.type === "scalar" && typeof version.value === "string" && ROLE_VERSIONS.includes(version.value);
  const ctx: CheckContext = {
    version: kind === "role" && known ? (version.value as string) : undefined,
    error: (offset, field, message) => findings.push({ offset, field, message, severity: "error" }),
    warn: (offset, field, message) => findings.push({ offset, field, message, severity: "warning" }),
  };
  checkValue(kind === "role" ? roleDocument : userDocument, root, "", ctx);
  return findings;
}
