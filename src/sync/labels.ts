// The labels the action puts on what it writes, apart from the rest of ownership.ts, so that a kind's spec
// (kinds/) can use them without importing what iterates the kinds.
import type { Resource } from "../core/access.js";

export const LABEL_PREFIX = "workload-cluster-action/";
export const MANAGED_BY = `${LABEL_PREFIX}managed-by`;
export const APPLIED_HASH = `${LABEL_PREFIX}applied-hash`;
/** On a user this action created whose invite could not be issued (fact B48): the next run issues it. */
export const INVITE_PENDING = `${LABEL_PREFIX}invite-pending`;

export function labelsOf(resource: Resource | undefined): Record<string, string> {
  const labels = resource?.metadata?.labels;
  return labels && typeof labels === "object" ? labels : {};
}
