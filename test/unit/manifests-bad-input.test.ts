// Inputs from an outside battery of bad manifests: huge values, deep nesting, rules with several problems,
// symbolic-link loops. Each must give our own short message naming the file and line, never a JavaScript
// error text, a crash, or a value echoed whole.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clusterNameProblem } from "../../src/manifests/cluster-name.js";
import { DEFAULT_WORKLOAD_CLUSTER_GLOBS, loadWorkloadClusters } from "../../src/manifests/load.js";
import { parseYaml } from "../../src/manifests/yaml-parse.js";

const FILE = "teleport/workload-clusters/acme.yaml";
const MIB = 1024 * 1024;

const doc = (over: Record<string, string> = {}) => {
  const v = {
    kind: "workload_cluster",
    version: "v1",
    name: "acme",
    region: "us-west-2",
    method: "iam",
    account: '"012345678901"',
    arn: "arn:aws:sts::012345678901:assumed-role/deploy/*",
    extra: "",
    ...over,
  };
  return (
    `kind: ${v.kind}\nversion: ${v.version}\nmetadata:\n  name: ${v.name}\nspec:\n` +
    `  regions:\n    - name: ${v.region}\n  bot:\n    name: acme-bot\n  token:\n` +
    `    join_method: ${v.method}\n    allow:\n      - aws_account: ${v.account}\n        aws_arn: ${v.arn}\n` +
    v.extra
  );
};

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function repoWith(files: Record<string, string>, links: Record<string, string> = {}): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), "wc-bad-"));
  repos.push(repo);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
  for (const [link, target] of Object.entries(links)) {
    await mkdir(path.dirname(path.join(repo, link)), { recursive: true });
    await symlink(target, path.join(repo, link));
  }
  return repo;
}

async function load(files: Record<string, string>, links: Record<string, string> = {}) {
  const cwd = await repoWith(files, links);
  return loadWorkloadClusters(DEFAULT_WORKLOAD_CLUSTER_GLOBS, { cwd, allowAccountWideJoin: false });
}

const brief = (errors: { file: string; line: number; col: number; message: string }[]) =>
  errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.message}`);

describe("huge values are quoted shortened", () => {
  it("a 5 MB metadata.name: first characters, then the length", async () => {
    const name = "Acme!".repeat(MIB);
    const { errors } = await load({ [FILE]: doc({ name }) });
    expect(errors).toHaveLength(1);
    const message = errors[0]!.message;
    expect(message).toMatch(
      /^metadata\.name "(Acme!){16}…" \(5242880 characters\) is 5242880 characters long and has uppercase letters and contains "!": the name becomes/,
    );
    expect(message.length).toBeLessThan(600);
  });

  it("a 5 MB name declared twice: the duplicate's message is short too", async () => {
    const name = "a".repeat(5 * MIB);
    const { errors } = await load({ [FILE]: `${doc({ name })}---\n${doc({ name })}` });
    expect(errors.map((e) => e.line)).toEqual([4, 19, 19]);
    expect(errors[2]!.message).toMatch(
      /^workload cluster "a{80}…" \(5242880 characters\) is already declared at teleport\/workload-clusters\/acme\.yaml:4;/,
    );
    for (const e of errors) expect(e.message.length).toBeLessThan(600);
  });

  const big = "Z".repeat(MIB);
  it.each([
    ["kind", { kind: big }, /^kind must be "workload_cluster", found "Z{80}…" \(1048576 characters\);/],
    ["version", { version: big }, /^version must be "v1" .*found "Z{80}…" \(1048576 characters\)$/],
    ["region", { region: big }, /^region "Z{80}…" \(1048576 characters\) does not look like an AWS region/],
    ["join_method", { method: big }, /^join_method "Z{80}…" \(1048576 characters\) is not supported/],
    [
      "aws_account",
      { account: big },
      /^aws_account "Z{80}…" \(1048576 characters\) is not an AWS account ID/,
    ],
    [
      "unquoted aws_account",
      { account: "7".repeat(MIB) },
      /^aws_account 7{80}… \(1048576 characters\) is not quoted/,
    ],
    ["aws_arn", { arn: big }, /^aws_arn is 1048576 characters long; an ARN has at most 2048$/],
    [
      "a numeric name",
      { name: "9".repeat(MIB) },
      /^metadata\.name must be a string, found the number 9{80}… \(1048576 characters\)/,
    ],
    [
      "an unknown key",
      { extra: `? ${big}\n: 1\n` },
      /^unknown field "Z{80}…" \(1048576 characters\) in a workload_cluster document; allowed:/,
    ],
    ["a YAML tag", { name: `!${big} acme` }, /^YAML: .*… \(\d+ characters\)$/],
  ])("%s", async (_what, over, message) => {
    const { errors } = await load({ [FILE]: doc(over) });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
    expect(errors[0]!.message.length).toBeLessThan(600);
    expect((errors[0]!.field ?? "").length).toBeLessThan(200);
  });
});

describe("deep nesting is refused before it is read", () => {
  const deepFlow = (levels: number) => `x: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;

  it.each([
    ["flow lists 800 deep", deepFlow(800), 15, 67],
    ["block lists 3000 deep (once a crash of the YAML parser)", `x:\n${"- ".repeat(3000)}1\nb: 1\n`, 16, 127],
    ["flow mappings 2000 deep", `x: ${"{a: ".repeat(2000)}${"}".repeat(2000)}\n`, 15, 256],
  ])("%s", async (_name, extra, line, col) => {
    const { errors, clusters } = await load({ [FILE]: doc({ extra }) });
    expect(clusters).toEqual([]);
    expect(brief(errors)).toEqual([
      `${FILE}:${line}:${col} mappings and lists are nested more than 64 levels deep here; ` +
        "a manifest needs only a few levels, so this document is not read",
    ]);
  });

  it("reads 64 levels as usual", async () => {
    const { errors } = await load({ [FILE]: doc({ extra: deepFlow(63) }) });
    expect(brief(errors)).toEqual([
      `${FILE}:15:1 unknown field "x" in a workload_cluster document; allowed: kind, version, metadata, spec`,
    ]);
  });

  it("still reads the other documents of the file", async () => {
    const { errors, clusters } = await load({
      [FILE]: `${doc({ extra: deepFlow(100) })}---\n${doc({ name: "second" })}---\n${doc({ name: "Third" })}`,
    });
    expect(clusters.map((c) => c.name)).toEqual(["second"]);
    expect(errors.map((e) => `${e.line} ${e.field ?? "-"}`)).toEqual(["15 -", "35 metadata.name"]);
  });
});

