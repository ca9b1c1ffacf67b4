// What a plan would change, as the approved-plan guard hashes it. Anything volatile (states, domains, live
// values, notes) is left out: the same repository and child give the same change set, so a fresh plan at
// apply time hashes like the approved one.
import type { PlanSalt } from "../../github/guard.js";
import type { PlanFile } from "../plan-file.js";

type GitHubLib = typeof import("../../github/index.js");

export function changeSetOf(file: PlanFile): unknown {
  return {
    clusters: file.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => ({ name: i.name, action: i.action }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    access: Object.fromEntries(
      Object.entries(file.access).map(([cluster, a]) => [
        cluster,
        a.items
          .filter((i) => i.action !== "unchanged")
          .map((i) => ({
            object: `${i.kind}/${i.name}`,
            action: i.action,
            fields: (i.changes ?? []).map((c) => ({ path: c.path, declared: c.declared })),
          })),
      ]),
    ),
  };
}

/** The change set of one cluster: what a matrix leg compares with the approved plan. */
function clusterChangeSet(file: PlanFile, name: string): unknown {
  return changeSetOf({
    ...file,
    items: file.items.filter((i) => i.name === name),
    access: file.access[name] ? { [name]: file.access[name] } : {},
  });
}

/** Per-cluster hashes (shortened: they only tell clusters apart), so a leg of a sharded apply checks its own. */
export function clusterHashes(lib: GitHubLib, file: PlanFile, salt: PlanSalt): Record<string, string> {
  return Object.fromEntries(
    file.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => [i.name, lib.planHash(clusterChangeSet(file, i.name), salt).slice(0, 16)]),
  );
}
