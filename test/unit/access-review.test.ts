// The access review (src/review/): each planned role or user change classified per field as Teleport
// applies it (B105-B116), with the child's copy as Teleport prints it (server defaults filled in by the
// simulator's role model, B38/B39), and who gains what through a role they hold.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Resource } from "../../src/core/access.js";
import { reviewMarkdown } from "../../src/report/review.js";
import { HIGH_RISK } from "../../src/review/fields.js";
import { isHighRisk, type ReviewItem, reviewAccess, widensAccess } from "../../src/review/index.js";
import { applyRoleDefaults } from "../sim/cluster/role-model.js";

type Spec = Record<string, unknown>;
const role = (spec: Spec, version = "v7", name = "ops"): Resource => ({
  kind: "role",
  version,
  metadata: { name },
  spec,
});
/** The child's copy: what Teleport prints after a write (B38, B39, B41). */
const live = (r: Resource): Resource => ({
  ...applyRoleDefaults(r),
  metadata: { ...r.metadata, revision: "r1" },
});
const user = (roles: string[], traits: Record<string, string[]> = {}, name = "alice"): Resource => ({
  kind: "user",
  version: "v2",
  metadata: { name },
  spec: { roles, traits },
});
const item = (kind: string, declared: Resource, was?: Resource, action = "update"): ReviewItem => ({
  kind,
  name: String(declared.metadata?.name),
  file: `teleport/access/${declared.metadata?.name}.yaml`,
  line: 1,
  action,
  declared,
  ...(was ? { live: was } : {}),
});

const NODES = { logins: ["ubuntu"], node_labels: { env: "prod" } };

interface Case {
  name: string;
  before?: Resource;
  after: Resource;
  action?: string;
  kind?: string;
  /** Every finding as `field effect[ highRisk]`; [] for a change the review calls neutral by saying nothing. */
  expect: string[];
}

const allow = (a: Spec, extra: Spec = {}) => ({ allow: a, ...extra });

