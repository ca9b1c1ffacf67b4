// The repository read the way Teleport reads it (facts B70, B71, B72, B61, B73, B62, B64, B65, B8): plain scalars under go-yaml v2's YAML 1.1
// rules, the written document equal to Teleport's reading, YAML 1.1 surprises refused at their line with
// advice, rewritten keys and duplicate keys refused as the action's own rules, and names tctl cannot address.

import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { accessSource } from "../../src/manifests/access.js";
import type { AccessRead } from "../../src/manifests/access-document.js";
import { toJson } from "../../src/manifests/dialect/node.js";
import { resolvePlain, teleportDocument } from "../../src/manifests/dialect/yaml11.js";
import { parseManifestFile } from "../../src/manifests/load.js";
import { accessKinds } from "../../src/sync/kinds/index.js";

const ACCESS = accessSource(accessKinds());

// What go-yaml v2 (gopkg.in/yaml.v2 2.4, checked with scripts/goyaml) makes of each plain scalar.
const PLAIN: [string, unknown][] = [
  ["no", false],
  ["NO", false],
  ["No", false],
  ["n", false],
  ["N", false],
  ["off", false],
  ["Off", false],
  ["yes", true],
  ["Y", true],
  ["y", true],
  ["on", true],
  ["ON", true],
  ["true", true],
  ["False", false],
  ["~", null],
  ["null", null],
  ["NULL", null],
  ["", null],
  ["1_000", 1000],
  ["0b101", 5],
  ["-0b11", -3],
  ["0777", 511],
  ["0o17", 15],
  ["0x1F", 31],
  ["-0x1F", -31],
  ["1e3", 1000],
  ["1.", 1],
  [".5", 0.5],
  ["-.5", -0.5],
  ["+1", 1],
  ["08", 8],
  ["0", 0],
  ["-0", 0],
  ["12:30", "12:30"],
  ["190:20:30", "190:20:30"],
  ["2026-01-01", "2026-01-01"],
  ["2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"],
  ["tRue", "tRue"],
  ["nULL", "nULL"],
  ["0x", "0x"],
  ["0b2", "0b2"],
  ["1e", "1e"],
  ["3.14.15", "3.14.15"],
  ["1:2:3", "1:2:3"],
  ["_1", "_1"],
  ["=", "="],
  ["v7", "v7"],
  ["8h", "8h"],
  ["4d", "4d"],
  ["*", "*"],
];

describe("resolvePlain: go-yaml v2's reading of a plain scalar (B70)", () => {
  it.each(PLAIN)("%j is %j", (text, want) => {
    expect(resolvePlain(text).value).toEqual(want);
  });

  it("knows the special floats, which JSON cannot hold", () => {
    expect(resolvePlain(".inf").value).toBe(Number.POSITIVE_INFINITY);
    expect(resolvePlain("-.Inf").value).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(resolvePlain(".nan").value)).toBe(true);
  });
});

describe("teleportDocument: a document as sigs.k8s.io/yaml hands it to Teleport", () => {
  const read = (text: string) => teleportDocument(parseDocument(text, { uniqueKeys: false }) as never);

  it("reads quoted strings as strings and plain YAML 1.1 words as what Teleport sees", () => {
    const { root, findings } = read('a: no\nb: "no"\nc: 0777\nd: !!str yes\ne: |\n  on\nf: 12:30\n');
    expect(findings).toEqual([]);
    expect(toJson(root!)).toEqual({ a: false, b: "no", c: 511, d: "yes", e: "on\n", f: "12:30" });
  });

  it("expands aliases and merge keys as go-yaml v2 does", () => {
    const { root } = read("base: &b {p: 1, q: 2}\nuse:\n  <<: *b\n  q: 3\n");
    expect(toJson(root!)).toEqual({ base: { p: 1, q: 2 }, use: { p: 1, q: 3 } });
  });

  it("refuses keys YAML 1.1 rewrites, as the action's own rule, and null keys as Teleport does", () => {
    const { findings } = read("on: a\n~: b\n1: c\n");
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/"on" is the key "true" in YAML 1.1.*its own rule.*quote it/),
      expect.stringMatching(/null in YAML 1.1.*Teleport refuses a null key/),
    ]);
  });

  it("refuses an escaped surrogate, even a pair, as go-yaml does; \\U escapes and escaped backslashes are fine", () => {
    const at = (t: string) => teleportDocument(parseDocument(t) as never, t).findings.map((f) => f.message);
    expect(at('a: "x\\ud800"\n')).toEqual([expect.stringMatching(/escapes a surrogate/)]);
    expect(at('a: "\\ud83d\\ude00"\n')).toEqual([expect.stringMatching(/escapes a surrogate/)]);
    expect(at('a: "\\U0001F600"\n')).toEqual([]);
    expect(at('a: "\\\\ud800"\n')).toEqual([]);
    expect(at("a: '\\ud800'\n")).toEqual([]);
  });

  it("refuses numbers JSON cannot hold", () => {
    expect(read("a: .inf\n").findings[0]?.message).toMatch(/JSON cannot hold.*infinity/);
  });
});

