import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareErrors, type ManifestError } from "../../src/manifests/errors.js";
import { expandPatterns } from "../../src/manifests/files.js";
import { KINDS, type KindHandler, type ManifestSource } from "../../src/manifests/kinds.js";
import {
  DEFAULT_WORKLOAD_CLUSTER_GLOBS,
  loadWorkloadClusters,
  parseManifestFile,
  parsePatternList,
} from "../../src/manifests/load.js";
import { MANIFEST_CASES } from "../fixtures/manifests/cases.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "manifests");

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
      { name: "workload-clusters", example: "" },
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

describe("registry of kinds (src/manifests/kinds.ts)", () => {
  const text = (kind: string) => `kind: ${kind}\nversion: v1\nmetadata: {name: acme}\n`;
  const stub: KindHandler<string> = {
    kind: "role",
    validate: () => ({ resource: "read as a role", errors: [] }),
    duplicate: () => "",
  };
  const source = (kinds: KindHandler<string>[], fallback: KindHandler<string>): ManifestSource<string> => ({
    input: "access",
    examplePattern: "",
    kinds,
    fallback,
    noDocument: "",
  });
  const read = (kind: string, s: ManifestSource<string>) => {
    const [result] = parseManifestFile("f.yaml", text(kind), { allowAccountWideJoin: false }, s);
    return result!;
  };

  it("registers workload_cluster, role and user, one handler each", () => {
    expect([...KINDS.keys()]).toEqual(["workload_cluster", "role", "user"]);
  });

  it("hands a document to the handler of its kind when its file may hold that kind", () => {
    const wc = KINDS.get("workload_cluster") as KindHandler<string>;
    expect(read("workload_cluster", source([wc], stub)).handler).toBe(wc);
  });

  it("hands any other kind to the file's fallback, which says what the file may hold", () => {
    expect(read("user", source([], stub))).toMatchObject({ resource: "read as a role", handler: stub });
    const wc = KINDS.get("workload_cluster") as KindHandler<string>;
    expect(read("user", source([wc], wc)).errors[0]?.message).toMatch(
      /^kind must be "workload_cluster", found "user"; files matched by the workload-clusters input hold only/,
    );
  });
});
