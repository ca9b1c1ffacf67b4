// Teleport's role (RoleV6, versions v3..v8) as a field-type table. Field names and Go types from
// api/proto/teleport/legacy/types/types.proto (messages RoleV6, RoleSpecV6, RoleConditions, Rule,
// KubernetesResource, ImpersonateConditions, DatabasePermission, SPIFFERoleCondition,
// IdentityCenterAccountAssignment, GitHubPermission, SessionRequirePolicy, SessionJoinPolicy); fields
// added since (mcp, linux_desktop_*, beam_labels, app_resources*) from the newest operator CRDs
// (examples/chart/.../resources.teleport.dev_rolesv8.yaml, _rolesv9.yaml); delegation_profile_labels
// from the newest RoleConditions Go field (its JSON name inferred). The decoder ignores the version, so
// every version shares the table; version rules are checks.
import { metadata } from "./common-schema.js";
import { expressionShape } from "./expressions.js";
import { kubeResourceChecks, kubeWildcardGroupNote, requestKubeChecks } from "./kube-rules.js";
import { requestConditions, reviewConditions, roleOptions } from "./role-options.js";
import {
  allowWildcards,
  appResourcesChecks,
  dbPermissionChecks,
  impersonateChecks,
  ruleChecks,
  type Side,
  spiffeChecks,
} from "./role-rules.js";
import {
  bool,
  type FieldType,
  ignored,
  int,
  labels,
  list,
  object,
  skip,
  string,
  strings,
  withChecks,
} from "./types.js";

/** Each `*_labels` selector with its `*_labels_expression` (a predicate string Teleport parses later). */
function selectors(...names: string[]): Record<string, FieldType> {
  return Object.fromEntries(
    names.flatMap((n) => [
      [`${n}_labels`, labels()],
      [`${n}_labels_expression`, string(expressionShape("label expression"))],
    ]),
  );
}

const appResource = object("AppResource", {
  allow_all: bool(),
  allow_code: string(),
  allow_encoded: strings(),
  allow_reason: string(),
  deny_code_hint: string(),
  deny_reason_hint: string(),
  methods: strings(),
  paths: strings(),
  where: string(),
});

function conditions(side: Side): FieldType {
  const fields: Record<string, FieldType> = {
    ...selectors("node", "app", "cluster", "kubernetes", "db", "db_service", "windows_desktop", "group"),
    ...selectors("workload_identity", "linux_desktop", "beam"),
    delegation_profile_labels: labels(),
    logins: strings(),
    namespaces: ignored(),
    rules: list(
      object("Rule", {
        resources: strings(),
        verbs: strings(),
        where: string(expressionShape("'where' rule")),
        actions: strings(),
      }),
      ruleChecks(side),
    ),
    kubernetes_groups: strings(),
    kubernetes_users: strings(),
    kubernetes_resources: list(
      object("KubernetesResource", {
        kind: string(),
        namespace: string(),
        name: string(),
        verbs: strings(),
        api_group: string(),
      }),
      kubeResourceChecks,
      kubeWildcardGroupNote,
    ),
    request: requestConditions([requestKubeChecks]),
    review_requests: reviewConditions,
    impersonate: object(
      "ImpersonateConditions",
      { users: strings(), roles: strings(), where: string(expressionShape("'where' condition")) },
      impersonateChecks(side),
    ),
    db_names: strings(),
    db_users: strings(),
    db_roles: strings(),
    db_permissions: list(
      object("DatabasePermission", { permissions: strings(), match: labels() }),
      dbPermissionChecks(side),
    ),
    aws_role_arns: strings(),
    azure_identities: strings(),
    gcp_service_accounts: strings(),
    windows_desktop_logins: strings(),
    linux_desktop_logins: strings(),
    desktop_groups: strings(),
    host_groups: strings(),
    host_sudoers: strings(),
    require_session_join: list(
      object("SessionRequirePolicy", {
        name: string(),
        filter: string(),
        kinds: strings(),
        count: int("int32"),
        modes: strings(),
        on_leave: string(),
      }),
    ),
    join_sessions: list(
      object("SessionJoinPolicy", { name: string(), roles: strings(), kinds: strings(), modes: strings() }),
    ),
    spiffe: list(
      object("SPIFFERoleCondition", { path: string(), dns_sans: strings(), ip_sans: strings() }),
      spiffeChecks,
    ),
    account_assignments: list(
      object("IdentityCenterAccountAssignment", { permission_set: string(), account: string() }),
    ),
    github_permissions: list(object("GitHubPermission", { orgs: strings() })),
    mcp: object("MCPPermissions", { tools: strings() }),
    app_resources: list(appResource, appResourcesChecks(side)),
    app_resources_expressions: strings(appResourcesChecks(side)),
  };
  const type = object("RoleConditions", fields);
  return side === "allow" ? withChecks(type, allowWildcards) : type;
}

const roleSpec = object("RoleSpecV6", {
  options: roleOptions,
  allow: conditions("allow"),
  deny: conditions("deny"),
});

/** The whole role document. */
export const roleDocument = object("RoleV6", {
  kind: skip(),
  sub_kind: string(),
  version: skip(),
  metadata,
  spec: roleSpec,
});
