// Conformance of the role and user models shared by the server and the tctl stand-in: defaults, key
// order, versions and validation. Facts: B37, B38, B39, B40, B41, B47, B61; gaps B38, B40, B39, B37, B47, B63, B61.
import { describe, expect, it } from "vitest";
import { goTime, shapeValue } from "./go-shape.js";
import {
  applyRoleDefaults,
  checkRoleVersion,
  shapeRole,
  supportedRoleVersions,
  validateRoleOnServer,
  validateRoleSpec,
} from "./role-model.js";
import { applyUserDefaults, shapeUser } from "./user-model.js";

type Json = Record<string, unknown>;
const role = (version: string, spec: Json = {}, metadata: Json = { name: "r" }): Json => ({
  kind: "role",
  version,
  metadata,
  spec,
});
const options = (r: Json) => (r.spec as Json).options as Json;
const allow = (r: Json) => (r.spec as Json).allow as Json;

describe("role options (fact B38, B39)", () => {
  it("B38 (B38): role options print cert_format, forward_agent, pin_source_ip; idp only v3-v7", () => {
    for (const version of ["v3", "v4", "v5", "v6", "v7", "v8"]) {
      const got = options(applyRoleDefaults(role(version)));
      expect(Object.keys(got), version).toEqual([
        "forward_agent",
        "max_session_ttl",
        "cert_format",
        "enhanced_recording",
        "record_session",
        "desktop_clipboard",
        "desktop_directory_sharing",
        "pin_source_ip",
        "ssh_file_copy",
        ...(version === "v8" ? [] : ["idp"]),
        "create_desktop_user",
        "create_db_user",
      ]);
      expect(got).toMatchObject({
        forward_agent: false,
        max_session_ttl: "30h0m0s",
        cert_format: "standard",
        enhanced_recording: ["command", "network"],
        record_session: { desktop: true, default: "best_effort" },
        desktop_clipboard: true,
        desktop_directory_sharing: true,
        pin_source_ip: false,
        ssh_file_copy: true,
        create_desktop_user: false,
        create_db_user: false,
      });
      if (version !== "v8") expect(got.idp).toEqual({ saml: { enabled: true } });
    }
    // record_session is defaulted only when absent; given values stay.
    const custom = options(
      applyRoleDefaults(
        role("v7", { options: { record_session: { default: "strict" }, forward_agent: true } }),
      ),
    );
    expect(custom.record_session).toEqual({ default: "strict" });
    expect(custom.forward_agent).toBe(true);
  });

  it("B39 (B38): a v8 role with options.idp is refused by the server; v7 keeps it", () => {
    const v8 = applyRoleDefaults(role("v8", { options: { idp: { saml: { enabled: false } } } }));
    expect(() => validateRoleOnServer(v8)).toThrow(
      "idp option is only supported in role version 7 and below",
    );
    expect(() => validateRoleOnServer(applyRoleDefaults(role("v7")))).not.toThrow();
  });

  it("B43: system role names are reserved (`reserved role: <name>`)", () => {
    expect(() => validateRoleOnServer(applyRoleDefaults(role("v7", {}, { name: "Admin" })))).toThrow(
      "reserved role: Admin",
    );
  });

  it("B38: a duration option prints as Go's time.Duration (8h -> 8h0m0s)", () => {
    expect(
      options(applyRoleDefaults(role("v7", { options: { max_session_ttl: "8h" } }))).max_session_ttl,
    ).toBe("8h0m0s");
    expect(options(applyRoleDefaults(role("v7", { options: { client_idle_timeout: "90s" } })))).toMatchObject(
      {
        client_idle_timeout: "1m30s",
      },
    );
  });
});

