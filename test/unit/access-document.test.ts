// One role or user document: what is accepted and kept as written, what is refused and where, and the
// protected names the sync engine shares.
import { describe, expect, it } from "vitest";
import {
  accessSource,
  isProtectedName,
  PRESET_ROLES,
  protectedNameProblem,
} from "../../src/manifests/access.js";
import { KINDS } from "../../src/manifests/kinds.js";
import { parseManifestFile, parseWorkloadClusterFile } from "../../src/manifests/load.js";
import { SYSTEM_ROLES, TELEPORT_SYSTEM_ROLE_NAMES } from "../../src/manifests/protected-names.js";
import { accessKinds } from "../../src/sync/kinds/index.js";
import { roleYaml, userYaml } from "../fixtures/access/cases.js";

const ACCESS = accessSource(accessKinds());

const FILE = "teleport/access/roles.yaml";

function read(text: string) {
  const results = parseManifestFile(FILE, text, { allowAccountWideJoin: false }, ACCESS);
  return {
    objects: results.flatMap((r) => (r.resource ? [r.resource.object] : [])),
    errors: results.flatMap((r) => r.errors),
  };
}

const brief = (errors: { line: number; col: number; field?: string; message: string }[]) =>
  errors.map((e) => `${e.line}:${e.col} ${e.field ?? "-"}: ${e.message}`);

describe("role and user documents: accepted", () => {
  it.each(["v3", "v4", "v5", "v6", "v7", "v8"])("accepts a role of version %s", (version) => {
    const { objects, errors } = read(roleYaml("dev", { version }));
    expect(errors).toEqual([]);
    expect(objects[0]?.resource.version).toBe(version);
  });

  it("keeps the document exactly as written, as JSON values, with the line of its kind key", () => {
    const text =
      "version: v7\n" +
      "kind: role\n" +
      "metadata:\n" +
      "  name: dev\n" +
      "  labels: {team: blue}\n" +
      "spec:\n" +
      "  options:\n" +
      "    max_session_ttl: 8h\n" +
      "    forward_agent: true\n" +
      "    port: 3022\n" +
      "  allow:\n" +
      "    logins: &logins [ubuntu, '007']\n" +
      "    windows_desktop_logins: *logins\n" +
      "  deny: {}\n";
    const { objects, errors } = read(text);
    expect(errors).toEqual([]);
    expect(objects).toEqual([
      {
        kind: "role",
        name: "dev",
        file: FILE,
        line: 2,
        resource: {
          version: "v7",
          kind: "role",
          metadata: { name: "dev", labels: { team: "blue" } },
          spec: {
            options: { max_session_ttl: "8h", forward_agent: true, port: 3022 },
            allow: { logins: ["ubuntu", "007"], windows_desktop_logins: ["ubuntu", "007"] },
            deny: {},
          },
        },
        // Where each key is written, for the access review's file:line.
        fieldLines: {
          version: 1,
          kind: 2,
          metadata: 3,
          "metadata.name": 4,
          "metadata.labels": 5,
          "metadata.labels.team": 5,
          spec: 6,
          "spec.options": 7,
          "spec.options.max_session_ttl": 8,
          "spec.options.forward_agent": 9,
          "spec.options.port": 10,
          "spec.allow": 11,
          "spec.allow.logins": 12,
          "spec.allow.windows_desktop_logins": 13,
          "spec.deny": 14,
        },
      },
    ]);
    // Key order as written: the sync engine may print or hash it.
    expect(Object.keys(objects[0]!.resource)).toEqual(["version", "kind", "metadata", "spec"]);
  });

  it("accepts a user of version v2, with or without roles, and keeps fields it does not check", () => {
    const text = `${userYaml("alice", "[access]")}  traits:\n    logins: [alice]\n---\n${userYaml("bob", "")}`;
    const { objects, errors } = read(text);
    expect(errors).toEqual([]);
    expect(objects.map((o) => [o.kind, o.name, o.line])).toEqual([
      ["user", "alice", 1],
      ["user", "bob", 10],
    ]);
    expect(objects[0]!.resource.spec).toEqual({ roles: ["access"], traits: { logins: ["alice"] } });
  });

  it("accepts a user named like a preset role, and empty labels", () => {
    const text = "kind: user\nversion: v2\nmetadata:\n  name: access\n  labels:\n";
    expect(read(text).errors).toEqual([]);
  });
});

