import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Document, LineCounter, parseAllDocuments } from "yaml";
import { compareErrors, type ManifestError } from "../../src/manifests/errors.js";
import {
  DEFAULT_WORKLOAD_CLUSTER_GLOBS,
  expandPatterns,
  loadWorkloadClusters,
  parsePatternList,
  parseWorkloadClusterFile,
} from "../../src/manifests/load.js";
import {
  awsArnProblem,
  clusterNameProblem,
  globMatches,
  regionNameProblem,
  validateWorkloadClusterDocument,
} from "../../src/manifests/workload-cluster.js";
import { MANIFEST_CASES } from "../fixtures/manifests/cases.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "manifests");
const strict = { allowAccountWideJoin: false };

async function loadCase(name: string, allowAccountWideJoin = false) {
  return loadWorkloadClusters(DEFAULT_WORKLOAD_CLUSTER_GLOBS, {
    cwd: path.join(FIXTURES, name),
    allowAccountWideJoin,
  });
}

describe("malformed manifest corpus (test/fixtures/manifests/*, default glob)", () => {
  const cases = MANIFEST_CASES;

  it.each(cases)("%s", async (name, expected) => {
    const { clusters, errors } = await loadCase(name);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((want, i) => {
      const got = errors[i]!;
      expect(got).toMatchObject({ file: want.file, line: want.line, ...(want.col ? { col: want.col } : {}) });
      expect(got.field).toBe(want.field);
      expect(got.message).toMatch(want.message);
    });
    // Only the first of two duplicates is a usable cluster; every other case declares nothing valid.
    expect(clusters.map((c) => c.name)).toEqual(name.startsWith("duplicates") ? ["acme"] : []);
  });

  it("covers every fixture directory", async () => {
    const { readdir } = await import("node:fs/promises");
    const dirs = (await readdir(FIXTURES)).filter((d) => d !== "valid" && !d.endsWith(".ts")).sort();
    expect(dirs).toEqual(cases.map(([name]) => name).sort());
  });

  it("accepts a rule without aws_arn when allow-account-wide-join is true", async () => {
    const { clusters, errors } = await loadCase("missing-arn", true);
    expect(errors).toEqual([]);
    expect(clusters[0]?.spec.token.allow).toEqual([{ aws_account: "012345678901" }]);
  });
});

describe("valid manifests", () => {
  it("loads every document of every file in declaration order, with positions", async () => {
    const { clusters, errors } = await loadCase("valid");
    expect(errors).toEqual([]);
    expect(clusters).toEqual([
      {
        name: "acme",
        file: "teleport/workload-clusters/acme.yaml",
        line: 2,
        spec: {
          regions: [{ name: "us-west-2" }],
          bot: { name: "acme-provisioner" },
          token: {
            join_method: "iam",
            allow: [
              {
                aws_account: "012345678901",
                aws_arn: "arn:aws:sts::012345678901:assumed-role/teleport-provisioner/*",
              },
            ],
          },
        },
      },
      {
        name: "team-blue",
        file: "teleport/workload-clusters/teams/multi.yml",
        line: 2,
        spec: {
          regions: [{ name: "us-east-1" }, { name: "eu-central-1" }],
          bot: { name: "blue-bot" },
          token: {
            join_method: "iam",
            allow: [
              { aws_account: "000000000042", aws_arn: "arn:aws:sts::000000000042:assumed-role/gha-deploy/*" },
              { aws_account: "000000000042", aws_arn: "arn:aws:iam::000000000042:user/ci/deployer" },
            ],
          },
        },
      },
      {
        name: "team-gov",
        file: "teleport/workload-clusters/teams/multi.yml",
        line: 21,
        spec: {
          regions: [{ name: "us-gov-west-1" }],
          bot: { name: "gov-bot" },
          token: {
            join_method: "iam",
            allow: [
              {
                aws_account: "123456789012",
                aws_arn: "arn:aws-us-gov:sts::123456789012:assumed-role/deploy/*",
              },
            ],
          },
        },
      },
      expect.objectContaining({ name: "zeta", file: "teleport/workload-clusters/zeta.yaml", line: 1 }),
    ]);
  });

  it("defaults to one pattern, so a repository with only .yaml or only .yml files is not an error", () => {
    expect(DEFAULT_WORKLOAD_CLUSTER_GLOBS).toEqual(["teleport/workload-clusters/**/*.{yaml,yml}"]);
  });
});