describe("conditions (fact B38 namespaces, B39 version defaults)", () => {
  it("B38 (B38): namespaces are never read or printed; default conditions print as {}", () => {
    const got = applyRoleDefaults(
      role("v7", { allow: { namespaces: ["default"] }, deny: { namespaces: ["x"] } }),
    );
    expect((got.spec as Json).allow).toEqual({});
    expect((got.spec as Json).deny).toEqual({});
  });

  it("B39 (B39): v3 defaults node_labels to {} (omitted) without logins, *:* with logins; app, kube, db *:*", () => {
    const bare = allow(applyRoleDefaults(role("v3")));
    expect(bare).not.toHaveProperty("node_labels");
    expect(bare).toMatchObject({
      app_labels: { "*": "*" },
      kubernetes_labels: { "*": "*" },
      db_labels: { "*": "*" },
    });
    // v3 falls through to v4/v5 (pods) and v6 (verbs).
    expect(bare.kubernetes_resources).toEqual([{ kind: "pod", namespace: "*", name: "*", verbs: ["*"] }]);
    expect(allow(applyRoleDefaults(role("v3", { allow: { logins: ["a"] } }))).node_labels).toEqual({
      "*": "*",
    });
  });

  it("B39 (B39): v4/v5 default pods when kube labels or a kube label expression exist; v6 only adds verbs", () => {
    for (const version of ["v4", "v5"]) {
      expect(allow(applyRoleDefaults(role(version))), version).not.toHaveProperty("kubernetes_resources");
      const byLabels = allow(
        applyRoleDefaults(role(version, { allow: { kubernetes_labels: { env: "dev" } } })),
      );
      expect(byLabels.kubernetes_resources).toEqual([
        { kind: "pod", namespace: "*", name: "*", verbs: ["*"] },
      ]);
      const byExpression = allow(
        applyRoleDefaults(role(version, { allow: { kubernetes_labels_expression: 'labels.env == "dev"' } })),
      );
      expect(byExpression.kubernetes_resources).toEqual([
        { kind: "pod", namespace: "*", name: "*", verbs: ["*"] },
      ]);
    }
    const v6 = allow(
      applyRoleDefaults(
        role("v6", {
          allow: {
            kubernetes_labels: { env: "dev" },
            kubernetes_resources: [{ kind: "deployment", name: "x" }],
          },
        }),
      ),
    );
    expect(v6.kubernetes_resources).toEqual([{ kind: "deployment", name: "x", verbs: ["*"] }]);
    expect(
      allow(applyRoleDefaults(role("v6", { allow: { kubernetes_labels: { env: "dev" } } }))),
    ).not.toHaveProperty("kubernetes_resources");
  });

  it("B39 (B39): v7 defaults every kind with verbs [*]; v8 adds api_group *", () => {
    const v7 = allow(applyRoleDefaults(role("v7", { allow: { kubernetes_labels_expression: "true" } })));
    expect(v7.kubernetes_resources).toEqual([{ kind: "*", namespace: "*", name: "*", verbs: ["*"] }]);
    const v8 = allow(applyRoleDefaults(role("v8", { allow: { kubernetes_labels: { "*": "*" } } })));
    expect(v8.kubernetes_resources).toEqual([
      { kind: "*", namespace: "*", name: "*", verbs: ["*"], api_group: "*" },
    ]);
  });

  it("B41: the defaults are idempotent, so applying them on every read changes nothing", () => {
    for (const version of ["v3", "v4", "v5", "v6", "v7", "v8"]) {
      const once = applyRoleDefaults(
        role(version, { allow: { logins: ["a"], kubernetes_labels: { a: "b" } } }),
      );
      expect(applyRoleDefaults(once), version).toEqual(once);
    }
  });
});