const ROLE = (body: string, name = "dev") => `kind: role
version: v7
metadata:
  name: ${name}
${body}`;

function validate(text: string) {
  const [result] = parseManifestFile("teleport/access/r.yaml", text, { allowAccountWideJoin: false }, ACCESS);
  return {
    errors: result!.errors.map((e) => `${e.line}:${e.col} ${e.field ?? "-"}: ${e.message}`),
    warnings: (result!.warnings ?? []).map((e) => `${e.line}:${e.col} ${e.field ?? "-"}: ${e.message}`),
    resource: (result!.resource as AccessRead | undefined)?.object.resource,
  };
}

describe("access documents are read as Teleport reads them", () => {
  it("refuses an unquoted `no` label value at its line, saying what YAML 1.1 made of it", () => {
    const { errors } = validate(ROLE("  labels:\n    env: no\nspec: {}\n"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^6:10 metadata\.labels\.env: .*YAML 1\.1, which Teleport reads, makes "no" the boolean false.*quote it \("no"\)/,
      ),
    ]);
  });

  it('keeps a quoted "no" label value a string in what is written', () => {
    const { errors, resource } = validate(ROLE('  labels:\n    env: "no"\nspec: {}\n'));
    expect(errors).toEqual([]);
    expect(resource).toMatchObject({ metadata: { labels: { env: "no" } } });
  });

  it("refuses a name YAML 1.1 reads as a boolean", () => {
    expect(validate(ROLE("spec: {}\n", "yes")).errors).toEqual([
      expect.stringMatching(/^4:9 metadata\.name: .*makes "yes" the boolean true/),
    ]);
  });

  it("writes a boolean option as the boolean YAML 1.1 reads (`disconnect_expired_cert: no` is false)", () => {
    const { errors, resource } = validate(ROLE("spec:\n  options:\n    disconnect_expired_cert: no\n"));
    expect(errors).toEqual([]);
    expect(resource).toMatchObject({ spec: { options: { disconnect_expired_cert: false } } });
  });

  it("refuses a user's role that YAML 1.1 reads as a boolean", () => {
    const user = "kind: user\nversion: v2\nmetadata:\n  name: alice\nspec:\n  roles: [dev, on]\n";
    expect(validate(user).errors).toEqual([
      expect.stringMatching(/^6:16 spec\.roles\[1\]: .*"on" the boolean true/),
    ]);
  });

  it("accepts a number label key, which Teleport reads as its text", () => {
    const { errors, resource } = validate(ROLE('  labels:\n    2026: "yes"\nspec: {}\n'));
    expect(errors).toEqual([]);
    expect(resource).toMatchObject({ metadata: { labels: { "2026": "yes" } } });
  });

  it.each([
    ["Dev Team", /a space/],
    ["team/dev", /a slash/],
    ['"a,b"', /a comma/],
  ])("B8: refuses the name %s, which tctl cannot address, as the action's own rule", (name, why) => {
    const [error] = validate(ROLE("spec: {}\n", name)).errors;
    expect(error).toMatch(/^4:9 metadata\.name: role .* cannot be addressed by tctl/);
    expect(error).toMatch(why);
    expect(error).toMatch(/its own rule/);
  });
});
