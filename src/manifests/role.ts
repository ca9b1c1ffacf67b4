// The `role` kind: checked only for what the action needs before writing it with tctl (access-document.ts);
// the rest of the role is Teleport's schema, checked by Teleport on write.
import { type AccessRead, validateAccessDocument } from "./access-document.js";
import { quote } from "./errors.js";
import type { KindHandler } from "./kind-handler.js";

export const KIND_ROLE = "role";

/** fact: B40: the versions tctl decodes; anything else fails in tctl before reaching the cluster. */
const ROLE_VERSIONS = ["v3", "v4", "v5", "v6", "v7", "v8"] as const;

/** The registry's handler (kinds.ts) for `role` documents. */
export const roleKind: KindHandler<AccessRead> = {
  kind: KIND_ROLE,
  validate: (doc, ctx) =>
    validateAccessDocument(doc, ctx, {
      kind: KIND_ROLE,
      versions: ROLE_VERSIONS,
      // Teleport's own text (B40), then what it accepts.
      versionProblem: (version) =>
        `role version ${JSON.stringify(version)} is not supported; tctl accepts ${ROLE_VERSIONS.join(", ")}`,
    }),
  duplicate: (name, first) =>
    `role ${quote(name)} is already declared at ${first} for the same clusters; each role is written once, ` +
    "so keep one of the two documents",
};