const CASES: Case[] = [
  // Label selectors (B106).
  {
    name: "node_labels to '*': '*'",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, node_labels: { "*": "*" } })),
    expect: ["spec.allow.node_labels widens all-resources"],
  },
  {
    name: "a node label value added",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, node_labels: { env: ["prod", "staging"] } })),
    expect: ["spec.allow.node_labels widens"],
  },
  {
    name: "a node label value removed",
    before: role(allow({ ...NODES, node_labels: { env: ["prod", "staging"] } })),
    after: role(allow(NODES)),
    expect: ["spec.allow.node_labels narrows"],
  },
  {
    name: "a node label key added (every key must match)",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, node_labels: { env: "prod", team: "a" } })),
    expect: ["spec.allow.node_labels narrows"],
  },
  {
    name: "a node label key dropped",
    before: role(allow({ ...NODES, node_labels: { env: "prod", team: "a" } })),
    after: role(allow(NODES)),
    expect: ["spec.allow.node_labels widens"],
  },
  {
    name: "app_labels from none",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, app_labels: { env: "dev" } })),
    expect: ["spec.allow.app_labels widens"],
  },
  {
    name: "db_labels from '*' to one env",
    before: role(allow({ db_labels: { "*": "*" } })),
    after: role(allow({ db_labels: { env: "dev" } })),
    expect: ["spec.allow.db_labels narrows"],
  },
  {
    name: "kubernetes_labels '*': '*' is high-risk",
    before: role(allow({ kubernetes_labels: { env: "dev" } })),
    after: role(allow({ kubernetes_labels: { "*": "*" } })),
    expect: ["spec.allow.kubernetes_labels widens all-resources"],
  },
  {
    name: "a value already covered by '*' adds nothing",
    before: role(allow({ ...NODES, node_labels: { env: "*" } })),
    after: role(allow({ ...NODES, node_labels: { env: ["*", "prod"] } })),
    expect: [],
  },
  {
    name: "a regex value counts as every value it matches",
    before: role(allow({ ...NODES, node_labels: { env: "prod-eu" } })),
    after: role(allow({ ...NODES, node_labels: { env: "^prod-.*$" } })),
    expect: ["spec.allow.node_labels widens"],
  },
  {
    name: "a deny selector removed",
    before: role({ ...allow(NODES), deny: { node_labels: { tier: "db" } } }),
    after: role(allow(NODES)),
    expect: ["spec.deny.node_labels widens"],
  },
  {
    name: "a deny selector added",
    before: role(allow(NODES)),
    after: role({ ...allow(NODES), deny: { node_labels: { tier: "db" } } }),
    expect: ["spec.deny.node_labels narrows"],
  },
  {
    name: "a label expression added",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, app_labels_expression: 'labels["env"] == "dev"' })),
    expect: ["spec.allow.app_labels_expression widens"],
  },
  // Lists of granted values.
  {
    name: "logins gain root",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, logins: ["ubuntu", "root"] })),
    expect: ["spec.allow.logins widens root-login"],
  },
  {
    name: "logins gain a plain user",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, logins: ["ubuntu", "deploy"] })),
    expect: ["spec.allow.logins widens"],
  },
  {
    name: "logins lose one",
    before: role(allow({ ...NODES, logins: ["ubuntu", "deploy"] })),
    after: role(allow(NODES)),
    expect: ["spec.allow.logins narrows"],
  },
  {
    name: "logins gain a trait template",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, logins: ["ubuntu", "{{internal.logins}}"] })),
    expect: ["spec.allow.logins widens"],
  },
  {
    name: "deny logins root removed",
    before: role({ ...allow(NODES), deny: { logins: ["root"] } }),
    after: role(allow(NODES)),
    expect: ["spec.deny.logins widens root-login"],
  },
  {
    name: "deny logins root added",
    before: role(allow(NODES)),
    after: role({ ...allow(NODES), deny: { logins: ["root"] } }),
    expect: ["spec.deny.logins narrows"],
  },
  {
    name: "kubernetes_groups gain system:masters",
    before: role(allow({ kubernetes_labels: { env: "dev" }, kubernetes_groups: ["view"] })),
    after: role(allow({ kubernetes_labels: { env: "dev" }, kubernetes_groups: ["view", "system:masters"] })),
    expect: ["spec.allow.kubernetes_groups widens system-masters"],
  },
  {
    name: "kubernetes_users added",
    before: role(allow({ kubernetes_labels: { env: "dev" } })),
    after: role(allow({ kubernetes_labels: { env: "dev" }, kubernetes_users: ["dev"] })),
    expect: ["spec.allow.kubernetes_users widens"],
  },
  {
    name: "db_users gain '*'",
    before: role(allow({ db_labels: { env: "dev" }, db_users: ["reader"] })),
    after: role(allow({ db_labels: { env: "dev" }, db_users: ["*"] })),
    expect: ["spec.allow.db_users widens any-db-user"],
  },
  {
    name: "db_names added",
    before: role(allow({ db_labels: { env: "dev" } })),
    after: role(allow({ db_labels: { env: "dev" }, db_names: ["orders"] })),
    expect: ["spec.allow.db_names widens"],
  },
  {
    name: "db_roles removed",
    before: role(allow({ db_labels: { env: "dev" }, db_roles: ["reader"] })),
    after: role(allow({ db_labels: { env: "dev" } })),
    expect: ["spec.allow.db_roles narrows"],
  },
  {
    name: "aws_role_arns added",
    before: role(allow({ app_labels: { env: "dev" } })),
    after: role(allow({ app_labels: { env: "dev" }, aws_role_arns: ["arn:aws:iam::1:role/x"] })),
    expect: ["spec.allow.aws_role_arns widens"],
  },
  {
    name: "azure_identities and gcp_service_accounts added",
    before: role(allow({ app_labels: { env: "dev" } })),
    after: role(
      allow({
        app_labels: { env: "dev" },
        azure_identities: ["/sub/x"],
        gcp_service_accounts: ["a@b.iam.gserviceaccount.com"],
      }),
    ),
    expect: ["spec.allow.azure_identities widens", "spec.allow.gcp_service_accounts widens"],
  },
  {
    name: "impersonate of any role",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, impersonate: { users: ["ci"], roles: ["*"] } })),
    expect: [
      "spec.allow.impersonate.users widens",
      "spec.allow.impersonate.roles widens impersonate-wildcard",
    ],
  },
  {
    name: "request roles added",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, request: { roles: ["dba"] } })),
    expect: ["spec.allow.request.roles widens"],
  },
  {
    name: "search_as_roles added",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, request: { search_as_roles: ["access"] } })),
    expect: ["spec.allow.request.search_as_roles widens"],
  },
  {
    name: "review_requests roles removed",
    before: role(allow({ ...NODES, review_requests: { roles: ["dba"] } })),
    after: role(allow(NODES)),
    expect: ["spec.allow.review_requests.roles narrows"],
  },
  {
    name: "join_sessions added",
    before: role(allow(NODES)),
    after: role(
      allow({
        ...NODES,
        join_sessions: [{ name: "peer", roles: ["ops"], kinds: ["ssh"], modes: ["observer"] }],
      }),
    ),
    expect: ["spec.allow.join_sessions widens"],
  },
  // Rules.
  {
    name: "update on role",
    before: role(allow({ rules: [{ resources: ["session"], verbs: ["read"] }] })),
    after: role(
      allow({
        rules: [
          { resources: ["session"], verbs: ["read"] },
          { resources: ["role"], verbs: ["update"] },
        ],
      }),
    ),
    expect: ["spec.allow.rules widens access-admin"],
  },
  {
    name: "read on session is not high-risk",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, rules: [{ resources: ["session"], verbs: ["list", "read"] }] })),
    expect: ["spec.allow.rules widens"],
  },
  {
    name: "'*' on '*'",
    before: role(allow(NODES)),
    after: role(allow({ ...NODES, rules: [{ resources: ["*"], verbs: ["*"] }] })),
    expect: ["spec.allow.rules widens access-admin"],
  },
  {
    name: "a verb removed from a rule",
    before: role(allow({ rules: [{ resources: ["token"], verbs: ["read", "create"] }] })),
    after: role(allow({ rules: [{ resources: ["token"], verbs: ["read"] }] })),
    expect: ["spec.allow.rules narrows"],
  },
  {
    name: "a deny rule on users removed",
    before: role({
      ...allow(NODES),
      deny: { rules: [{ resources: ["user"], verbs: ["create", "update"] }] },
    }),
    after: role(allow(NODES)),
    expect: ["spec.deny.rules widens access-admin"],
  },
  {
    name: "a verb '*' already covers an added verb",
    before: role(allow({ rules: [{ resources: ["session"], verbs: ["*"] }] })),
    after: role(allow({ rules: [{ resources: ["session"], verbs: ["*", "read"] }] })),
    expect: [],
  },
  // Options (B108, B110-B113).
  {
    name: "require_session_mfa off",
    before: role(allow(NODES, { options: { require_session_mfa: true } })),
    after: role(allow(NODES, { options: { require_session_mfa: false } })),
    expect: ["spec.options.require_session_mfa widens mfa-off"],
  },
  {
    name: "require_session_mfa from the default to hardware_key_touch",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { require_session_mfa: "hardware_key_touch" } })),
    expect: ["spec.options.require_session_mfa narrows"],
  },
  {
    name: "require_session_mfa weaker but still on",
    before: role(allow(NODES, { options: { require_session_mfa: "hardware_key_touch" } })),
    after: role(allow(NODES, { options: { require_session_mfa: "session" } })),
    expect: ["spec.options.require_session_mfa widens"],
  },
  {
    name: "max_session_ttl up",
    before: role(allow(NODES, { options: { max_session_ttl: "8h" } })),
    after: role(allow(NODES, { options: { max_session_ttl: "4d" } })),
    expect: ["spec.options.max_session_ttl widens"],
  },
  {
    name: "max_session_ttl from the default down",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { max_session_ttl: "8h" } })),
    expect: ["spec.options.max_session_ttl narrows"],
  },
  {
    name: "disconnect_expired_cert turned off",
    before: role(allow(NODES, { options: { disconnect_expired_cert: true } })),
    after: role(allow(NODES)),
    expect: ["spec.options.disconnect_expired_cert widens"],
  },
  {
    name: "lock strict to best_effort",
    before: role(allow(NODES, { options: { lock: "strict" } })),
    after: role(allow(NODES, { options: { lock: "best_effort" } })),
    expect: ["spec.options.lock widens"],
  },
  {
    name: "record_session strict dropped",
    before: role(allow(NODES, { options: { record_session: { default: "strict", desktop: true } } })),
    after: role(allow(NODES)),
    expect: ["spec.options.record_session.default widens"],
  },
  {
    name: "desktop recording off",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { record_session: { desktop: false } } })),
    expect: ["spec.options.record_session.desktop widens"],
  },
  {
    name: "pin_source_ip dropped",
    before: role(allow(NODES, { options: { pin_source_ip: true } })),
    after: role(allow(NODES)),
    expect: ["spec.options.pin_source_ip widens"],
  },
  {
    name: "port_forwarding false dropped (the default allows it)",
    before: role(allow(NODES, { options: { port_forwarding: false } })),
    after: role(allow(NODES)),
    expect: ["spec.options.port_forwarding widens"],
  },
  {
    name: "remote port forwarding enabled",
    before: role(allow(NODES, { options: { ssh_port_forwarding: { remote: { enabled: false } } } })),
    after: role(allow(NODES, { options: { ssh_port_forwarding: { remote: { enabled: true } } } })),
    expect: ["spec.options.ssh_port_forwarding.remote.enabled widens"],
  },
  {
    name: "ssh_file_copy turned off",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { ssh_file_copy: false } })),
    expect: ["spec.options.ssh_file_copy narrows"],
  },
  {
    name: "device trust required to optional",
    before: role(allow(NODES, { options: { device_trust_mode: "required" } })),
    after: role(allow(NODES, { options: { device_trust_mode: "optional" } })),
    expect: ["spec.options.device_trust_mode widens"],
  },
  {
    name: "create_host_user_mode keep",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { create_host_user_mode: "keep" } })),
    expect: ["spec.options.create_host_user_mode widens"],
  },
  {
    name: "create_db_user_mode keep to off",
    before: role(allow(NODES, { options: { create_db_user_mode: "keep" } })),
    after: role(allow(NODES, { options: { create_db_user_mode: "off" } })),
    expect: ["spec.options.create_db_user_mode narrows"],
  },
  {
    name: "forward_agent on",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { forward_agent: true } })),
    expect: ["spec.options.forward_agent widens"],
  },
  {
    name: "an option the review does not know",
    before: role(allow(NODES)),
    after: role(allow(NODES, { options: { cert_format: "oldssh" } })),
    expect: ["spec.options.cert_format unclassified"],
  },
  // Versions: the defaults that differ (B39, B107).
  {
    name: "v3 to v4 without labels: v3 granted every node, app, cluster and database",
    before: role(allow({ logins: ["ubuntu"] }), "v3"),
    after: role(allow({ logins: ["ubuntu"] }), "v4"),
    expect: [
      "spec.allow.node_labels narrows",
      "spec.allow.app_labels narrows",
      "spec.allow.kubernetes_labels narrows",
      "spec.allow.db_labels narrows",
      "spec.allow.kubernetes_resources narrows",
      "version neutral",
    ],
  },
  {
    name: "v5 to v7 with Kubernetes labels: pods become every kind",
    before: role(allow({ kubernetes_labels: { env: "dev" } }), "v5"),
    after: role(allow({ kubernetes_labels: { env: "dev" } }), "v7"),
    expect: ["spec.allow.kubernetes_resources widens", "version neutral"],
  },
  {
    name: "v7 to v8 with Kubernetes labels: every API group",
    before: role(allow({ kubernetes_labels: { env: "dev" } }), "v7"),
    after: role(allow({ kubernetes_labels: { env: "dev" } }), "v8"),
    expect: [
      "spec.allow.kubernetes_resources widens",
      "spec.options.idp.saml.enabled narrows",
      "version neutral",
    ],
  },
  {
    name: "v6 to v7 with explicit pods: no default applies",
    before: role(
      allow({
        kubernetes_labels: { env: "dev" },
        kubernetes_resources: [{ kind: "pod", namespace: "*", name: "*", verbs: ["*"] }],
      }),
      "v6",
    ),
    after: role(
      allow({
        kubernetes_labels: { env: "dev" },
        kubernetes_resources: [{ kind: "pod", namespace: "*", name: "*", verbs: ["*"] }],
      }),
      "v7",
    ),
    expect: ["version neutral"],
  },
  // Neutral.
  {
    name: "a no-op rewrite of the child's copy (server defaults) says nothing",
    before: role(
      allow(
        { ...NODES, rules: [{ resources: ["session"], verbs: ["read"] }] },
        { options: { max_session_ttl: "8h" } },
      ),
    ),
    after: role(
      allow(
        { ...NODES, rules: [{ resources: ["session"], verbs: ["read"] }] },
        { options: { max_session_ttl: "8h0m0s" } },
      ),
    ),
    expect: [],
  },
  {
    name: "a description change",
    before: role(allow(NODES)),
    after: { ...role(allow(NODES)), metadata: { name: "ops", description: "the ops team" } },
    expect: ["metadata.description neutral"],
  },
  // New and removed objects.
  {
    name: "a new role: everything it grants is new",
    after: role(allow({ logins: ["root"], node_labels: { "*": "*" } })),
    action: "create",
    expect: ["spec.allow.node_labels widens all-resources", "spec.allow.logins widens root-login"],
  },
  {
    name: "a removed role",
    before: role(allow(NODES)),
    after: role(allow(NODES)),
    action: "prune",
    expect: ["role narrows"],
  },
  // Users.
  {
    name: "a user gains a role",
    kind: "user",
    before: user(["dev"]),
    after: user(["dev", "ops"]),
    expect: ["spec.roles widens"],
  },
  {
    name: "a user loses a role",
    kind: "user",
    before: user(["dev", "ops"]),
    after: user(["dev"]),
    expect: ["spec.roles narrows"],
  },
  {
    name: "a trait no role reads",
    kind: "user",
    before: user(["dev"]),
    after: user(["dev"], { team: ["a"] }),
    expect: ["spec.traits.team neutral"],
  },
  { name: "a new user", kind: "user", after: user(["dev"]), action: "create", expect: ["spec.roles widens"] },
];

