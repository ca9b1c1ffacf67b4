// What the sync hands to `tctl create -f` decodes, under YAML 1.1 as tctl reads it (fact B70), to exactly the
// declared values: every string stays a string and every boolean and number stays one, in every field.
// Two readers check it that share no code with the writer: the yaml package in YAML 1.1 mode, split into
// documents at `---` lines as Kubernetes' YAMLReader does, and the simulator's tctl decoder.

import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { flowValue, quoteForTctl, type TctlValue, tctlInput } from "../../src/teleport/tctl-input.js";
import { decodeResources } from "../sim/tools/common/decode.js";

/** Strings that a YAML 1.1 or 1.2 reader would take for something else when written plain. */
const TRICKY: string[] = [
  "no",
  "NO",
  "No",
  "on",
  "ON",
  "off",
  "Off",
  "y",
  "Y",
  "n",
  "N",
  "yes",
  "Yes",
  "true",
  "False",
  "~",
  "null",
  "Null",
  "",
  " ",
  "1_000",
  "0b101",
  "0777",
  "0o17",
  "0x1F",
  "1e3",
  "1.",
  ".5",
  "-.5",
  "+1",
  "08",
  "12:30",
  "190:20:30",
  "2026-01-01",
  "2026-01-01T10:00:00Z",
  ".inf",
  "-.Inf",
  ".nan",
  "<<",
  "=",
  "a: b",
  "a #b",
  "#comment",
  "!tag",
  "!!str",
  "*alias",
  "&anchor",
  "- item",
  "? key",
  "[x]",
  "{y}",
  "|",
  ">",
  "'single'",
  '"double"',
  "back\\slash",
  "line\nbreak",
  "trailing\n",
  "\ttab",
  "carriage\rreturn",
  "%YAML",
  "@at",
  "`tick`",
  "---",
  "...",
  "--- x",
  "é",
  "日本",
  "emoji 😀",
  "nel\u0085",
  "ls\u2028ps\u2029",
  "bom\ufeff",
  "del\u007f",
  "nul\u0000",
  "bell\u0007",
  "{{internal.logins}}",
  '{{regexp.replace(external.groups, "^(.*)$", "$1")}}',
  'contains(user.spec.traits["groups"], "prod")',
  "*",
  "^arn:aws:iam::[0-9]+:role/.*$",
];

const NUMBERS: number[] = [0, 1, -1, 42, 1000, 65535, 2 ** 31, 2 ** 53 - 1, 1.5, -0.25, 1e21, 1e-7, Math.PI];

/** YAML 1.1, documents cut at `---` lines, empty documents skipped. */
function readAsYaml11(text: string): unknown[] {
  const chunks = text.split(/^---[ \t]*$/m);
  return chunks
    .map((chunk) => parseDocument(chunk, { version: "1.1" }))
    .map((doc) => {
      expect(doc.errors).toEqual([]);
      return doc.toJS() as unknown;
    })
    .filter((v) => v !== null && v !== undefined);
}

function readWithSimulator(text: string): unknown[] {
  return [...decodeResources(text)].map((d) => d.value);
}

function role(value: TctlValue, number: number, bool: boolean): TctlValue {
  const text = value as string;
  return {
    kind: "role",
    version: "v7",
    metadata: { name: `r-${text.length}`, description: text, labels: { [text || "k"]: text, env: text } },
    spec: {
      options: { max_session_ttl: "8h", forward_agent: bool, max_connections: number, cert_format: text },
      allow: {
        logins: [text, "root"],
        node_labels: { [text || "k"]: [text, "x"], single: text },
        rules: [{ resources: ["role"], verbs: ["read"], where: text }],
      },
      deny: {},
    },
  };
}

describe("tctlInput: what the sync writes is what tctl reads", () => {
  it.each(
    TRICKY.map((t) => [JSON.stringify(t), t] as const),
  )("the string %s stays that string", (_n, text) => {
    const doc = role(text, 7, false);
    const input = tctlInput([doc, doc]);
    expect(readAsYaml11(input)).toEqual([doc, doc]);
    expect(readWithSimulator(input)).toEqual([doc, doc]);
  });

  it.each(NUMBERS.map((n) => [n]))("the number %s stays that number", (n) => {
    const doc = role("x", n, true);
    expect(readAsYaml11(tctlInput([doc]))).toEqual([doc]);
    expect(readWithSimulator(tctlInput([doc]))).toEqual([doc]);
  });

  it("booleans, null, empty lists and mappings keep their types", () => {
    const doc: TctlValue = {
      kind: "user",
      version: "v2",
      metadata: { name: "u" },
      spec: { a: true, b: false, c: null, d: [], e: {}, f: [null, true, 0] },
    };
    expect(readAsYaml11(tctlInput([doc]))).toEqual([doc]);
  });

  it("writes only printable ASCII, one `---` line before each document, never a leading `{`", () => {
    const input = tctlInput([role("日本 😀 \u2028", 1, true), role("no", 2, false)]);
    expect(input).toMatch(/^[\x20-\x7e\n]*$/);
    expect(input.startsWith("---\n")).toBe(true);
    expect(input.split("\n").filter((l) => l === "---")).toHaveLength(2);
  });

  it("refuses what no YAML file can hold", () => {
    expect(() => quoteForTctl("half \ud800")).toThrow(/unpaired surrogate/);
    expect(() => flowValue(Number.POSITIVE_INFINITY)).toThrow(/not a number JSON can hold/);
  });

  it("drops undefined members as JSON does", () => {
    expect(flowValue({ a: undefined, b: 1 })).toBe('{"b": 1}');
  });
});
