// One document at a time: every check of the workload_cluster schema, with the line, column and field of
// each problem.
import { describe, expect, it } from "vitest";
import type { ManifestError } from "../../src/manifests/errors.js";
import { parseWorkloadClusterFile } from "../../src/manifests/load.js";

const strict = { allowAccountWideJoin: false };

const VALID = `kind: workload_cluster
version: v1
metadata:
  name: acme
spec:
  regions:
    - name: us-west-2
  bot:
    name: acme-bot
  token:
    join_method: iam
    allow:
      - aws_account: "012345678901"
        aws_arn: arn:aws:sts::012345678901:assumed-role/deploy/*
`;

function validate(text: string, options = strict) {
  return parseWorkloadClusterFile("c.yaml", text, options)[0]!;
}

/** `VALID` with the line that starts with `from` (after indentation) replaced. */
function edit(from: string, to: string): string {
  const lines = VALID.split("\n");
  const i = lines.findIndex((l) => l.trimStart().startsWith(from));
  if (i < 0) throw new Error(`no line ${from}`);
  lines.splice(i, 1, ...(to === "" ? [] : to.split("\n")));
  return lines.join("\n");
}

const brief = (errors: ManifestError[]) =>
  errors.map((e) => `${e.line}:${e.col} ${e.field ?? "-"}: ${e.message}`);