/** The roles users hold in the user cases: `dev` reads the logins trait. */
const CHILD_ROLES: ReviewItem[] = [
  item(
    "role",
    role(allow({ logins: ["{{internal.logins}}"], node_labels: { env: "dev" } }), "v7", "dev"),
    live(role(allow({ logins: ["{{internal.logins}}"], node_labels: { env: "dev" } }), "v7", "dev")),
    "unchanged",
  ),
];

const show = (f: { field: string; effect: string; highRisk?: string }) =>
  `${f.field} ${f.effect}${f.highRisk ? ` ${f.highRisk}` : ""}`;

describe("the access review classifies each field (B105-B116)", () => {
  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
  it.each(CASES)("$name", (c) => {
    const kind = c.kind ?? "role";
    const was = c.before && (kind === "role" ? live(c.before) : c.before);
    const items = [
      item(kind, c.after, was, c.action ?? (was ? "update" : "create")),
      ...(kind === "user" ? CHILD_ROLES : []),
    ];
    const review = reviewAccess(items);
    const own = review.findings.filter((f) => f.name === c.after.metadata?.name);
    expect(own.map(show)).toEqual(c.expect);
    for (const f of own) expect(f.reason.length).toBeGreaterThan(10);
  });
});

describe("who gains what", () => {
  const ops = (spec: Spec) => role(allow(spec), "v7", "ops");
  const alice = user(["ops"]);

  it("a holder of a role that now matches every node gains its logins there, high-risk", () => {
    const before = ops({ logins: ["root"], node_labels: { env: "prod" } });
    const after = ops({ logins: ["root"], node_labels: { "*": "*" } });
    const review = reviewAccess([item("role", after, live(before)), item("user", alice, alice, "unchanged")]);
    expect(review.gains.map((g) => `${g.user}: ${g.what} (via ${g.via}, ${g.file}:${g.line})`)).toEqual([
      "alice: logins root on every one of the nodes (via role ops, teleport/access/ops.yaml:1)",
    ]);
    expect(review.gains[0]!.highRisk).toBe("root-login");
    expect(widensAccess(review)).toBe(true);
    expect(isHighRisk(review)).toBe(true);
  });

  it("points findings and gains at the line of the field that changed", () => {
    const before = ops({ logins: ["root"], node_labels: { env: "prod" } });
    const after = ops({
      logins: ["root"],
      node_labels: { "*": "*" },
      rules: [{ resources: ["role"], verbs: ["update"] }],
    });
    const changed = {
      ...item("role", after, live(before)),
      fieldLines: {
        spec: 5,
        "spec.allow": 6,
        "spec.allow.logins": 7,
        "spec.allow.node_labels": 8,
        "spec.allow.rules": 10,
      },
    };
    const review = reviewAccess([changed, item("user", alice, alice, "unchanged")]);
    expect(review.findings.map((f) => `${f.field}:${f.line}`)).toEqual([
      "spec.allow.node_labels:8",
      "spec.allow.rules:10",
    ]);
    expect(review.gains.map((g) => `${g.what}:${g.line}`)).toEqual([
      "logins root on every one of the nodes:8",
      "update on role:10",
    ]);
  });

  it("a trait value read by a template is a gain through the user's own change", () => {
    const dev = role(allow({ logins: ["{{internal.logins}}"], node_labels: { env: "dev" } }), "v7", "dev");
    const review = reviewAccess([
      item("role", dev, live(dev), "unchanged"),
      item("user", user(["dev"], { logins: ["ubuntu", "root"] }), user(["dev"], { logins: ["ubuntu"] })),
    ]);
    expect(review.findings.map(show)).toEqual(["spec.traits.logins widens root-login"]);
    expect(review.gains.map((g) => `${g.what} via ${g.via}`)).toEqual([
      "logins root on nodes matching env=dev via user alice",
    ]);
  });

  it("a preset the child's bot could not read is still named, and editor is high-risk", () => {
    const review = reviewAccess([item("user", user(["editor"]), user([]))]);
    expect(review.gains).toMatchObject([
      { user: "alice", via: "user alice, gains role editor", highRisk: "access-admin" },
    ]);
  });

  it("a preset read from the child counts with what it grants", () => {
    const auditor = role(
      allow({ rules: [{ resources: ["session"], verbs: ["list", "read"] }] }),
      "v7",
      "auditor",
    );
    const review = reviewAccess([item("user", user(["auditor"]), user([]))], new Map([["auditor", auditor]]));
    expect(review.gains.map((g) => g.what)).toEqual(["list on session", "read on session"]);
    expect(isHighRisk(review)).toBe(false);
  });

  it("a deny in another role the user holds takes the gain away", () => {
    const guard = role({ allow: {}, deny: { logins: ["root"] } }, "v7", "guard");
    const before = ops({ logins: ["ubuntu"], node_labels: { env: "prod" } });
    const after = ops({ logins: ["ubuntu", "root"], node_labels: { env: "prod" } });
    const holder = user(["ops", "guard"]);
    const review = reviewAccess([
      item("role", after, live(before)),
      item("role", guard, live(guard), "unchanged"),
      item("user", holder, holder, "unchanged"),
    ]);
    expect(review.findings.map(show)).toEqual(["spec.allow.logins widens root-login"]);
    expect(review.gains).toEqual([]);
  });

  it("a change that only narrows gains nobody anything", () => {
    const before = ops({ logins: ["ubuntu", "root"], node_labels: { env: ["prod", "dev"] } });
    const after = ops({ logins: ["ubuntu"], node_labels: { env: "dev" } });
    const review = reviewAccess([item("role", after, live(before)), item("user", alice, alice, "unchanged")]);
    expect(review.findings.every((f) => f.effect === "narrows")).toBe(true);
    expect(review.gains).toEqual([]);
    expect(widensAccess(review)).toBe(false);
  });
});