describe("patterns", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), "wc-manifests-"));
    const write = async (file: string, text: string) => {
      await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
      await writeFile(path.join(repo, file), text);
    };
    const doc = (name: string) =>
      `kind: workload_cluster\nversion: v1\nmetadata: {name: ${name}}\nspec:\n  regions: [{name: us-west-2}]\n` +
      `  bot: {name: b}\n  token:\n    join_method: iam\n    allow:\n` +
      `      - {aws_account: "012345678901", aws_arn: "arn:aws:sts::012345678901:assumed-role/r/*"}\n`;
    await write("tenants/b/cluster.yaml", doc("b"));
    await write("tenants/a/cluster.yaml", doc("a"));
    await write("tenants/a/notes.md", "not yaml");
    await write("tenants/c/cluster.yml", doc("c"));
    await write("tenants/skip/cluster.yaml", doc("skip"));
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("sorts files by path whatever the pattern order, and reads a file matched twice once", async () => {
    const { files, errors } = await expandPatterns(
      ["tenants/c/*.yml", "tenants/*/cluster.yaml", "tenants/a/*"],
      repo,
    );
    expect(errors).toEqual([]);
    expect(files).toEqual([
      "tenants/a/cluster.yaml",
      "tenants/a/notes.md",
      "tenants/b/cluster.yaml",
      "tenants/c/cluster.yml",
      "tenants/skip/cluster.yaml",
    ]);
  });

  it("excludes with a leading !", async () => {
    const { clusters, errors } = await loadWorkloadClusters(["tenants/**/*.{yaml,yml}", "!tenants/skip/**"], {
      cwd: repo,
      allowAccountWideJoin: false,
    });
    expect(errors).toEqual([]);
    expect(clusters.map((c) => `${c.name}@${c.file}:${c.line}`)).toEqual([
      "a@tenants/a/cluster.yaml:1",
      "b@tenants/b/cluster.yaml:1",
      "c@tenants/c/cluster.yml:1",
    ]);
  });

  it.each([
    [
      ["tenants/*.yaml"],
      /^Input "workload-clusters": pattern "tenants\/\*\.yaml" matches no file in the repository/,
    ],
    [
      ["tenants/a"],
      /pattern "tenants\/a" matches no file: it is a directory; .*"tenants\/a\/\*\*\/\*\.\{yaml,yml\}"/,
    ],
    [["tenants/skip/*.yaml", "!tenants/skip/**"], /matches no file \(after excluding !tenants\/skip\/\*\*\)/],
    [["/etc/*.yaml"], /pattern "\/etc\/\*\.yaml" is absolute; write it relative to the repository root/],
    [["../other/*.yaml"], /pattern "\.\.\/other\/\*\.yaml" leaves the repository/],
    [[], /^Input "workload-clusters": gives no pattern; give at least one/],
    [["!tenants/**"], /has only exclusions/],
  ])("rejects %j", async (patterns, message) => {
    const { clusters, errors } = await loadWorkloadClusters(patterns, {
      cwd: repo,
      allowAccountWideJoin: false,
    });
    expect(clusters).toEqual([]);
    expect(errors).toEqual([{ file: "", line: 0, col: 0, message: expect.stringMatching(message) }]);
  });

  it("reports an unmatched pattern and still validates the files other patterns match", async () => {
    const { clusters, errors } = await loadWorkloadClusters(["tenants/a/*.yaml", "tenants/typo/*.yaml"], {
      cwd: repo,
      allowAccountWideJoin: false,
    });
    expect(clusters.map((c) => c.name)).toEqual(["a"]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('"tenants/typo/*.yaml" matches no file'),
    ]);
  });

  it("reports a matched file that is not a workload_cluster", async () => {
    const { errors } = await loadWorkloadClusters(["tenants/a/*"], {
      cwd: repo,
      allowAccountWideJoin: false,
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "tenants/a/notes.md",
        line: 1,
        col: 1,
        message: expect.stringContaining("must be a mapping"),
      }),
    ]);
  });

  it.each([
    ["one\ntwo\n", ["one", "two"]],
    [
      "  teleport/**/*.{yaml,yml}  \r\n\n!teleport/old/**\n",
      ["teleport/**/*.{yaml,yml}", "!teleport/old/**"],
    ],
    ["", []],
  ])("splits the input %j into patterns by line only", (value, want) => {
    expect(parsePatternList(value)).toEqual(want);
  });
});

// --- one document at a time -------------------------------------------------------------------------------

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
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false }) as Document[];
  return validateWorkloadClusterDocument(docs[0]!, "c.yaml", lineCounter, options);
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