describe("nesting is counted as YAML nests", () => {
  const refused = (text: string) => parseYaml("f.yaml", text).errors.map((e) => `${e.line}:${e.col}`);
  /** `k0:`, then `- k1:` at the same indentation, and so on: each step is a list and a mapping. */
  const keyThenList = (steps: number) =>
    ["k0:", ...Array.from({ length: steps }, (_, i) => `${"  ".repeat(i)}- k${i + 1}:`)].join("\n") + " x\n";

  it("counts a list written at its key's indentation as a level", () => {
    expect(refused(keyThenList(31))).toEqual([]); // 63 levels
    expect(refused(keyThenList(32))).toEqual(["33:65"]); // the mapping of k32 is the 65th
  });

  it("does not count siblings, however many", () => {
    const items = Array.from({ length: 5000 }, (_, i) => `  - name: n${i}\n    zone: |\n      a: [b]\n`);
    expect(refused(`list:\n${items.join("")}other: {a: [1]}\n`)).toEqual([]);
  });

  it("keeps the positions of the documents after a refused one", () => {
    const text = `a: ${"[".repeat(70)}${"]".repeat(70)}\n---\nb: [\n`;
    const { documents, errors, lineCounter } = parseYaml("f.yaml", text);
    expect(errors.map((e) => `${e.line}:${e.col}`)).toEqual(["1:67"]);
    expect(documents.at(-1)!.errors.map((e) => lineCounter.linePos(e.pos[0]))).toEqual([{ line: 4, col: 1 }]);
  });
});