describe("the README's table of high-risk grants", () => {
  it("lists exactly the grants of HIGH_RISK, in its order", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(
      readme.indexOf("<!-- high-risk:start -->"),
      readme.indexOf("<!-- high-risk:end -->"),
    );
    const rows = table
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| high-risk") && !l.startsWith("| ---"));
    expect(rows).toEqual(HIGH_RISK.map((r) => `| ${r.grant} | ${r.text} |`));
  });
});

describe("the review as markdown (src/report/review.ts)", () => {
  it("lists high-risk first with file:line, escapes HTML, and says nothing for a plan without access changes", () => {
    const before = role(allow({ logins: ["ubuntu"], node_labels: { env: "<prod>" } }));
    const after = role(allow({ logins: ["ubuntu", "root"], node_labels: { env: "<prod>" } }));
    const review = reviewAccess([
      item("role", after, live(before)),
      item("user", user(["ops"]), user(["ops"]), "unchanged"),
    ]);
    const md = reviewMarkdown({ acme: { review } });
    expect(md.startsWith("### ⚠️ Widens access\n")).toBe(true);
    expect(md).toContain(
      "- 🔴 **root on the matched nodes**: `role/ops` in acme: `spec.allow.logins` grants logins root",
    );
    expect(md).toContain(
      "alice@acme: gains logins root on nodes matching env=&lt;prod&gt; (via role ops, `teleport/access/ops.yaml:1`)",
    );
    expect(md).not.toContain("<prod>");
    expect(reviewMarkdown({ acme: { review: { findings: [], gains: [] } } })).toBe("");
    expect(reviewMarkdown({})).toBe("");
  });
});
