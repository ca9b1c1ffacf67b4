// The `role` kind. Roles are written first, so that the users that name them are accepted (fact B45), and
// removed last. A role is owned whole: every field of it but the revision counts as ours.
import { protectedNameProblem } from "../../manifests/protected-names.js";
import { roleKind } from "../../manifests/role.js";
import type { AccessKindSpec } from "./spec.js";

export const roleSpec: AccessKindSpec = {
  kind: "role",
  plural: "roles",
  manifest: roleKind,
  protectedName: (name, botName) => protectedNameProblem("role", name, botName),
  botObject: (botName) => botName,
  ownedFields: (live, metadata) => ({ ...live, metadata }),
};