describe("role and user documents: refused", () => {
  it("reports every problem of a document in one run", () => {
    const text =
      "kind: role\nversion: v9\nmetadata:\n  name: editor\n  revision: abc\n" +
      "  labels:\n    teleport.dev/origin: dynamic\n";
    expect(brief(read(text).errors)).toEqual([
      '2:10 version: role version "v9" is not supported; tctl accepts v3, v4, v5, v6, v7, v8',
      expect.stringMatching(/^4:9 metadata.name: role "editor" is a preset role of Teleport/),
      expect.stringMatching(/^5:3 metadata.revision: metadata.revision is what tctl get prints/),
      expect.stringMatching(
        /^7:5 metadata.labels.teleport.dev\/origin: label "teleport.dev\/origin" is not allowed/,
      ),
    ]);
  });

  it("says how to write a kind in the wrong case, or a missing one", () => {
    expect(brief(read("kind: Role\nversion: v7\n").errors)).toEqual([
      '1:7 kind: kind must be "role" or "user", found "Role" (kinds are lowercase: write "kind: role")',
    ]);
    expect(brief(read("version: v7\nmetadata: {name: dev}\n").errors)).toEqual([
      '1:1 kind: kind is missing; write "kind: role" or "kind: user"',
    ]);
    expect(brief(read("- kind: role\n").errors)).toEqual([
      "1:1 -: a role or user document must be a mapping with kind, version, metadata and spec; found a list",
    ]);
  });

  it("refuses a spec, labels or roles of the wrong shape", () => {
    expect(brief(read(`${userYaml("alice", "access")}`).errors)).toEqual([
      '6:10 spec.roles: spec.roles must be a list of role names, found the string "access"',
    ]);
    expect(brief(read("kind: role\nversion: v7\nmetadata:\n  name: dev\nspec: all\n").errors)).toEqual([
      '5:7 spec: spec must be a mapping, found the string "all"',
    ]);
    expect(brief(read(roleYaml("dev", { metadata: "  labels: [a]\n" })).errors)).toEqual([
      "5:11 metadata.labels: metadata.labels must be a mapping of label keys to string values, found a list",
    ]);
    expect(brief(read(roleYaml("dev", { metadata: "  labels:\n    team:\n" })).errors)).toEqual([
      "metadata.labels.team".replace(/^/, "6:5 ") +
        ': label "team" must have a string value, found an empty value (write "" for an empty value)',
    ]);
  });

  it("refuses values JSON cannot hold instead of changing them", () => {
    const { errors } = read(`${roleYaml("dev")}  options:\n    max_connections: .inf\n`);
    expect(brief(errors)).toEqual([
      "9:22 spec.options.max_connections: .inf is not a number JSON can hold, and Teleport reads manifests " +
        "as JSON; quote it if it is meant as text",
    ]);
  });

  it("refuses an alias bomb with a message, not a crash", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const text = `kind: role\nversion: v7\nmetadata:\n  name: dev\nspec:\n  ${lines.join("\n  ")}\n`;
    const { errors, objects } = read(text);
    expect(objects).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^YAML: .*alias/i);
  });

  it.each([...PRESET_ROLES])("refuses the preset role %s", (name) => {
    expect(read(roleYaml(name)).errors[0]?.message).toMatch(/is a preset role of Teleport/);
  });

  it.each([...SYSTEM_ROLES])("refuses the system role %s, as the action's own rule", (name) => {
    expect(read(roleYaml(JSON.stringify(name))).errors[0]?.message).toMatch(
      /is a system role of Teleport.*its own rule/,
    );
  });

  it.each([
    ...TELEPORT_SYSTEM_ROLE_NAMES,
  ])("B65: refuses the role %s with Teleport's text, exact case only", (name) => {
    expect(read(roleYaml(JSON.stringify(name))).errors[0]?.message).toMatch(
      new RegExp(`^reserved role: ${name} `),
    );
    expect(read(roleYaml(JSON.stringify(name.toLowerCase()))).errors).toEqual([]);
  });

  it.each([
    "default-implicit-role",
    "connect-my-computer-alice",
    "user:alice",
    "ca:host",
  ])("refuses the role %s, which Teleport makes itself", (name) => {
    expect(read(roleYaml(JSON.stringify(name))).errors).toHaveLength(1);
  });

  it("refuses the system user", () => {
    expect(read(userYaml('"@teleport-access-approval-bot"', "[]")).errors[0]?.message).toBe(
      'user "@teleport-access-approval-bot" is a system user of Teleport; the action never writes it',
    );
  });
});

describe("protected names, for the sync engine", () => {
  it("lists the preset roles", () => {
    expect(PRESET_ROLES).toEqual(
      expect.arrayContaining(["access", "editor", "auditor", "reviewer", "requester", "group-access"]),
    );
    expect(PRESET_ROLES).toEqual(
      expect.arrayContaining([
        "device-admin",
        "device-enroll",
        "require-trusted-device",
        "terraform-provider",
      ]),
    );
  });

  it.each([
    ["role", "acme-bot", true],
    ["user", "bot-acme-bot", true],
    ["user", "acme-bot", false],
    ["role", "bot-other", true],
    ["role", "access", true],
    ["user", "access", false],
    ["role", "@teleport-access-approver", true],
    ["user", "@anyone", true],
    ["role", "dev", false],
  ] as const)("%s %s in a cluster whose bot is acme-bot: protected %s", (kind, name, expected) => {
    expect(isProtectedName(kind, name, "acme-bot")).toBe(expected);
  });

  it("explains why, naming the seeded bot", () => {
    expect(protectedNameProblem("role", "acme-bot", "acme-bot")).toMatch(/seeded bot role \(spec.bot.name\)/);
    expect(protectedNameProblem("user", "bot-acme-bot", "acme-bot")).toMatch(
      /\(here: the child's seeded bot\)/,
    );
    expect(protectedNameProblem("role", "acme-bot")).toBeUndefined();
  });
});

describe("the registry of kinds", () => {
  it("registers role and user beside workload_cluster", () => {
    expect([...KINDS.keys()]).toEqual(expect.arrayContaining(["workload_cluster", "role", "user"]));
  });

  it("still tells a role in the workload-clusters files that it is in the wrong place", () => {
    const [result] = parseWorkloadClusterFile("teleport/workload-clusters/a.yaml", roleYaml("dev"), {
      allowAccountWideJoin: false,
    });
    expect(result!.errors[0]?.message).toMatch(/^kind must be "workload_cluster", found "role"/);
  });
});