describe("one workload_cluster document", () => {
  it("returns the typed cluster for a valid document, at the line of kind", () => {
    const result = validate(`# leading comment\n${VALID}`);
    expect(result.errors).toEqual([]);
    expect(result.resource).toMatchObject({ name: "acme", file: "c.yaml", line: 2 });
    expect(result.declaredName).toEqual({ value: "acme", line: 5, col: 9 });
  });

  it.each([
    ["missing kind", edit("kind:", ""), '1:1 kind: kind is missing; write "kind: workload_cluster"'],
    [
      "plural kind",
      edit("kind:", "kind: workload_clusters"),
      /^1:7 kind: kind must be "workload_cluster", found "workload_clusters"/,
    ],
    [
      "numeric version",
      edit("version:", "version: 1"),
      '2:10 version: version must be the string "v1", found the number 1',
    ],
    [
      "missing metadata",
      edit("metadata:", "").replace("  name: acme\n", ""),
      /^1:1 metadata: metadata is missing/,
    ],
    [
      "metadata as a string",
      edit("metadata:", "metadata: acme").replace("  name: acme\n", ""),
      /^3:11 metadata: metadata must be a mapping, found the string "acme"/,
    ],
    [
      "revision",
      edit("name: acme", "  name: acme\n  revision: abc"),
      /^5:3 metadata.revision: metadata.revision is set by Teleport/,
    ],
    [
      "description",
      edit("name: acme", "  name: acme\n  description: x"),
      /^5:3 metadata.description: .*may hold only name, not description/,
    ],
    [
      "missing name",
      edit("name: acme", "  {}").replace("metadata:\n  {}", "metadata: {}"),
      /^3:11 metadata.name: metadata.name is missing; .*<name>\.teleport\.sh/,
    ],
    [
      "numeric name",
      edit("name: acme", "  name: 42"),
      /^4:9 metadata.name: metadata.name must be a string, found the number 42 \(quote it/,
    ],
    ["missing spec", VALID.slice(0, VALID.indexOf("spec:")), /^1:1 spec: spec is missing/],
    [
      "regions as a string",
      edit("regions:", "  regions: us-west-2").replace("    - name: us-west-2\n", ""),
      /^6:12 spec.regions: spec.regions must be a list, found the string "us-west-2"/,
    ],
    [
      "region as a string",
      edit("- name: us-west-2", "    - us-west-2"),
      /^7:7 spec.regions\[0\]: each region is a mapping with a name, e.g. "- name: us-west-2"/,
    ],
    [
      "region without name",
      edit("- name: us-west-2", "    - {}"),
      /^7:7 spec.regions\[0\].name: spec.regions\[0\].name is missing/,
    ],
    [
      "region typo",
      edit("- name: us-west-2", "    - name: us-west2"),
      /^7:13 spec.regions\[0\].name: region "us-west2" does not look like an AWS region name such as us-west-2/,
    ],
    [
      "region listed twice",
      edit("- name: us-west-2", "    - name: us-west-2\n    - name: us-west-2"),
      /^8:13 .*region "us-west-2" is listed twice \(first at line 7\)/,
    ],
    [
      "region with extra key",
      edit("- name: us-west-2", "    - name: us-west-2\n      zone: a"),
      /^8:7 spec.regions\[0\].zone: unknown field "zone" in spec.regions\[0\]; allowed: name$/,
    ],
    [
      "missing bot",
      edit("bot:", "").replace("    name: acme-bot\n", ""),
      /^6:3 spec.bot: spec.bot is missing; .*signs in to the new cluster as this bot/,
    ],
    [
      "empty bot",
      edit("bot:", "  bot:").replace("    name: acme-bot\n", ""),
      /^8:3 spec.bot: spec.bot must be a mapping, found an empty value/,
    ],
    ["empty bot name", edit("name: acme-bot", '    name: ""'), /^9:11 spec.bot.name: spec.bot.name is empty/],
    [
      "missing join_method",
      edit("join_method:", ""),
      /^11:5 spec.token.join_method: spec.token.join_method is missing; write "join_method: iam"/,
    ],
    [
      "missing allow",
      VALID.slice(0, VALID.indexOf("    allow:")),
      /^11:5 spec.token.allow: spec.token.allow is missing; list at least one rule/,
    ],
    [
      "empty allow",
      VALID.slice(0, VALID.indexOf("    allow:")) + "    allow: []\n",
      /^12:12 spec.token.allow: spec.token.allow is empty/,
    ],
    [
      "allow rule as a string",
      VALID.slice(0, VALID.indexOf("      - aws")) + "      - arn:aws:sts::1:x\n",
      /^13:9 spec.token.allow\[0\]: each allow rule is a mapping with aws_account and aws_arn; found the string/,
    ],
    [
      "missing account",
      edit("- aws_account:", "      - aws_arn: arn:aws:sts::012345678901:assumed-role/deploy/*").replace(
        "        aws_arn: arn:aws:sts::012345678901:assumed-role/deploy/*\n",
        "",
      ),
      /^13:9 spec.token.allow\[0\].aws_account: .*is missing; the 12-digit AWS account ID/,
    ],
    [
      "account with dashes",
      edit("- aws_account:", '      - aws_account: "0123-4567-8901"'),
      /must be exactly 12 digits; write it without dashes or spaces: "012345678901"$/,
    ],
    [
      "unquoted account without a leading zero",
      edit("- aws_account:", "      - aws_account: 123456789012").replace(/012345678901/g, "123456789012"),
      /^13:22 .*aws_account 123456789012 is not quoted.*quote it: aws_account: "123456789012"$/,
    ],
    [
      "unquoted short account",
      edit("- aws_account:", "      - aws_account: 42"),
      /aws_account 42 is not quoted.*quote it and give all 12 digits/,
    ],
    [
      "organization matcher",
      edit(
        "aws_arn:",
        "        aws_arn: arn:aws:sts::012345678901:assumed-role/deploy/*\n        aws_organization_id: o-1",
      ),
      /^15:9 .*aws_organization_id is not supported here: .*not supported in Teleport Cloud/,
    ],
    [
      "empty aws_arn",
      edit("aws_arn:", '        aws_arn: ""'),
      /^14:18 spec.token.allow\[0\].aws_arn: this allow rule has no aws_arn/,
    ],
    [
      "numeric aws_arn",
      edit("aws_arn:", "        aws_arn: 5"),
      /^14:18 spec.token.allow\[0\].aws_arn: aws_arn must be a string, found the number 5/,
    ],
    [
      "misspelt key",
      edit("join_method:", "    join_metod: iam"),
      /unknown field "join_metod" in spec.token; allowed: join_method, allow \(did you mean "join_method"\?\)/,
    ],
    [
      "list document",
      "- kind: workload_cluster\n",
      /^1:1 -: a workload_cluster document must be a mapping .*found a list/,
    ],
    ["non-string key", `${VALID}1: x\n`, /^15:1 -: keys must be plain strings, found the number 1/],
    ["unresolved tag", edit("name: acme", "  name: !custom acme"), /^4:9 -: YAML: Unresolved tag: !custom/],
    ["unknown alias", edit("name: acme-bot", "    name: *nope"), /^9:11 -: YAML: unknown alias \*nope/],
    [
      "a key named like a JavaScript object property",
      `${VALID}constructor: x\n`,
      '15:1 constructor: unknown field "constructor" in a workload_cluster document; allowed: kind, version, metadata, spec',
    ],
  ])("%s", (_name, text, want) => {
    const result = validate(text);
    expect(result.resource).toBeUndefined();
    if (typeof want === "string") expect(brief(result.errors)).toEqual([want]);
    else expect(brief(result.errors)).toEqual([expect.stringMatching(want)]);
  });

  it("collects every problem of a document, not just the first", () => {
    const text = edit("kind:", "kind: role")
      .replace("name: acme\n", "name: ACME\n")
      .replace("join_method: iam", "join_method: token");
    expect(validate(text).errors.map((e) => `${e.line} ${e.field}`)).toEqual([
      "1 kind",
      "4 metadata.name",
      "11 spec.token.join_method",
    ]);
  });

  it("follows anchors and aliases", () => {
    const text = VALID.replace("    allow:\n", "    allow: &rules\n");
    const result = validate(`${text}---\n`);
    expect(result.errors).toEqual([]);
    const aliased = validate(
      `${VALID.replace("      - aws_account", "      - &rule\n        aws_account")}`.replace(
        "assumed-role/deploy/*\n",
        "assumed-role/deploy/*\n      - *rule\n",
      ),
    );
    expect(aliased.errors).toEqual([]);
    expect(aliased.resource?.spec.token.allow).toHaveLength(2);
  });

  it("reports a syntax error in the second document of a file without hiding the first", () => {
    const results = parseWorkloadClusterFile("f.yaml", `${VALID}---\nkind: [\n`, strict);
    expect(results.map((r) => r.resource?.name)).toEqual(["acme", undefined]);
    expect(results[1]!.errors[0]).toMatchObject({
      file: "f.yaml",
      line: 17,
      message: expect.stringMatching(/^YAML: /),
    });
  });

  it.each([
    ["an empty file", ""],
    ["only comments", "# soon\n"],
    ["only separators", "---\n---\n...\n"],
    ["a directive and nothing else", "%YAML 1.2\n---\n"],
  ])("refuses a file with %s, like tctl (fact: B1)", (_name, text) => {
    const results = parseWorkloadClusterFile("f.yaml", text, strict);
    expect(results.flatMap((r) => r.errors)).toEqual([
      {
        file: "f.yaml",
        line: 1,
        col: 1,
        message: expect.stringMatching(
          /^the file holds no workload_cluster document \(it is empty or only comments\)/,
        ),
      },
    ]);
  });

  it("counts lines the same with CRLF line endings and a byte-order mark", () => {
    const text = `\ufeff${VALID.replace("name: acme\n", "name: ACME\n")}`.replace(/\n/g, "\r\n");
    const [result] = parseWorkloadClusterFile("f.yaml", text, strict);
    expect(result!.errors.map((e) => `${e.line}:${e.col} ${e.field}`)).toEqual(["4:9 metadata.name"]);
  });

  it("reports a duplicate key as a YAML error at the second key, saying the refusal is the action's rule", () => {
    expect(brief(validate(edit("version:", "version: v1\nversion: v1")).errors)).toEqual([
      expect.stringMatching(
        /^3:1 -: YAML: Map keys must be unique: .*Teleport would keep only the last value.*its own rule/,
      ),
    ]);
  });
});
