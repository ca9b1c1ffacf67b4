// The `user` kind: checked only for what the action needs before writing it with tctl (access-document.ts),
// plus the role names it references, which the loader compares with the roles declared for each cluster.
import { isAlias, isScalar, isSeq, type YAMLMap } from "yaml";
import { type AccessRead, type RoleReference, validateAccessDocument } from "./access-document.js";
import { quote } from "./errors.js";
import type { KindHandler } from "./kind-handler.js";
import { describe, type Walker } from "./yaml-walker.js";

export const KIND_USER = "user";
const USER_VERSION = "v2";

/** The registry's handler (kinds.ts) for `user` documents. */
export const userKind: KindHandler<AccessRead> = {
  kind: KIND_USER,
  validate: (doc, ctx) =>
    validateAccessDocument(doc, ctx, {
      kind: KIND_USER,
      versions: [USER_VERSION],
      versionProblem: (version) =>
        `user version ${JSON.stringify(version)} is not supported; users have only version ${USER_VERSION}`,
      readSpec: readRoles,
    }),
  duplicate: (name, first) =>
    `user ${quote(name)} is already declared at ${first} for the same clusters; each user is written once, ` +
    "so keep one of the two documents",
};

/** `spec.roles`: role names, as Teleport looks each one up when the user is written (B45). */
function readRoles(w: Walker, spec: YAMLMap | undefined): RoleReference[] {
  const pair = spec?.items.find((p) => isScalar(p.key) && p.key.value === "roles");
  if (!pair) return [];
  const roles = w.resolve(pair.value);
  if (isAlias(pair.value) && !roles) return [];
  if (isScalar(roles) && roles.value === null) return [];
  if (!isSeq(roles)) {
    const offset = roles?.range?.[0] ?? (pair.key as { range: [number] }).range[0];
    w.error(offset, "spec.roles", `spec.roles must be a list of role names, found ${describe(roles)}`);
    return [];
  }
  const refs: RoleReference[] = [];
  roles.items.forEach((item, i) => {
    const field = `spec.roles[${i}]`;
    const node = w.resolve(item);
    if (isAlias(item) && !node) return;
    const offset = (isAlias(item) ? item.range?.[0] : node?.range?.[0]) ?? roles.range![0];
    if (!isScalar(node) || typeof node.value !== "string") {
      const advice = isScalar(node) && node.value !== null ? " (quote it to make it a string)" : "";
      w.error(offset, field, `${field} must be a role name (a string), found ${describe(node)}${advice}`);
      return;
    }
    if (node.value.trim() === "") {
      w.error(offset, field, `${field} is empty; give the name of a role`);
      return;
    }
    // An alias is reported where it is written, not at its anchor.
    refs.push({ role: node.value, field, ...w.pos(isAlias(item) ? item : node) });
  });
  return refs;
}
