// Conformance of how the simulator's tctl stand-in decodes, types and addresses roles and users, with
// the facts of (d): B70 (go-yaml v2 scalars), B71 (booleans and numbers where a
// string is expected), B72 (duplicate keys), B61 (unknown fields dropped, every known field kept), B73
// (scalar vs list vs label map), B62 (CheckAndSetDefaults), B64 (durations), B65 (reserved names),
// B8 (references).
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChild, botIdentity, type ChildHandle, writeIdentity } from "../child-harness.js";
import { type Simulator, startSimulator } from "../index.js";
import { decodeResources } from "../tools/common/decode.js";
import { resolvePlain } from "../tools/common/go-yaml.js";
import { goYamlDocument } from "../tools/common/output.js";
import { decodeRole, decodeUser, parseRefs } from "../tools/common/resources.js";
import { baseEnv, installTools, plain, runInProcess, type ToolResult } from "../tools/harness.js";
import { CONDITIONS_TYPE, OPTIONS_TYPE } from "./teleport-types.js";

type Json = Record<string, unknown>;
const VERSION = "18.2.0";

/** The first document of `yaml` as tctl decodes it, then UnmarshalRoleV6 / UnmarshalUser. */
const doc = (yaml: string) => [...decodeResources(yaml)][0]!;
const role = (yaml: string): Json => {
  const d = doc(yaml);
  return decodeRole(d.value, VERSION, "drop", d.json.text);
};
const user = (yaml: string): Json => {
  const d = doc(yaml);
  return decodeUser(d.value, "drop", d.json.text);
};
const roleYaml = (spec: string, version = "v7", name = "r") =>
  `kind: role\nversion: ${version}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const spec = (r: Json) => r.spec as { options: Json; allow: Json; deny: Json };

describe("B70: the YAML dialect is go-yaml v2's (via sigs.k8s.io/yaml)", () => {
  it("B70: plain scalars resolve as go-yaml v2 does: YAML 1.1 booleans, Go ints, no base-60, timestamps stay strings", () => {
    const value = (s: string) => {
      const r = resolvePlain(s);
      return r.value instanceof Object && "text" in r.value ? Number(r.value.text) : r.value;
    };
    for (const t of ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]) {
      expect(value(t), t).toBe(true);
    }
    for (const f of ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]) {
      expect(value(f), f).toBe(false);
    }
    for (const s of [
      "yEs",
      "oN",
      "nO",
      "tRUE",
      "12:30",
      "1:20:30",
      "2001-12-14",
      "2001-12-14T21:59:43Z",
      "0x",
      "<<",
    ]) {
      expect(resolvePlain(s).tag, s).toBe("!!str");
    }
    for (const n of ["", "~", "null", "Null", "NULL"]) expect(resolvePlain(n).tag, n).toBe("!!null");
    expect(value("0777")).toBe(511);
    expect(value("0x1F")).toBe(31);
    expect(value("0b101")).toBe(5);
    expect(value("0o17")).toBe(15);
    expect(value("1_000")).toBe(1000);
    expect(value("+12")).toBe(12);
    expect(resolvePlain("1e3")).toMatchObject({ tag: "!!float" });
    expect(resolvePlain(".5")).toMatchObject({ tag: "!!float" });
    expect(resolvePlain("08")).toMatchObject({ tag: "!!float" });
    expect(resolvePlain(".inf")).toMatchObject({ tag: "!!float" });
  });

  it("B70: the document becomes compact JSON with sorted keys; non-string keys become strings", () => {
    const d = doc(
      "kind: role\nmetadata: {name: a}\nspec: {10: x, true: yy, 1.5: z, n: w, at: 12:30, big: 18446744073709551615}\n",
    );
    expect(d.json.text).toBe(
      '{"kind":"role","metadata":{"name":"a"},"spec":{"1.5":"z","10":"x","at":"12:30","big":18446744073709551615,"false":"w","true":"yy"}}',
    );
    expect(() => doc("kind: role\nspec: {~: x}\n")).toThrow(
      /^error converting YAML to JSON: Unsupported map key of type: %!s\(<nil>\)/,
    );
    expect(() => doc("kind: role\nspec: {x: .nan}\n")).toThrow(
      "error converting YAML to JSON: json: unsupported value: NaN",
    );
  });

  it('B70: a quoted "no" is a string; an unquoted no is a boolean, refused where Teleport wants a string (B71)', () => {
    const r = role(roleYaml('  allow:\n    node_labels: {env: "no"}\n    logins: ["on"]\n'));
    expect(spec(r).allow).toEqual({ node_labels: { env: "no" }, logins: ["on"] });
    expect(() => role(roleYaml("  allow:\n    node_labels: {env: no}\n"))).toThrow(
      /types\.RoleConditions\.NodeLabels: unmarshalerDecoder: json: cannot unmarshal bool into Go value of type \[\]string, error found in #10 byte of \.\.\.\|env":false\}\}\},"versi\|\.\.\./,
    );
  });

  it("B70: tctl get --format=yaml quotes strings go-yaml v2 would read as something else, and base-60 lookalikes", () => {
    expect(goYamlDocument({ a: "no", b: "12:30", c: "0o17", d: "1e3", e: "~", f: "plain", g: ["on"] })).toBe(
      "a: 'no'\nb: '12:30'\nc: '0o17'\nd: '1e3'\ne: '~'\nf: plain\ng:\n- 'on'\n",
    );
  });
});

describe("B71, B73: Teleport's Go types decide what a value may be", () => {
  it("B71: a boolean or number where a string is expected is refused with json-iterator's text", () => {
    expect(() => role(roleYaml("  allow:\n    logins: [yes]\n"))).toThrow(
      'types.RoleV6.Spec: types.RoleSpecV6.Allow: types.RoleConditions.Logins: []string: ReadString: expects " or n, but found t, error found in #10 byte of ...|logins":[true]}},"ve|..., bigger context ...|',
    );
    expect(() => role(roleYaml("  allow:\n    kubernetes_groups: [y]\n"))).toThrow(
      /KubeGroups: \[\]string: ReadString: expects " or n, but found t/,
    );
    // The header is decoded with encoding/json first (UnknownResource): Go's UnmarshalTypeError text.
    expect(() => doc("kind: role\nversion: v7\nmetadata:\n  name: r\n  labels: {env: off}\n")).toThrow(
      "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal bool into Go struct field Metadata.metadata.labels of type string",
    );
    expect(() => doc("kind: role\nversion: v7\nmetadata:\n  name: 12\n")).toThrow(
      "json: cannot unmarshal number into Go struct field Metadata.metadata.name of type string",
    );
  });

  it("B73: a list of maps as node_labels is refused; one string or a list of strings is a label value", () => {
    expect(() => role(roleYaml("  allow:\n    node_labels:\n    - env: dev\n"))).toThrow(
      /types\.RoleConditions\.NodeLabels: ReadMapCB: expect \{ or n, but found \[/,
    );
    const r = role(roleYaml("  allow:\n    node_labels: {env: dev, team: [a, b], one: [x]}\n"));
    expect(spec(r).allow.node_labels).toEqual({ env: "dev", one: "x", team: ["a", "b"] });
  });

  it("B73: a scalar where a repeated string is expected (windows_desktop_logins: jane) is refused", () => {
    expect(() => role(roleYaml("  allow:\n    windows_desktop_logins: jane\n"))).toThrow(
      /WindowsDesktopLogins: \[\]string: decode slice: expect \[ or n, but found "/,
    );
  });

  it("B73: user roles are []string and traits map[string][]string", () => {
    const u = (s: string) => user(`kind: user\nversion: v2\nmetadata: {name: u}\nspec:\n${s}`);
    expect((u("  roles: [a]\n  traits: {logins: [jane, 'on']}\n").spec as Json).traits).toEqual({
      logins: ["jane", "on"],
    });
    expect(() => u("  roles: a\n")).toThrow(
      /types\.UserSpecV2\.Roles: \[\]string: decode slice: expect \[ or n, but found "/,
    );
    expect(() => u("  roles: [a]\n  traits: {logins: jane}\n")).toThrow(/Traits: \[\]string: decode slice/);
    expect(() => u("  roles: [a]\n  traits: {uid: [1000]}\n")).toThrow(
      /Traits: \[\]string: ReadString: expects " or n, but found 1/,
    );
  });
});

describe("B72: duplicate keys", () => {
  it("B72: a mapping with the same key twice keeps the last value, silently", () => {
    const r = role(roleYaml("  allow:\n    logins: [first]\n    logins: [second]\n"));
    expect(spec(r).allow.logins).toEqual(["second"]);
  });
});

describe("B62: RoleV6.CheckAndSetDefaults", () => {
  const kube = (version: string, resources: string) =>
    role(
      roleYaml(
        `  allow:\n    kubernetes_labels: {env: dev}\n    kubernetes_resources: ${resources}\n`,
        version,
      ),
    );

  it("B62: v3-v6 allow only kind pod, only verb *, and need a name", () => {
    expect(() => kube("v6", "[{kind: deployment, namespace: '*', name: '*'}]")).toThrow(
      'KubernetesResource kind "deployment" is not supported in role version "v6". Upgrade the role version to "v8"',
    );
    expect(() => kube("v6", "[{kind: pod, namespace: '*', name: '*', verbs: [get]}]")).toThrow(
      'Role version "v6" only supports "*" verb. Upgrade the role version to "v8"',
    );
    expect(() => kube("v5", "[{kind: pod, namespace: '*'}]")).toThrow("KubernetesResource must include Name");
    // The deny side is checked too, and gets the default verbs.
    expect(() =>
      role(
        roleYaml("  deny:\n    kubernetes_resources: [{kind: secret, namespace: '*', name: '*'}]\n", "v4"),
      ),
    ).toThrow('KubernetesResource kind "secret" is not supported in role version "v4"');
    expect(spec(kube("v6", "[{kind: pod, namespace: '*', name: '*'}]")).allow.kubernetes_resources).toEqual([
      { kind: "pod", namespace: "*", name: "*", verbs: ["*"] },
    ]);
  });

  it("B62: v7 refuses api_group; v8 needs a kind and plural names with an api_group", () => {
    expect(() => kube("v7", "[{kind: deployment, namespace: '*', name: '*', api_group: apps}]")).toThrow(
      'API Group "apps" is not supported in role version "v7". Upgrade the role version to "v8"',
    );
    expect(kube("v7", "[{kind: deployment, namespace: '*', name: '*'}]")).toBeTruthy();
    expect(() => kube("v8", "[{kind: pod, namespace: '*', name: '*', api_group: '*'}]")).toThrow(
      'KubernetesResource kind "pod" is invalid. Please use plural name for role version "v8"',
    );
    expect(() => kube("v8", "[{namespace: '*', name: '*', api_group: '*'}]")).toThrow(
      'KubernetesResource kind "" is required in role version "v8"',
    );
    expect(kube("v8", "[{kind: deployments, namespace: '*', name: '*', api_group: apps}]")).toBeTruthy();
  });

  it("B62: rules need resources and verbs", () => {
    expect(() => role(roleYaml("  allow:\n    rules: [{verbs: [read]}]\n"))).toThrow(
      "failed to process 'allow' rule 0: missing resources to match",
    );
    expect(() => role(roleYaml("  deny:\n    rules: [{resources: [role]}]\n"))).toThrow(
      "failed to process 'deny' rule 0: missing verbs",
    );
  });

  it("B62: missing parameter Name", () => {
    expect(() => role("kind: role\nversion: v7\nmetadata: {}\nspec: {}\n")).toThrow("missing parameter Name");
  });

  it("B62: `deny: ...` cannot fill the deny conditions and is refused by the decoder", () => {
    expect(() => role(roleYaml("  allow: {logins: [a]}\n  deny: ...\n"))).toThrow(
      /types\.RoleSpecV6\.Deny: readObjectStart: expect \{ or n, but found "/,
    );
  });

  it("B62: create_host_user_mode drop is insecure-drop; a where that does not parse is stored (a warning only)", () => {
    const r = role(
      roleYaml(
        "  options: {create_host_user_mode: drop}\n  allow:\n    rules: [{resources: [role], verbs: [read], where: 'equals(('}]\n",
      ),
    );
    expect(spec(r).options.create_host_user_mode).toBe("insecure-drop");
    expect(spec(r).allow.rules).toEqual([{ resources: ["role"], verbs: ["read"], where: "equals((" }]);
    expect(() => role(roleYaml("  options: {create_host_user_mode: on}\n"))).toThrow(
      /CreateHostUserMode: unmarshalerDecoder: create_host_user_mode cannot be true, got true/,
    );
  });

  it("B62: require_session_mfa and the Bool options accept what their UnmarshalJSON accepts", () => {
    const r = role(
      roleYaml(
        "  options:\n    require_session_mfa: hardware_key_touch\n    forward_agent: 'yes'\n    ssh_file_copy: no\n    pin_source_ip: maybe\n",
      ),
    );
    expect(spec(r).options).toMatchObject({
      require_session_mfa: "hardware_key_touch",
      forward_agent: true,
      ssh_file_copy: false,
      pin_source_ip: false,
    });
    expect(spec(role(roleYaml("  options: {require_session_mfa: yes}\n"))).options.require_session_mfa).toBe(
      true,
    );
    expect(() => role(roleYaml("  options: {require_session_mfa: sometimes}\n"))).toThrow(
      /RequireMFAType: unmarshalerDecoder: RequireMFAType invalid value sometimes/,
    );
  });
});

describe("B64: durations", () => {
  it("B64: Teleport's parser knows d (4d is 96h0m0s); `never` is accepted; unknown units are refused", () => {
    const r = role(
      roleYaml(
        "  options:\n    max_session_ttl: 4d\n    client_idle_timeout: never\n  allow:\n    request: {max_duration: 2d}\n",
      ),
    );
    expect(spec(r).options.max_session_ttl).toBe("96h0m0s");
    // never is the zero duration, which omitempty drops.
    expect(spec(r).options).not.toHaveProperty("client_idle_timeout");
    expect((spec(r).allow.request as Json).max_duration).toBe("48h0m0s");
    expect(() => role(roleYaml("  options: {max_session_ttl: 1w}\n"))).toThrow(
      /MaxSessionTTL: unmarshalerDecoder: time: unknown unit in duration "1w"/,
    );
    expect(() => role(roleYaml("  options: {max_session_ttl: 3600}\n"))).toThrow(
      /json: cannot unmarshal number into Go value of type string/,
    );
  });
});

describe("B61: unknown fields are dropped, known ones kept", () => {
  it("B61: typos are dropped and the rest stored; mcp and delegation_profile_labels are stored", () => {
    const r = role(
      roleYaml(
        "  role_options: {max_session_ttl: 1h}\n  allow:\n    database_users: [x]\n    mcp: {tools: [search-files, 'slack_*']}\n    delegation_profile_labels: {team: a}\n",
        "v8",
      ),
    );
    expect(spec(r)).not.toHaveProperty("role_options");
    expect(spec(r).allow).toEqual({
      mcp: { tools: ["search-files", "slack_*"] },
      delegation_profile_labels: { team: "a" },
    });
  });

  it("B61: every RoleConditions and RoleOptions field of the table survives a write", () => {
    const conditionNames = CONDITIONS_TYPE.fields.map((f) => f.json);
    expect(conditionNames).toEqual(
      expect.arrayContaining([
        "mcp",
        "workload_identity_labels",
        "github_permissions",
        "account_assignments",
        "spiffe",
      ]),
    );
    const optionNames = OPTIONS_TYPE.fields.map((f) => f.json);
    expect(optionNames).toEqual(
      expect.arrayContaining([
        "ssh_port_forwarding",
        "create_host_user_default_shell",
        "mfa_verification_interval",
        "device_trust_mode",
      ]),
    );
    const r = role(
      roleYaml(
        [
          "  options:",
          "    ssh_port_forwarding: {local: {enabled: true}, remote: {enabled: false}}",
          "    create_host_user_default_shell: /bin/bash",
          "    device_trust_mode: required",
          "    mfa_verification_interval: 3600000000000",
          "    max_connections: 3",
          "  allow:",
          "    github_permissions: [{orgs: [acme]}]",
          "    account_assignments: [{account: '123', permission_set: arn}]",
          "    spiffe: [{path: /svc/*}]",
          "    workload_identity_labels: {env: dev}",
          "    db_permissions: [{permissions: [SELECT], match: {a: b}}]",
          "",
        ].join("\n"),
      ),
    );
    expect(spec(r).options).toMatchObject({
      ssh_port_forwarding: { local: { enabled: true }, remote: { enabled: false } },
      create_host_user_default_shell: "/bin/bash",
      device_trust_mode: "required",
      mfa_verification_interval: 3600000000000,
      max_connections: 3,
    });
    expect(spec(r).allow).toEqual({
      github_permissions: [{ orgs: ["acme"] }],
      account_assignments: [{ permission_set: "arn", account: "123" }],
      spiffe: [{ path: "/svc/*" }],
      workload_identity_labels: { env: "dev" },
      db_permissions: [{ permissions: ["SELECT"], match: { a: "b" } }],
    });
  });
});

describe("B8: references", () => {
  it("B8: split on unescaped commas, then on space, tab and / into kind, sub-kind and name; 4+ parts fail", () => {
    expect(parseRefs("role/a,user/b")).toEqual([
      { kind: "role", name: "a" },
      { kind: "user", name: "b" },
    ]);
    expect(parseRefs("role/a\\,b")).toEqual([{ kind: "role", name: "a,b" }]);
    expect(parseRefs("role/Dev Team")).toEqual([{ kind: "role", subKind: "Dev", name: "Team" }]);
    expect(parseRefs("role\tx")).toEqual([{ kind: "role", name: "x" }]);
    expect(parseRefs("roles")).toEqual([{ kind: "role", name: "" }]);
    expect(() => parseRefs("role/a b c")).toThrow("failed to parse 'role/a b c'");
  });
});

describe("through the tctl stand-in against a child (B70, B71, B65, B8)", () => {
  let sim: Simulator;
  let child: ChildHandle;
  let tools: Awaited<ReturnType<typeof installTools>>;
  let identity: string;
  const tctl = (args: string[], input?: string): Promise<ToolResult> =>
    runInProcess("tctl", ["-i", identity, "--auth-server", child.domain, ...args], {
      env: baseEnv({ SSL_CERT_FILE: sim.env.SSL_CERT_FILE, TELEPORT_TOOLS_VERSION: "off" }),
      cwd: tools.dir,
      version: VERSION,
      ...(input !== undefined ? { input } : {}),
    });
  const stored = (name: string) => sim.control.getResource(child.name, "role", name);

  beforeAll(async () => {
    [sim, tools] = await Promise.all([
      startSimulator({ delayMs: 0, mirror: false, version: VERSION }),
      installTools({ version: VERSION, edition: "ent" }),
    ]);
    child = await addChild(sim, "types", "types-bot");
    identity = await writeIdentity(tools.dir, "bot-identity", await botIdentity(sim, child));
    await sim.control.setChildBotVerbs(child.name, ["create", "read", "update", "list", "delete"]);
  });

  afterAll(async () => {
    await sim?.stop();
    if (tools) await rm(tools.dir, { recursive: true, force: true });
  });

  it('B70: a quoted "no" is stored as a string and tctl get --format=yaml prints it quoted', async () => {
    const made = await tctl(
      ["create", "-f"],
      roleYaml("  allow:\n    node_labels: {env: 'no', at: '12:30'}\n    logins: [dev]\n", "v7", "quoted"),
    );
    expect(made, plain(made.stderr)).toMatchObject({ code: 0, stdout: 'role "quoted" has been created\n' });
    expect(((await stored("quoted"))?.spec as Json).allow).toMatchObject({
      node_labels: { env: "no", at: "12:30" },
    });
    const got = await tctl(["get", "role/quoted", "--format=yaml"]);
    expect(got.code).toBe(0);
    expect(got.stdout).toContain("    node_labels:\n      at: '12:30'\n      env: 'no'\n");
  });

  it("B71: an unquoted no as a label value fails with exit 1 and ERROR:, nothing stored", async () => {
    const result = await tctl(
      ["create", "-f"],
      roleYaml("  allow:\n    node_labels: {env: no}\n", "v7", "unquoted"),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(plain(result.stderr)).toMatch(
      /^ERROR: types\.RoleV6\.Version: Spec: types\.RoleSpecV6\.Allow: types\.RoleConditions\.NodeLabels: unmarshalerDecoder: json: cannot unmarshal bool into Go value of type \[\]string/,
    );
    expect(await stored("unquoted")).toBeNull();
  });

  it("B65: only system role names in exact case are reserved; lower case and names with spaces are valid", async () => {
    const admin = await tctl(["create", "-f"], roleYaml("  allow: {logins: [a]}\n", "v7", "Admin"));
    expect(admin.code).toBe(1);
    expect(plain(admin.stderr)).toBe("ERROR: reserved role: Admin\n");
    for (const name of ["admin", '"Dev Team"', "Team"]) {
      const made = await tctl(["create", "-f"], roleYaml("  allow: {logins: [a]}\n", "v7", name));
      expect(made.code, plain(made.stderr)).toBe(0);
    }
    expect(await stored("Dev Team")).not.toBeNull();
  });

  it('B8: tctl rm "role/Dev Team" removes the role Team, and Dev Team stays', async () => {
    const result = await tctl(["rm", "role/Dev Team"]);
    expect(result).toMatchObject({ code: 0, stdout: 'role "Team" has been deleted\n' });
    expect(await stored("Team")).toBeNull();
    expect(await stored("Dev Team")).not.toBeNull();
    const four = await tctl(["get", "role/a/b/c"]);
    expect(four.code).toBe(1);
    expect(plain(four.stderr)).toBe("ERROR: failed to parse 'role/a/b/c'\n");
  });
});