describe("one allow rule with several problems reports each", () => {
  const roleArn = "arn:aws:iam::123456789012:role/x";
  it.each([
    ["unquoted", "123456789012", /^aws_account 123456789012 is not quoted/],
    ["too short", '"12345"', /^aws_account "12345" is not an AWS account ID: .*found 5 digits$/],
    ["missing", '""', /^spec\.token\.allow\[0\]\.aws_account is empty/],
  ])("an aws_account that is %s and an IAM role ARN", async (_what, account, accountMessage) => {
    const { errors } = await load({ [FILE]: doc({ account, arn: roleArn }) });
    expect(errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [13, "spec.token.allow[0].aws_account", expect.stringMatching(accountMessage)],
      [
        14,
        "spec.token.allow[0].aws_arn",
        expect.stringMatching(
          /^aws_arn "arn:aws:iam::123456789012:role\/x" is an IAM role ARN, which never matches: .* Use "arn:aws:sts::123456789012:assumed-role\/x\/\*"$/,
        ),
      ],
    ]);
  });

  it("an unquoted aws_account and an aws_arn naming another account", async () => {
    const { errors } = await load({
      [FILE]: doc({ account: "123456789012", arn: "arn:aws:sts::210987654321:assumed-role/deploy/*" }),
    });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^aws_account 123456789012 is not quoted/),
      expect.stringMatching(/names account "210987654321" but aws_account is "123456789012"/),
    ]);
  });

  it("a valid aws_arn adds nothing to an aws_account problem", async () => {
    const { errors } = await load({ [FILE]: doc({ account: '"12345"' }) });
    expect(errors.map((e) => e.field)).toEqual(["spec.token.allow[0].aws_account"]);
  });
});

describe("symbolic links", () => {
  const DIR = "teleport/workload-clusters";

  it("a directory link back to its parent reads each file once", async () => {
    const { errors, clusters } = await load({ [FILE]: doc() }, { [`${DIR}/sub/back`]: ".." });
    expect(errors).toEqual([]);
    expect(clusters.map((c) => `${c.name}@${c.file}`)).toEqual([`acme@${FILE}`]);
  });

  it("a file reached by several paths is read once, under its path in the repository", async () => {
    const { errors, clusters } = await load(
      { "shared/acme.yaml": doc({ name: "Acme" }) },
      { [`${DIR}/a.yaml`]: "../../shared/acme.yaml", [`${DIR}/b/c.yaml`]: "../../../shared/acme.yaml" },
    );
    expect(clusters).toEqual([]);
    expect(brief(errors)).toEqual([expect.stringMatching(/^shared\/acme\.yaml:4:9 metadata\.name "Acme"/)]);
  });

  it.each([
    ["links to itself", { [`${DIR}/self.yaml`]: "self.yaml" }, [`${DIR}/self.yaml`]],
    [
      "is one of two links to each other",
      { [`${DIR}/a.yaml`]: "b.yaml", [`${DIR}/b.yaml`]: "a.yaml" },
      [`${DIR}/a.yaml`, `${DIR}/b.yaml`],
    ],
  ])("a file that %s is an error naming the path", async (_what, links, files) => {
    const { errors, clusters } = await load({ [FILE]: doc() }, links);
    expect(clusters.map((c) => c.name)).toEqual(["acme"]);
    expect(brief(errors)).toEqual(
      files.map(
        (f) =>
          `${f}:1:0 ${f} is a symbolic link that loops (following it leads back to a link already followed), ` +
          "so there is no file to read; remove the link or point it at a file",
      ),
    );
  });

  it("a link to a missing file is an error naming the path", async () => {
    const { errors } = await load({ [FILE]: doc() }, { [`${DIR}/gone.yaml`]: "../nowhere.yaml" });
    expect(brief(errors)).toEqual([
      `${DIR}/gone.yaml:1:0 ${DIR}/gone.yaml is a symbolic link to "../nowhere.yaml", which does not exist`,
    ]);
  });

  it("an excluded looping link is not reported", async () => {
    const cwd = await repoWith({ [FILE]: doc() }, { [`${DIR}/self.yaml`]: "self.yaml" });
    const { errors } = await loadWorkloadClusters([...DEFAULT_WORKLOAD_CLUSTER_GLOBS, `!${DIR}/self.yaml`], {
      cwd,
      allowAccountWideJoin: false,
    });
    expect(errors).toEqual([]);
  });
});

describe("cluster names outside manifests (src/manifests/cluster-name.ts, for the delete mode's input)", () => {
  it("names the problem of a name that no workload cluster can have", () => {
    expect(clusterNameProblem("Foo!")).toMatch(
      /^metadata\.name "Foo!" has uppercase letters and contains "!"/,
    );
    expect(clusterNameProblem("Foo!", "")).toMatch(/^"Foo!" has uppercase letters and contains "!": .*"foo"/);
    expect(clusterNameProblem("foo")).toBeUndefined();
  });

  it("lists a few of the characters a name cannot hold, not all of them", () => {
    const name = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x100 + i)).join("");
    const problem = clusterNameProblem(name)!;
    expect(problem).toMatch(/contains "Ā", "ā", "Ă", "ă", "Ą" and 195 other characters/);
    expect(problem.length).toBeLessThan(600);
  });
});
