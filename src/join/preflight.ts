// Before anything is written on the parent: can the identity this run joins with match the cluster's IAM
// allow rules? A workload cluster's configuration can never change after creation, so creating one that
// nothing can join would leave a child no automation can reach.
// fact: B31 (rules ORed, fields ANDed, account exact, ARN anchored glob; the
// compared ARN is the assumed-role form).
import type { AwsCaller } from "../aws/credentials.js";
import type { StageError } from "../core/outcome.js";
import { allowRuleMatches } from "../manifests/aws-arn.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";

export interface PreflightStage {
  /** The caller the check was made for. */
  caller: AwsCaller;
  error?: StageError;
}

function describeRule(rule: { aws_account?: string; aws_arn?: string }): string {
  const parts = [
    rule.aws_account ? `aws_account "${rule.aws_account}"` : undefined,
    rule.aws_arn ? `aws_arn "${rule.aws_arn}"` : undefined,
  ].filter(Boolean);
  return parts.join(", ") || "(empty rule)";
}

export function checkJoinMatch(
  declared: DeclaredWorkloadCluster,
  caller: AwsCaller,
  viaRole: boolean,
): PreflightStage {
  const rules = declared.spec.token?.allow ?? [];
  if (rules.some((rule) => allowRuleMatches(rule, caller))) return { caller };
  const session = caller.arn.split("/").at(-1);
  const fixIdentity = viaRole
    ? `or change role-to-assume / role-session-name (the session name "${session}" is the ARN's last part) so the ARN matches`
    : "or run with credentials whose ARN matches (e.g. role-to-assume)";
  return {
    caller,
    error: {
      kind: "JoinMismatch",
      message: `${declared.name} (${declared.file}:${declared.line}): the ARN this run joins with, ${caller.arn} (account ${caller.account}), matches none of the join token's allow rules: ${rules.map(describeRule).join("; ")}. Nothing was created: a workload cluster's configuration cannot be changed after creation, so its child could never be joined.`,
      advice: `Add an allow rule that matches it, for example aws_account "${caller.account}" with aws_arn "${caller.arn.replace(/\/[^/]*$/, "/*")}", ${fixIdentity}.`,
    },
  };
}