describe("validateWorkloadClusterDocument", () => {
  it("returns the typed cluster for a valid document, at the line of kind", () => {
    const result = validate(`# leading comment\n${VALID}`);
    expect(result.errors).toEqual([]);
    expect(result.cluster).toMatchObject({ name: "acme", file: "c.yaml", line: 2 });
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
  ])("%s", (_name, text, want) => {
    const result = validate(text);
    expect(result.cluster).toBeUndefined();
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
    expect(aliased.cluster?.spec.token.allow).toHaveLength(2);
  });

  it("reports a syntax error in the second document of a file without hiding the first", () => {
    const results = parseWorkloadClusterFile("f.yaml", `${VALID}---\nkind: [\n`, strict);
    expect(results.map((r) => r.cluster?.name)).toEqual(["acme", undefined]);
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
  ])("refuses a file with %s, like tctl (fact: tctl-facts.md §1)", (_name, text) => {
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

  it("reports a duplicate key as a YAML error at the second key", () => {
    expect(brief(validate(edit("version:", "version: v1\nversion: v1")).errors)).toEqual([
      "3:1 -: YAML: Map keys must be unique",
    ]);
  });
});

describe("cluster names become <name>.teleport.sh (DNS labels)", () => {
  it.each([
    "a",
    "acme",
    "acme-prod",
    "0",
    "123",
    "x".repeat(63),
    "a-b-c-1",
    "xn--bcher-kva",
  ])("accepts %j", (name) => {
    expect(clusterNameProblem(name)).toBeUndefined();
  });
  it.each([
    ["", /is empty/],
    ["x".repeat(64), /is 64 characters long/],
    ["Acme", /has uppercase letters: .*\(e\.g\. "acme"\)/],
    ["acme.prod", /contains "\.": .*\(e\.g\. "acme-prod"\)/],
    ["acme prod", /contains " "/],
    ["-acme", /starts or ends with "-".*\(e\.g\. "acme"\)/],
    ["acme-", /starts or ends with "-"/],
    ["ünïcode", /contains "ü", "ï"/],
  ])("rejects %j", (name, message) => {
    const problem = clusterNameProblem(name);
    expect(problem).toMatch(message);
    expect(problem).toContain("<name>.teleport.sh, so it must be a DNS label of 1-63 lowercase letters");
  });
});

describe("region names", () => {
  it.each([
    "us-west-2",
    "eu-central-1",
    "us-gov-west-1",
    "ap-southeast-4",
    "cn-north-1",
    "il-central-1",
  ])("accepts %s", (name) => expect(regionNameProblem(name)).toBeUndefined());
  it.each([
    "us-west2",
    "US-WEST-2",
    "oregon",
    "us_west_2",
    "uswest-2",
    " ",
  ])("rejects %j with an example", (name) => {
    expect(regionNameProblem(name)).toMatch(/us-west-2/);
  });
});

describe("Teleport's aws_arn glob (fact: teleport-connection.md §5)", () => {
  it.each([
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/s", true],
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/a/b:c", true], // * spans / and :
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/", true], // * may be empty
    ["arn:aws:sts::1:assumed-role/r/?", "arn:aws:sts::1:assumed-role/r/ab", false], // ? is exactly one
    ["arn:aws:sts::1:assumed-role/r.x/s", "arn:aws:sts::1:assumed-role/rzx/s", false], // . is literal
    ["arn:aws:sts::1:assumed-role/R/s", "arn:aws:sts::1:assumed-role/r/s", false], // case-sensitive
    ["arn:aws:sts::1:assumed-role/r", "arn:aws:sts::1:assumed-role/r/s", false], // anchored
    ["*", "", true],
    ["a**b", "ab", true],
  ])("%j against %j: %s", (pattern, value, want) => {
    expect(globMatches(pattern, value)).toBe(want);
  });
});

describe("aws_arn rules", () => {
  const account = "012345678901";
  it.each([
    "arn:aws:sts::012345678901:assumed-role/deploy/*",
    "arn:aws:sts::012345678901:assumed-role/deploy/GitHubActions",
    "arn:aws:sts::012345678901:assumed-role/gha-?/*",
    "arn:aws:sts::012345678901:assumed-role/teleport-*/*",
    "arn:aws:sts::*:assumed-role/deploy/*", // the account is pinned by aws_account
    "arn:aws:sts::0123*:assumed-role/deploy/*",
    "arn:aws-cn:sts::012345678901:assumed-role/deploy/*",
    "arn:aws-us-gov:sts::012345678901:assumed-role/deploy/*",
    "arn:*:sts::012345678901:assumed-role/deploy/*",
    "arn:aws:iam::012345678901:user/deployer",
    "arn:aws:iam::012345678901:user/ci/team/deployer",
    "arn:aws:iam::012345678901:user/ci/*-deployer",
  ])("accepts %s", (arn) => {
    expect(awsArnProblem(arn, account, strict)).toBeUndefined();
  });

  it.each([
    [
      "arn:aws:iam::012345678901:role/deploy",
      /is an IAM role ARN, which never matches.* Use "arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    [
      "arn:aws:iam::012345678901:role/service-role/deploy",
      /IAM role ARN.*"arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/, // STS drops the role's path
    ],
    [
      "arn:aws-cn:iam::012345678901:role/deploy",
      /IAM role ARN.*"arn:aws-cn:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    ["arn:aws:iam::012345678901:role/*", /IAM role ARN.*assumed-role\/\*\/\*"$/],
    [
      "arn:aws:sts::111111111111:assumed-role/deploy/*",
      /names account "111111111111" but aws_account is "012345678901"/,
    ],
    ["arn:aws:sts::1111*:assumed-role/deploy/*", /names account "1111\*" but aws_account is "012345678901"/],
    ["arn:aws:iam::111111111111:user/deployer", /names account "111111111111"/],
    [
      "arn:aws:sts::12345:assumed-role/deploy/*",
      /cannot match any identity that STS GetCallerIdentity returns/,
    ],
    [
      "arn:aws-eu:sts::012345678901:assumed-role/deploy/*",
      /has partition "aws-eu"; the partition is one of aws, aws-cn, aws-us-gov/,
    ],
    [
      "arn:aws:sts::012345678901:assumed-role/deploy",
      /has no session part.*"arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    ["arn:aws:iam::012345678901:root", /is the account's root user; join with a role/],
    ["arn:aws:sts::012345678901:federated-user/bob", /cannot match any identity/],
    ["ARN:AWS:sts::012345678901:assumed-role/deploy/*", /cannot match any identity/], // case-sensitive
    ["arn:aws:sts::012345678901:assumed-role/deploy/*/extra?", /cannot match any identity/],
    [
      "deploy",
      /cannot match any identity.*"arn:aws:sts::012345678901:assumed-role\/<role>\/\*".*user\/<name>"$/,
    ],
    ["*", /matches every assumed role in account 012345678901, which is as broad as a rule without aws_arn/],
    ["arn:aws:sts::012345678901:*", /matches every assumed role/],
    ["arn:aws:sts::012345678901:assumed-role/*", /matches every assumed role/],
    ["arn:aws:sts::012345678901:assumed-role/*/i-*", /matches every assumed role/], // the caller picks the session
    ["arn:aws:iam::012345678901:user/*", /matches every IAM user .*allow-account-wide-join: true/],
    ["x".repeat(2049), /at most 2048/],
  ])("rejects %s", (arn, message) => {
    expect(awsArnProblem(arn, account, strict)).toMatch(message);
  });

  it.each([
    "*",
    "arn:aws:sts::012345678901:assumed-role/*",
  ])("accepts the account-wide %s when allow-account-wide-join is true", (arn) => {
    expect(awsArnProblem(arn, account, { allowAccountWideJoin: true })).toBeUndefined();
  });

  it("stays fast on a long pattern full of wildcards", () => {
    const pattern = `arn:aws:sts::012345678901:assumed-role/${"*a?".repeat(600)}/*`;
    const start = performance.now();
    awsArnProblem(pattern, account, strict);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe("error order", () => {
  it("sorts by file, then line, then column", () => {
    const errors: ManifestError[] = [
      { file: "b.yaml", line: 1, col: 1, message: "" },
      { file: "a.yaml", line: 2, col: 5, message: "" },
      { file: "a.yaml", line: 2, col: 1, message: "" },
      { file: "", line: 0, col: 0, message: "" },
      { file: "a.yaml", line: 10, col: 1, message: "" },
    ];
    expect(errors.sort(compareErrors).map((e) => `${e.file}:${e.line}:${e.col}`)).toEqual([
      ":0:0",
      "a.yaml:2:1",
      "a.yaml:2:5",
      "a.yaml:10:1",
      "b.yaml:1:1",
    ]);
  });
});
