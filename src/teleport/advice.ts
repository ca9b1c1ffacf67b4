// What a user should do about a parent-cluster error, in words that name the fix rather than the code.
// fact: B15 (entitlement text, only-users refusal, RBAC verbs per call,
// admin-action MFA on mutations), "Aliases" (a tctl without workload_cluster support) (B16); the
// guide's RBAC step for workload_cluster.
import { TeleportApiError } from "../core/errors.js";

export type ParentOperation = "get" | "list" | "create" | "delete";

/** fact: B15, RBAC on kind workload_cluster: read (get), read+list (list), create, delete. */
export const VERBS_NEEDED: Record<ParentOperation, string[]> = {
  get: ["read"],
  list: ["read", "list"],
  create: ["create"],
  delete: ["delete"],
};

/** A role for the parent cluster that grants every verb the action uses on workload clusters. */
export const WORKLOAD_CLUSTER_ROLE_YAML = [
  "kind: role",
  "version: v7",
  "metadata:",
  "  name: workload-cluster-admin",
  "spec:",
  "  allow:",
  "    rules:",
  "      - resources: [workload_cluster]",
  "        verbs: [list, read, create, update, delete]",
].join("\n");

export interface AdviceContext {
  operation?: ParentOperation;
  /** The transport that produced the error: only tctl can be too old for the resource. */
  transport?: "grpc" | "tctl";
  /** The installed tctl's version, named when it is too old. */
  tctlVersion?: string;
}

const ENTITLEMENT = /WorkloadClusters feature/;
const ONLY_USERS = /only available to users/;
const MFA = /\bMFA\b/;
const EXPIRED = /credentials have expired/;

export function adviceFor(error: unknown, context: AdviceContext = {}): string | undefined {
  if (!(error instanceof TeleportApiError)) return undefined;
  const text = error.message;
  if (ENTITLEMENT.test(text)) {
    return [
      "This Teleport Cloud tenant does not have the WorkloadClusters feature, so it cannot manage workload clusters.",
      "Contact Teleport support (support@goteleport.com) to have the feature enabled for the parent tenant; nothing in the repository or the role setup can change this.",
    ].join(" ");
  }
  if (ONLY_USERS.test(text)) {
    return [
      "The parent refused the identity because it is not a user: the workload clusters API only serves users and bots.",
      "Use an identity file produced by tbot for a bot (for example the action's GitHub join with a bot token) or a user's identity, not a host or service certificate.",
    ].join(" ");
  }
  if (error.kind === "AccessDenied" && MFA.test(text)) {
    return [
      "Creating and deleting workload clusters is an admin action, and the parent requires MFA for it when a person's identity is used.",
      "A workflow cannot answer an MFA prompt: use a bot identity (tbot, e.g. GitHub join with a bot token in the parent) instead of a user's identity.",
    ].join(" ");
  }
  if (error.kind === "AccessDenied" && EXPIRED.test(text)) {
    return "The identity's certificates have expired. Produce a fresh identity (run tbot) in the same job, right before this step.";
  }
  if (error.kind === "AccessDenied") {
    const verbs = context.operation ? VERBS_NEEDED[context.operation] : undefined;
    const need = verbs
      ? `${context.operation === "list" ? "Listing" : `The ${context.operation}`} needs the ${verbs.map((v) => `"${v}"`).join(" and ")} verb${verbs.length > 1 ? "s" : ""} on workload_cluster resources in the parent cluster.`
      : "The identity's roles do not allow this on workload_cluster resources in the parent cluster.";
    return [
      need,
      "Give the identity's bot or user a role like this one (create it with `tctl create -f role.yaml` in the parent, then assign it):",
      "",
      WORKLOAD_CLUSTER_ROLE_YAML,
    ].join("\n");
  }
  if (
    error.kind === "NotImplemented" &&
    (context.transport === "tctl" || /unsupported resource|tctl/.test(text))
  ) {
    return [
      `The installed tctl${context.tctlVersion ? ` (${context.tctlVersion})` : ""} is too old: it does not know the workload_cluster resource; a newer release is needed.`,
      "Install the parent cluster's own version (teleport-version: auto reads it from the proxy) or a newer release, or use parent-api: grpc.",
    ].join(" ");
  }
  if (error.kind === "NotImplemented") {
    return "The parent's Auth service does not implement the workload cluster API. Workload clusters need a Teleport Cloud tenant on a release that supports them.";
  }
  return undefined;
}