describe("versions (fact B40)", () => {
  it("B40 (B40): only v3-v7 (and v8 from Teleport 18) decode; others, missing included, are refused", () => {
    expect(supportedRoleVersions("17.3.4")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    expect(supportedRoleVersions("18.2.0")).toContain("v8");
    expect(() => checkRoleVersion("v9", supportedRoleVersions("18.2.0"))).toThrow(
      'role version "v9" is not supported',
    );
    expect(() => checkRoleVersion(undefined, supportedRoleVersions("18.2.0"))).toThrow(
      'role version "" is not supported',
    );
  });
});

describe("JSON shape (fact B37, B47)", () => {
  it("B37 (B37): role keys in Go struct order, metadata name/description/labels/expires/revision, labels sorted", () => {
    const got = applyRoleDefaults({
      spec: { deny: {}, allow: { node_labels: { zz: "1", aa: ["2"] }, logins: ["x"] }, options: {} },
      metadata: {
        revision: "r1",
        labels: { b: "2", a: "1" },
        description: "d",
        name: "n",
        namespace: "default",
      },
      version: "v7",
      kind: "role",
    });
    expect(Object.keys(got)).toEqual(["kind", "version", "metadata", "spec"]);
    expect(Object.keys(got.metadata as Json)).toEqual(["name", "description", "labels", "revision"]);
    expect(Object.keys((got.metadata as Json).labels as Json)).toEqual(["a", "b"]);
    expect(Object.keys(got.spec as Json)).toEqual(["options", "allow", "deny"]);
    expect(Object.keys(allow(got))).toEqual(["logins", "node_labels"]);
    expect(allow(got).node_labels).toEqual({ aa: "2", zz: "1" });
    expect(Object.keys(allow(got).node_labels as Json)).toEqual(["aa", "zz"]);
  });

  it("B47 (B37, B47): user keys in Go order; no recovery_attempt_lock_expires; traits sorted; empty roles omitted", () => {
    const user = applyUserDefaults({
      status: { mfa_weakest_device: 1, password_state: 1 },
      spec: {
        created_by: { user: { name: "bot-x" }, time: "2025-01-02T03:04:05.5Z" },
        traits: { logins: ["a"], db_users: null },
        roles: [],
        status: { recovery_attempt_lock_expires: "0001-01-01T00:00:00Z" },
      },
      metadata: { name: "alice" },
      version: "v2",
      kind: "user",
    });
    expect(Object.keys(user)).toEqual(["kind", "version", "metadata", "spec", "status"]);
    expect(Object.keys(user.spec as Json)).toEqual(["traits", "status", "expires", "created_by"]);
    expect(Object.keys((user.spec as Json).traits as Json)).toEqual(["db_users", "logins"]);
    expect((user.spec as Json).status).toEqual({
      is_locked: false,
      locked_time: "0001-01-01T00:00:00Z",
      lock_expires: "0001-01-01T00:00:00Z",
    });
    expect(Object.keys((user.spec as Json).created_by as Json)).toEqual(["time", "user"]);
    expect(Object.keys(user.status as Json)).toEqual(["password_state", "mfa_weakest_device"]);
    // A status that was not sent (create -f): password_state 0 is omitted.
    expect(shapeUser({ kind: "user", status: { password_state: 0, mfa_weakest_device: 1 } }).status).toEqual({
      mfa_weakest_device: 1,
    });
  });

  it("B47 (B47): times print as RFC3339Nano with trailing zeros trimmed", () => {
    expect(goTime(new Date("2025-01-02T03:04:05.120Z"))).toBe("2025-01-02T03:04:05.12Z");
    expect(goTime(new Date("2025-01-02T03:04:00.000Z"))).toBe("2025-01-02T03:04:00Z");
  });
});

describe("validation (fact B63) and unknown fields (fact B61)", () => {
  it("B63: wildcards and * selectors are refused with Teleport's texts", () => {
    const cases: [Json, string][] = [
      [{ logins: ["*"] }, "wildcard matcher is not allowed in logins"],
      [{ aws_role_arns: ["*"] }, "wildcard matcher is not allowed in aws_role_arns"],
      [{ azure_identities: ["*"] }, "wildcard matcher is not allowed in allow.azure_identities"],
      [{ gcp_service_accounts: ["*"] }, "wildcard matcher is not allowed in allow.gcp_service_accounts"],
      [{ db_roles: ["*"] }, "wildcard is not allowed in allow.database_roles"],
      [{ node_labels: { "*": "prod" } }, "selector *:<val> is not supported"],
    ];
    for (const [conditions, text] of cases) {
      expect(() => validateRoleSpec(applyRoleDefaults(role("v7", { allow: conditions })))).toThrow(text);
    }
    expect(() => validateRoleSpec(applyRoleDefaults(role("v7", { deny: { logins: ["*"] } })))).not.toThrow();
  });

  it("B61 (B61): unknown role fields are dropped, never stored or echoed; a strict decoder refuses them", () => {
    const input = role(
      "v7",
      { allow: { logins: ["a"], bogus: 1 }, extra: true },
      { name: "r", color: "red" },
    );
    const got = applyRoleDefaults(input);
    expect(JSON.stringify(got)).not.toMatch(/bogus|extra|color/);
    // The decoder stops at the first unknown field in document order.
    expect(() => shapeRole(input, "reject")).toThrow('json: unknown field "color"');
    // encoding/json matches field names case-insensitively.
    expect(
      shapeValue({ Kind: "role" }, { struct: [{ json: "kind", shape: "any", omitempty: false }] }),
    ).toEqual({
      kind: "role",
    });
  });
});
