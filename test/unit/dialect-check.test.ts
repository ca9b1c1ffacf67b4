// Teleport's verdict on role and user documents (src/manifests/dialect/check.ts): for each rule a document
// Teleport accepts and one it refuses, read through the YAML 1.1 reader Teleport's tctl uses.
import { describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import { checkAccessDocument } from "../../src/manifests/dialect/check.js";
import type { Finding } from "../../src/manifests/dialect/node.js";
import { teleportDocument } from "../../src/manifests/dialect/yaml11.js";

function findings(kind: "role" | "user", text: string): Finding[] {
  const { root } = teleportDocument(parseDocument(text));
  if (root?.type !== "map") throw new Error("test document is not a mapping");
  return checkAccessDocument(kind, root);
}

/** A role whose spec is written in YAML flow style on one line. */
const role = (spec: string, version = "v7") =>
  `kind: role\nversion: ${version}\nmetadata: {name: r}\nspec: ${spec}\n`;
const user = (spec: string, extra = "") =>
  `kind: user\nversion: v2\nmetadata: {name: u}\nspec: ${spec}\n${extra}`;

const errors = (list: Finding[]) => list.filter((f) => f.severity === "error");
const warnings = (list: Finding[]) => list.filter((f) => f.severity === "warning");

describe("field types, as Go's JSON decoder fills them", () => {
  test.each([
    ["logins as a list", "{allow: {logins: [root, ubuntu]}}"],
    ["a quoted no login", `{allow: {logins: ["no"]}}`],
    ["null logins", "{allow: {logins: null}}"],
    ["a label selector with one value", "{allow: {node_labels: {env: prod}}}"],
    ["a label selector with a list", "{allow: {node_labels: {env: [prod, staging]}}}"],
    ["a boolean option written no", "{options: {disconnect_expired_cert: no, forward_agent: yes}}"],
    ["a BoolOption written as a quoted word", `{options: {ssh_file_copy: "false"}}`],
    ["an integer option", "{options: {max_connections: 3, max_sessions: 10}}"],
    ["require_session_mfa as a boolean", "{options: {require_session_mfa: true}}"],
    ["require_session_mfa as a policy", "{options: {require_session_mfa: hardware_key_touch}}"],
    ["require_session_mfa as a number", "{options: {require_session_mfa: 2}}"],
    ["create_host_user_mode keep", "{options: {create_host_user_mode: keep}}"],
    ["create_host_user_mode off as the boolean false", "{options: {create_host_user_mode: off}}"],
    ["create_db_user_mode best_effort_drop", "{options: {create_db_user_mode: best_effort_drop}}"],
    [
      "cert_extensions by name",
      "{options: {cert_extensions: [{type: ssh, mode: extension, name: login@github.com, value: x}]}}",
    ],
    ["a description and an expiry", ""],
  ])("accepts %s", (_name, spec) => {
    const text =
      spec === ""
        ? `kind: role\nversion: v7\nmetadata: {name: r, description: "d", expires: "2030-01-31T12:00:00Z"}\nspec: {}\n`
        : role(spec);
    expect(errors(findings("role", text))).toEqual([]);
  });

  test.each([
    [
      "a plain no in logins",
      "{allow: {logins: [no]}}",
      "spec.allow.logins[0]",
      'makes this the boolean false; quote it ("no")',
    ],
    [
      "a plain number in db_names",
      "{allow: {db_names: [1.10]}}",
      "spec.allow.db_names[0]",
      'makes this the number 1.1; quote it ("1.10")',
    ],
    [
      "a bare windows login",
      "{allow: {windows_desktop_logins: jane}}",
      "spec.allow.windows_desktop_logins",
      'found the string "jane"; write [jane]',
    ],
    [
      "a bare kubernetes group",
      "{allow: {kubernetes_groups: devs}}",
      "spec.allow.kubernetes_groups",
      "Teleport's type is []string",
    ],
    [
      "labels as a list of mappings",
      "{allow: {app_labels: [{env: prod}]}}",
      "spec.allow.app_labels",
      "not as a list of mappings",
    ],
    [
      "a label value that is a mapping",
      "{allow: {db_labels: {env: {a: b}}}}",
      "spec.allow.db_labels.env",
      "a string or a list of strings",
    ],
    [
      "a label value that is a plain yes",
      "{allow: {node_labels: {prod: yes}}}",
      "spec.allow.node_labels.prod",
      'makes this the boolean true; quote it ("yes")',
    ],
    ["a string where a mapping goes", "{deny: ...}", "spec.deny", 'found the string "..."'],
    [
      "a Go bool given a number",
      "{options: {forward_agent: 1}}",
      "spec.options.forward_agent",
      "true or false",
    ],
    [
      "a fraction in an integer",
      "{options: {max_sessions: 1.5}}",
      "spec.options.max_sessions",
      "a whole number",
    ],
    [
      "an integer given as text",
      `{options: {max_connections: "3"}}`,
      "spec.options.max_connections",
      "a whole number",
    ],
    [
      "require_session_mfa unknown word",
      "{options: {require_session_mfa: always}}",
      "spec.options.require_session_mfa",
      "RequireMFAType invalid value always",
    ],
    [
      "require_session_mfa null",
      "{options: {require_session_mfa: null}}",
      "spec.options.require_session_mfa",
      "RequireMFAType invalid type",
    ],
    [
      "create_host_user_mode true",
      "{options: {create_host_user_mode: on}}",
      "spec.options.create_host_user_mode",
      "create_host_user_mode cannot be true",
    ],
    [
      "create_host_user_mode unknown",
      "{options: {create_host_user_mode: sometimes}}",
      "spec.options.create_host_user_mode",
      "invalid host user mode sometimes",
    ],
    [
      "create_db_user_mode drop",
      "{options: {create_db_user_mode: drop}}",
      "spec.options.create_db_user_mode",
      "invalid database user mode drop",
    ],
    [
      "a cert extension type",
      "{options: {cert_extensions: [{type: x509, mode: extension, name: a, value: b}]}}",
      "spec.options.cert_extensions[0].type",
      "invalid certificate extension type",
    ],
    ["an expiry that is a date only", "", "metadata.expires", "not an RFC 3339 time"],
    ["a description that is a number", "", "metadata.description", "makes this the number 42"],
  ])("refuses %s", (_name, spec, field, message) => {
    const text =
      spec !== ""
        ? role(spec)
        : field === "metadata.expires"
          ? `kind: role\nversion: v7\nmetadata: {name: r, expires: 2030-01-31}\nspec: {}\n`
          : `kind: role\nversion: v7\nmetadata: {name: r, description: 42}\nspec: {}\n`;
    const found = errors(findings("role", text));
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe(field);
    expect(found[0]!.message).toContain(message);
  });
});

describe("durations (api/types/duration.go)", () => {
  test.each([
    ["4d"],
    ["30h"],
    ["1h30m"],
    ["1.5h"],
    ["2mo"],
    ["never"],
    ["0"],
  ])("accepts max_session_ttl %s", (value) => {
    expect(errors(findings("role", role(`{options: {max_session_ttl: "${value}"}}`)))).toEqual([]);
  });
  test("accepts client_idle_timeout: never and request.max_duration: 4d", () => {
    const spec =
      "{options: {client_idle_timeout: never}, allow: {request: {roles: [dba], max_duration: 4d}}}";
    expect(errors(findings("role", role(spec)))).toEqual([]);
  });
  test.each([
    ["4w", "time: unknown unit"],
    ["30", "time: missing unit in duration 30"],
    ["h", "time: invalid duration h"],
    ["", "time: invalid duration"],
  ])("refuses max_session_ttl %j", (value, message) => {
    const found = errors(findings("role", role(`{options: {max_session_ttl: "${value}"}}`)));
    expect(found.map((f) => f.field)).toEqual(["spec.options.max_session_ttl"]);
    expect(found[0]!.message).toContain(message);
  });
  test("refuses a duration written as a number and a null duration", () => {
    const found = errors(
      findings("role", role("{options: {max_session_ttl: 30, client_idle_timeout: null}}")),
    );
    expect(found.map((f) => f.field)).toEqual([
      "spec.options.max_session_ttl",
      "spec.options.client_idle_timeout",
    ]);
    expect(found[0]!.message).toContain("types.Duration");
  });
});

describe("RoleV6.CheckAndSetDefaults", () => {
  test.each([
    ["logins", "{allow: {logins: ['*']}}", "spec.allow.logins", "wildcard matcher is not allowed in logins"],
    [
      "aws_role_arns",
      "{allow: {aws_role_arns: ['*']}}",
      "spec.allow.aws_role_arns",
      "wildcard matcher is not allowed in aws_role_arns",
    ],
    [
      "azure_identities",
      "{allow: {azure_identities: ['*']}}",
      "spec.allow.azure_identities",
      "not allowed in allow.azure_identities",
    ],
    [
      "gcp_service_accounts",
      "{allow: {gcp_service_accounts: ['*']}}",
      "spec.allow.gcp_service_accounts",
      "not allowed in allow.gcp_service_accounts",
    ],
    [
      "db_roles",
      "{allow: {db_roles: ['*']}}",
      "spec.allow.db_roles",
      "wildcard is not allowed in allow.database_roles",
    ],
    [
      "a *: value selector",
      "{allow: {node_labels: {'*': prod}}}",
      'spec.allow.node_labels["*"]',
      "selector *:<val> is not supported",
    ],
    [
      "a rule without verbs",
      "{allow: {rules: [{resources: [role]}]}}",
      "spec.allow.rules[0].verbs",
      "failed to process 'allow' rule 0: missing verbs",
    ],
    [
      "a rule without resources",
      "{deny: {rules: [{verbs: [read]}]}}",
      "spec.deny.rules[0].resources",
      "failed to process 'deny' rule 0: missing resources to match",
    ],
    [
      "impersonate users without roles",
      "{allow: {impersonate: {users: [jane]}}}",
      "spec.allow.impersonate.roles",
      "please set both impersonate.users and impersonate.roles",
    ],
    [
      "deny.impersonate.where",
      "{deny: {impersonate: {users: ['*'], roles: ['*'], where: 'true'}}}",
      "spec.deny.impersonate.where",
      "'where' is not supported in deny.impersonate",
    ],
    [
      "an empty db permission list",
      "{allow: {db_permissions: [{match: {'*': '*'}}]}}",
      "spec.allow.db_permissions[0].permissions",
      "database permission list cannot be empty",
    ],
    [
      "a wildcard db permission",
      "{allow: {db_permissions: [{permissions: ['*'], match: {'*': '*'}}]}}",
      "spec.allow.db_permissions[0].permissions",
      "cannot be wildcards strings",
    ],
    [
      "a db permission *: selector",
      "{deny: {db_permissions: [{permissions: [SELECT], match: {'*': x}}]}}",
      'spec.deny.db_permissions[0].match["*"]',
      "database permission: selector *:<val>",
    ],
    [
      "a SPIFFE condition without path",
      "{allow: {spiffe: [{dns_sans: [a.example.com]}]}}",
      "spec.allow.spiffe[0].path",
      "path: should be non-empty",
    ],
    [
      "a SPIFFE relative path",
      "{allow: {spiffe: [{path: svc/foo}]}}",
      "spec.allow.spiffe[0].path",
      "should start with /",
    ],
    [
      "a SPIFFE ip_san that is no CIDR",
      "{allow: {spiffe: [{path: /svc, ip_sans: [10.0.0.1]}]}}",
      "spec.allow.spiffe[0].ip_sans[0]",
      "invalid CIDR address",
    ],
    [
      "an enhanced_recording value",
      "{options: {enhanced_recording: [command, files]}}",
      "spec.options.enhanced_recording",
      "invalid value for role option enhanced_recording: files",
    ],
    [
      "a lock mode",
      "{options: {lock: always}}",
      "spec.options.lock",
      "invalid value for role option lock: always",
    ],
  ])("refuses %s", (_name, spec, field, message) => {
    const found = errors(findings("role", role(spec)));
    expect(found.map((f) => f.field)).toEqual([field]);
    expect(found[0]!.message).toContain(message);
  });

  test.each([
    ["wildcards under deny", "{deny: {logins: ['*'], db_roles: ['*'], node_labels: {'*': prod}}}"],
    ["the everything selector", "{allow: {node_labels: {'*': '*'}, app_labels: {'*': ['*']}}}"],
    [
      "a *: value selector in cluster_labels (not checked by Teleport)",
      "{allow: {cluster_labels: {'*': prod}}}",
    ],
    ["role impersonation alone", "{allow: {impersonate: {roles: [auditor]}}}"],
    [
      "a where clause Teleport only warns about",
      "{allow: {rules: [{resources: [session], verbs: [list], where: 'contains(('}]}}",
    ],
    [
      "a SPIFFE regex path and CIDRs",
      "{allow: {spiffe: [{path: '^/svc/.*$', ip_sans: [10.0.0.0/24, 'fd00::/8']}]}}",
    ],
    [
      "a wildcard db permission under deny",
      "{deny: {db_permissions: [{permissions: ['*'], match: {'*': '*'}}]}}",
    ],
    ["an options.idp below v8", "{options: {idp: {saml: {enabled: false}}}}"],
  ])("accepts %s", (_name, spec) => {
    expect(errors(findings("role", role(spec)))).toEqual([]);
  });

  test("v8 refuses options.idp (auth server validateRole)", () => {
    const found = errors(findings("role", role("{options: {idp: {saml: {enabled: true}}}}", "v8")));
    expect(found.map((f) => f.field)).toEqual(["spec.options.idp"]);
    expect(found[0]!.message).toContain("idp option is only supported in role version 7 and below");
  });

  test("app_resources are refused below v9 and under deny", () => {
    const found = errors(
      findings(
        "role",
        role(
          "{allow: {app_resources: [{allow_all: true}]}, deny: {app_resources: [{allow_all: true}]}}",
          "v8",
        ),
      ),
    );
    expect(found.map((f) => f.field)).toEqual(["spec.allow.app_resources", "spec.deny.app_resources"]);
    expect(found[1]!.message).toContain("not allowed under deny");
  });

  test("a type error stops the rule checks under it, as the decoder refuses first", () => {
    const found = errors(findings("role", role("{allow: {logins: ['*', no]}}")));
    expect(found.map((f) => f.field)).toEqual(["spec.allow.logins[1]"]);
  });

  test("an unsupported version skips version rules but still checks types", () => {
    const found = errors(
      findings("role", role("{allow: {kubernetes_resources: [{kind: deployment}], logins: jane}}", "v9")),
    );
    expect(found.map((f) => f.field)).toEqual(["spec.allow.logins"]);
  });
});

describe("kubernetes_resources per role version", () => {
  const kube = (resources: string, version: string) =>
    role(`{allow: {kubernetes_labels: {'*': '*'}, kubernetes_resources: ${resources}}}`, version);
  test.each([
    ["v5", "[{kind: pod, namespace: '*', name: '*'}]"],
    ["v6", "[{kind: pod, namespace: dev, name: '*', verbs: ['*']}]"],
    [
      "v7",
      "[{kind: deployment, namespace: dev, name: '*', verbs: [get, list]}, {kind: namespace, name: dev}]",
    ],
    ["v7", "[{kind: '*', namespace: '*', name: '*', verbs: ['*']}]"],
    ["v8", "[{kind: pods, api_group: '', namespace: '*', name: '*', verbs: [get, exec]}]"],
    ["v8", "[{kind: deployments, api_group: apps, namespace: dev, name: '*', verbs: ['*']}]"],
    ["v8", "[{kind: '*', api_group: '*', namespace: '*', name: '*', verbs: ['*']}]"],
    ["v8", "[{kind: crontabs, api_group: stable.example.com, name: '*'}]"],
    [
      "v8",
      "[{kind: clusterroles, api_group: rbac.authorization.k8s.io, name: '*', verbs: ['{{internal.kube_verbs}}']}]",
    ],
  ])("accepts in %s: %s", (version, resources) => {
    expect(errors(findings("role", kube(resources, version)))).toEqual([]);
  });

  test.each([
    [
      "v6",
      "[{kind: deployment, namespace: '*', name: '*'}]",
      "kind",
      'KubernetesResource kind "deployment" is not supported in role version "v6"',
    ],
    [
      "v5",
      "[{kind: pod, namespace: '*', name: '*', verbs: [get]}]",
      "verbs",
      'Role version "v5" only supports "*" verb',
    ],
    ["v6", "[{kind: pod, name: '*'}]", "namespace", 'KubernetesResource kind "pod" must include Namespace'],
    ["v3", "[{kind: pod, namespace: '*'}]", "name", "KubernetesResource must include Name"],
    [
      "v7",
      "[{kind: pods, namespace: '*', name: '*'}]",
      "kind",
      'KubernetesResource kind "pods" is invalid or unsupported',
    ],
    [
      "v7",
      "[{kind: pod, api_group: '', namespace: '*', name: '*', verbs: [bogus]}]",
      "verbs",
      'KubernetesResource verb "bogus" is invalid or unsupported',
    ],
    [
      "v7",
      "[{kind: deployment, api_group: apps, namespace: '*', name: '*'}]",
      "api_group",
      'API Group "apps" is not supported in role version "v7"',
    ],
    [
      "v8",
      "[{namespace: '*', name: '*'}]",
      "kind",
      'KubernetesResource kind "" is required in role version "v8"',
    ],
    ["v8", "[{kind: pod, api_group: '*', namespace: '*', name: '*'}]", "kind", "Please use plural name"],
    [
      "v8",
      "[{kind: deployments, namespace: '*', name: '*'}]",
      "api_group",
      'api_group is required for resource "deployments"',
    ],
    [
      "v8",
      "[{kind: deployments, api_group: apps, name: '*'}]",
      "namespace",
      'KubernetesResource "deployments" must include Namespace',
    ],
  ])("refuses in %s: %s", (version, resources, key, message) => {
    const found = errors(findings("role", kube(resources, version)));
    expect(found.map((f) => f.field)).toEqual([`spec.allow.kubernetes_resources[0].${key}`]);
    expect(found[0]!.message).toContain(message);
  });

  test.each([
    ["v8", "[{kind: pods}, {kind: deployments, api_group: apps}]", undefined],
    ["v7", "[{kind: namespace}, {kind: '*'}]", undefined],
    [
      "v8",
      "[{kind: deployment, api_group: apps}]",
      'request.kubernetes_resource kind "deployment" is invalid',
    ],
    [
      "v7",
      "[{kind: pods}]",
      'request.kubernetes_resource kind "pods" is invalid or unsupported in role version "v7"',
    ],
    [
      "v6",
      "[{kind: secret}]",
      'request.kubernetes_resources kind "secret" is not supported in role version "v6"',
    ],
    ["v6", "[{kind: pod, api_group: apps}]", "api_group is not supported"],
  ])("request.kubernetes_resources in %s: %s", (version, resources, message) => {
    const found = errors(
      findings(
        "role",
        role(`{allow: {request: {search_as_roles: [k], kubernetes_resources: ${resources}}}}`, version),
      ),
    );
    if (message === undefined) expect(found).toEqual([]);
    else expect(found[0]!.message).toContain(message);
  });
});

describe("fields Teleport drops or reads differently (warnings)", () => {
  test.each([
    [
      "database_users",
      "{allow: {database_users: [a]}}",
      "spec.allow.database_users",
      "did you mean db_users?",
    ],
    ["role_options", "{role_options: {max_session_ttl: 8h}}", "spec.role_options", "did you mean options?"],
    [
      "windows_logins",
      "{allow: {windows_logins: [a]}}",
      "spec.allow.windows_logins",
      "did you mean windows_desktop_logins?",
    ],
    [
      "certificate_format",
      "{options: {certificate_format: standard}}",
      "spec.options.certificate_format",
      "did you mean cert_format?",
    ],
    [
      "kube_groups",
      "{allow: {kube_groups: [a]}}",
      "spec.allow.kube_groups",
      "did you mean kubernetes_groups?",
    ],
    ["a misspelt logins", "{allow: {login: [a]}}", "spec.allow.login", "did you mean logins?"],
    [
      'namespaces (json:"-")',
      "{allow: {namespaces: [default]}}",
      "spec.allow.namespaces",
      "never read by Teleport",
    ],
    [
      "an unparsable BoolOption string",
      `{options: {ssh_file_copy: "maybe"}}`,
      "spec.options.ssh_file_copy",
      "as false",
    ],
    [
      "create_host_user_mode drop",
      "{options: {create_host_user_mode: drop}}",
      "spec.options.create_host_user_mode",
      "stores drop as insecure-drop",
    ],
    [
      "a where clause cut short",
      "{allow: {rules: [{resources: [session], verbs: [list], where: 'contains(session.participants, user.metadata.name'}]}}",
      "spec.allow.rules[0].where",
      "could not parse 'where' rule",
    ],
    [
      "a label expression with an open string",
      `{allow: {node_labels_expression: 'labels["env] == "prod"'}}`,
      "spec.allow.node_labels_expression",
      "never closed",
    ],
    [
      "an unknown device_trust_mode",
      "{options: {device_trust_mode: always}}",
      "spec.options.device_trust_mode",
      "knows only as off, optional",
    ],
    [
      "an unknown recording mode",
      "{options: {record_session: {ssh: strictly}}}",
      "spec.options.record_session.ssh",
      "best_effort, strict",
    ],
    [
      "mfa_verification_interval as text",
      "{options: {mfa_verification_interval: 12h}}",
      "spec.options.mfa_verification_interval",
      "time.Duration",
    ],
    [
      "an unknown request reason mode",
      "{allow: {request: {roles: [a], reason: {mode: always}}}}",
      "spec.allow.request.reason.mode",
      "required and optional",
    ],
    [
      "a label key YAML 1.1 turns into true",
      "{allow: {node_labels: {on: x}}}",
      "spec.allow.node_labels.true",
      'turns the key on into "true"',
    ],
  ])("%s", (_name, spec, field, message) => {
    const list = findings("role", role(spec));
    expect(errors(list)).toEqual([]);
    const found = warnings(list).find((f) => f.field === field);
    expect(found?.message).toContain(message);
  });

  test("a v8 kind * without api_group is a warning, as the source read could not settle it", () => {
    const spec = "{allow: {kubernetes_resources: [{kind: '*', namespace: '*', name: '*'}]}}";
    const list = findings("role", role(spec, "v8"));
    expect(errors(list)).toEqual([]);
    expect(warnings(list).map((f) => f.field)).toEqual(["spec.allow.kubernetes_resources[0].api_group"]);
  });

  test("an unknown key far from any field names none", () => {
    const found = warnings(findings("role", role("{allow: {zzzzzzzz: 1}}")));
    expect(found[0]!.message).toContain("Teleport drops it silently");
    expect(found[0]!.message).not.toContain("did you mean");
  });

  test("an unknown top-level key is reported at its key", () => {
    const text = role("{}").replace("spec:", "apiVersion: v1\nspec:");
    const found = warnings(findings("role", text));
    expect(found.map((f) => f.field)).toEqual(["apiVersion"]);
    expect(found[0]!.offset).toBe(text.indexOf("apiVersion"));
  });

  test("what other code checks is left alone", () => {
    const text = "kind: 5\nversion: v99\nmetadata: {name: 7, labels: {a: yes}, revision: 3}\nspec: {}\n";
    expect(findings("role", text)).toEqual([]);
  });
});

describe("users (UserV2)", () => {
  test.each([
    ["roles and traits", "{roles: [access, 'no'], traits: {logins: [root], kubernetes_groups: [devs]}}"],
    ["null traits", "{roles: [access], traits: {logins: null}}"],
    [
      "created_by and expires",
      "{roles: [a], expires: '0001-01-01T00:00:00Z', created_by: {time: '2024-05-01T10:00:00.123456Z', user: {name: bot-x}}}",
    ],
    ["a login status", "{roles: [a], status: {is_locked: false, locked_time: '0001-01-01T00:00:00Z'}}"],
    [
      "an OIDC identity",
      "{roles: [a], oidc_identities: [{connector_id: google, username: jane@example.com}]}",
    ],
  ])("accepts %s", (_name, spec) => {
    expect(errors(findings("user", user(spec)))).toEqual([]);
  });

  test("accepts a status with numbers", () => {
    expect(
      errors(findings("user", user("{roles: [a]}", "status: {password_state: 1, mfa_weakest_device: 1}\n"))),
    ).toEqual([]);
  });

  test.each([
    [
      "a bare trait value",
      "{traits: {logins: root}}",
      "spec.traits.logins",
      'found the string "root"; write [root]',
    ],
    [
      "a plain yes trait",
      "{traits: {flags: [yes]}}",
      "spec.traits.flags[0]",
      'makes this the boolean true; quote it ("yes")',
    ],
    ["traits as a list", "{traits: [logins]}", "spec.traits", "Teleport's type is map[string][]string"],
    [
      "a string is_locked",
      `{status: {is_locked: "false"}}`,
      "spec.status.is_locked",
      "Teleport's type is bool",
    ],
    ["an expiry as a date", "{expires: 2030-01-01}", "spec.expires", "not an RFC 3339 time"],
    [
      "an OIDC identity without connector",
      "{oidc_identities: [{username: jane}]}",
      "spec.oidc_identities[0].connector_id",
      "ConnectorID: missing value",
    ],
  ])("refuses %s", (_name, spec, field, message) => {
    const found = errors(findings("user", user(spec)));
    expect(found.map((f) => f.field)).toEqual([field]);
    expect(found[0]!.message).toContain(message);
  });

  test("refuses a status enum written as a name", () => {
    const found = errors(findings("user", user("{}", "status: {password_state: SET}\n")));
    expect(found.map((f) => f.field)).toEqual(["status.password_state"]);
  });

  test("spec.roles is left to user.ts", () => {
    expect(findings("user", user("{roles: [yes, 3]}"))).toEqual([]);
  });

  test("an unknown user field names the closest", () => {
    const found = warnings(findings("user", user("{role: [a]}")));
    expect(found[0]!.message).toContain("did you mean roles?");
  });
});

describe("real-looking roles give no error", () => {
  const cases: Array<[string, string]> = [
    [
      "SSH",
      `kind: role
version: v7
metadata:
  name: ssh-dev
  description: SSH to dev hosts
spec:
  options:
    max_session_ttl: 8h
    forward_agent: true
    port_forwarding: false
    client_idle_timeout: never
    disconnect_expired_cert: no
    permit_x11_forwarding: off
    enhanced_recording: [command, network]
    record_session: {ssh: best_effort, desktop: true}
    create_host_user_mode: keep
    create_host_user_default_shell: /bin/bash
    ssh_port_forwarding: {local: {enabled: true}, remote: {enabled: false}}
    require_session_mfa: false
  allow:
    logins: [ubuntu, "{{internal.logins}}"]
    node_labels: {env: [dev, staging], team: platform}
    host_groups: [docker]
    host_sudoers: ["ALL=(ALL) NOPASSWD: ALL"]
    join_sessions:
      - {name: observe, roles: [dev], kinds: [ssh, k8s], modes: [observer]}
    require_session_join:
      - {name: audit, filter: 'contains(user.roles, "auditor")', kinds: [ssh], count: 1, modes: [moderator], on_leave: terminate}
  deny:
    logins: [root]
`,
    ],
    [
      "Kubernetes v5",
      "kind: role\nversion: v5\nmetadata: {name: k5}\nspec:\n  allow:\n    kubernetes_groups: [viewers]\n    kubernetes_labels: {env: dev}\n    kubernetes_resources: [{kind: pod, namespace: dev, name: '*'}]\n",
    ],
    [
      "Kubernetes v6",
      "kind: role\nversion: v6\nmetadata: {name: k6}\nspec:\n  allow:\n    kubernetes_users: [jane]\n    kubernetes_labels: {'*': '*'}\n    kubernetes_resources: [{kind: pod, namespace: '*', name: '*', verbs: ['*']}]\n",
    ],
    [
      "Kubernetes v7",
      "kind: role\nversion: v7\nmetadata: {name: k7}\nspec:\n  allow:\n    kubernetes_groups: ['{{internal.kubernetes_groups}}']\n    kubernetes_labels_expression: 'labels[\"env\"] == \"prod\"'\n    kubernetes_resources:\n      - {kind: deployment, namespace: prod, name: '*', verbs: [get, list, watch]}\n      - {kind: clusterrole, name: view, verbs: [get]}\n",
    ],
    [
      "Kubernetes v8",
      "kind: role\nversion: v8\nmetadata: {name: k8}\nspec:\n  allow:\n    kubernetes_labels: {env: prod}\n    kubernetes_resources:\n      - {kind: pods, api_group: '', namespace: prod, name: '*', verbs: [get, exec]}\n      - {kind: deployments, api_group: apps, namespace: prod, name: '*', verbs: ['*']}\n      - {kind: namespaces, api_group: '', name: prod, verbs: [get]}\n",
    ],
    [
      "database",
      "kind: role\nversion: v7\nmetadata: {name: db}\nspec:\n  options:\n    create_db_user_mode: keep\n    create_db_user: true\n  allow:\n    db_labels: {engine: [postgres, mysql]}\n    db_service_labels: {region: eu}\n    db_names: [app, '{{internal.db_names}}']\n    db_users: [reader]\n    db_roles: [reader]\n    db_permissions:\n      - {permissions: [SELECT, INSERT], match: {object_kind: table}}\n",
    ],
    [
      "desktop",
      "kind: role\nversion: v7\nmetadata: {name: desk}\nspec:\n  options:\n    desktop_clipboard: false\n    desktop_directory_sharing: true\n    create_desktop_user: true\n  allow:\n    windows_desktop_labels: {os: windows}\n    windows_desktop_logins: [Administrator]\n    desktop_groups: [Users]\n",
    ],
    [
      "app",
      "kind: role\nversion: v8\nmetadata: {name: app}\nspec:\n  allow:\n    app_labels: {team: web}\n    aws_role_arns: ['arn:aws:iam::123456789012:role/ReadOnly']\n    azure_identities: ['/subscriptions/0/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i']\n    gcp_service_accounts: [viewer@project.iam.gserviceaccount.com]\n    account_assignments: [{account: '123456789012', permission_set: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1'}]\n    github_permissions: [{orgs: [my-org]}]\n",
    ],
    [
      "access requests and reviews",
      "kind: role\nversion: v7\nmetadata: {name: requester}\nspec:\n  options:\n    request_access: reason\n    request_prompt: Why?\n  allow:\n    request:\n      roles: [dba]\n      search_as_roles: [access]\n      suggested_reviewers: [alice]\n      max_duration: 4d\n      annotations: {ticket: ['{{external.ticket}}']}\n      thresholds: [{name: two, approve: 2, deny: 1}]\n      claims_to_roles: [{claim: groups, value: admins, roles: [dba]}]\n      reason: {mode: required}\n    review_requests:\n      roles: [dba]\n      preview_as_roles: [access]\n      where: 'contains(request.system_annotations[\"env\"], \"prod\")'\n",
    ],
    [
      "impersonation",
      'kind: role\nversion: v7\nmetadata: {name: imp}\nspec:\n  allow:\n    impersonate: {users: [jenkins], roles: [ci], where: \'equals(impersonate_user.metadata.labels["team"], "ci")\'}\n  deny:\n    impersonate: {users: [root], roles: [editor]}\n',
    ],
    [
      "SPIFFE",
      "kind: role\nversion: v7\nmetadata: {name: spiffe}\nspec:\n  allow:\n    spiffe:\n      - {path: /svc/foo/*, dns_sans: ['*.example.com'], ip_sans: [10.0.0.0/8]}\n    workload_identity_labels: {env: prod}\n",
    ],
    [
      "MCP",
      "kind: role\nversion: v8\nmetadata: {name: mcp}\nspec:\n  allow:\n    app_labels: {kind: mcp}\n    mcp: {tools: ['search_*', '^read_.*$']}\n  deny:\n    mcp: {tools: [delete_everything]}\n",
    ],
  ];
  test.each(cases)("%s", (_name, text) => {
    expect(findings("role", text)).toEqual([]);
  });
});
