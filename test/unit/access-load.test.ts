// The access folder's layout (README "Roles and users in the children"): which documents apply to which cluster, what a cluster's own
// document replaces, the order the sync engine receives, and what a missing folder means.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAccess } from "../../src/manifests/access.js";
import { accessKinds } from "../../src/sync/kinds/index.js";
import { ACCESS_DIR, CLUSTERS, roleYaml, userYaml } from "../fixtures/access/cases.js";

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), "access-load-"));
  repos.push(repo);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
  return repo;
}

async function load(files: Record<string, string>, clusters = CLUSTERS) {
  return loadAccess(ACCESS_DIR, clusters, { cwd: await repoWith(files), kinds: accessKinds() });
}

const names = (objects: { kind: string; name: string }[] | undefined) =>
  (objects ?? []).map((o) => `${o.kind}/${o.name}`);

describe("loadAccess: scoping", () => {
  it("applies files directly in the folder to every cluster, and a cluster's folder to that cluster only", async () => {
    const { byCluster, errors, warnings } = await load({
      "teleport/access/shared.yaml": roleYaml("dev"),
      "teleport/access/acme/ops.yaml": roleYaml("ops"),
      "teleport/access/acme/team/deep/users.yml": userYaml("alice", "[ops, access]"),
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(names(byCluster.get("acme"))).toEqual(["role/dev", "role/ops", "user/alice"]);
    expect(names(byCluster.get("zeta"))).toEqual(["role/dev"]);
    expect(byCluster.get("acme")![2]).toMatchObject({
      file: "teleport/access/acme/team/deep/users.yml",
      line: 1,
    });
  });

  it("lets a cluster's own document replace a shared one of the same kind and name, naming what it replaces", async () => {
    const { byCluster, errors } = await load({
      "teleport/access/roles.yaml": `${roleYaml("ops")}---\n${roleYaml("dev")}`,
      "teleport/access/zeta/dev.yaml": roleYaml("dev", { version: "v8" }),
    });
    expect(errors).toEqual([]);
    const zetaDev = byCluster.get("zeta")!.find((o) => o.name === "dev")!;
    expect(zetaDev).toMatchObject({
      file: "teleport/access/zeta/dev.yaml",
      line: 1,
      overrides: { file: "teleport/access/roles.yaml", line: 9 },
    });
    expect(zetaDev.resource.version).toBe("v8");
    const acmeDev = byCluster.get("acme")!.find((o) => o.name === "dev")!;
    expect(acmeDev).toMatchObject({ file: "teleport/access/roles.yaml", line: 9 });
    expect(acmeDev.overrides).toBeUndefined();
  });

  it("does not call the same name in the shared folder and a cluster's folder a duplicate", async () => {
    const { errors } = await load({
      "teleport/access/a.yaml": userYaml("alice", "[access]"),
      "teleport/access/acme/a.yaml": userYaml("alice", "[editor]"),
      "teleport/access/zeta/a.yaml": userYaml("alice", "[auditor]"),
    });
    expect(errors).toEqual([]);
  });

  it("lists roles first, then users, each by name in byte order", async () => {
    const { byCluster } = await load({
      "teleport/access/a.yaml": [
        userYaml("bob", "[access]"),
        roleYaml("web"),
        userYaml("Zed", "[access]"),
      ].join("---\n"),
      "teleport/access/b.yaml": [roleYaml("Ops"), roleYaml("db"), userYaml("alice", "[db]")].join("---\n"),
    });
    expect(names(byCluster.get("acme"))).toEqual([
      "role/Ops",
      "role/db",
      "role/web",
      "user/Zed",
      "user/alice",
      "user/bob",
    ]);
  });

  it("ignores hidden entries and files that are not YAML", async () => {
    const { byCluster, errors } = await load({
      "teleport/access/README.md": "# access\n",
      "teleport/access/.drafts/x.yaml": "not: [valid",
      "teleport/access/acme/notes.txt": "kind: nonsense\n",
      "teleport/access/acme/.old.yaml": "kind: nonsense\n",
    });
    expect(errors).toEqual([]);
    expect([...byCluster]).toEqual([
      ["acme", []],
      ["zeta", []],
    ]);
  });

  it("follows a symbolic link to a cluster's folder", async () => {
    const cwd = await repoWith({ "teleport/shared-acme/ops.yaml": roleYaml("ops") });
    await mkdir(path.join(cwd, ACCESS_DIR));
    await symlink("../shared-acme", path.join(cwd, ACCESS_DIR, "acme"));
    const { byCluster, errors } = await loadAccess(ACCESS_DIR, CLUSTERS, { cwd, kinds: accessKinds() });
    expect(errors).toEqual([]);
    expect(names(byCluster.get("acme"))).toEqual(["role/ops"]);
  });
});

describe("loadAccess: the folder", () => {
  it("declares nothing, without an error, when the folder does not exist", async () => {
    const result = await load({ "teleport/workload-clusters/acme.yaml": "kind: workload_cluster\n" });
    expect(result).toEqual({
      byCluster: new Map([
        ["acme", []],
        ["zeta", []],
      ]),
      errors: [],
      warnings: [],
    });
  });

  it("reads the folder however its path is spelt", async () => {
    const cwd = await repoWith({ "teleport/access/acme/ops.yaml": roleYaml("ops") });
    const { byCluster, errors } = await loadAccess("./teleport//access/", CLUSTERS, {
      cwd,
      kinds: accessKinds(),
    });
    expect(errors).toEqual([]);
    expect(byCluster.get("acme")?.[0]?.file).toBe("teleport/access/acme/ops.yaml");
  });

  it("declares nothing for an empty folder", async () => {
    const cwd = await repoWith({});
    await mkdir(path.join(cwd, ACCESS_DIR), { recursive: true });
    const { byCluster, errors } = await loadAccess(ACCESS_DIR, CLUSTERS, { cwd, kinds: accessKinds() });
    expect(errors).toEqual([]);
    expect(byCluster.get("acme")).toEqual([]);
  });

  it("refuses a file where the folder should be", async () => {
    const { errors } = await load({ "teleport/access": "kind: role\n" });
    expect(errors).toEqual([
      {
        file: "teleport/access",
        line: 0,
        col: 0,
        message:
          "teleport/access is a file, but it must be the folder that holds the role and user documents",
      },
    ]);
  });

  it("refuses a folder outside the repository", async () => {
    const cwd = await repoWith({});
    const outside = await loadAccess("../access", CLUSTERS, { cwd, kinds: accessKinds() });
    expect(outside.errors[0]?.message).toMatch(/^the access folder "..\/access" leaves the repository/);
    const absolute = await loadAccess("/etc", CLUSTERS, { cwd, kinds: accessKinds() });
    expect(absolute.errors[0]?.message).toMatch(/^the access folder "\/etc" is absolute/);
  });

  it("refuses a folder naming no cluster even when nothing is declared, and does not read it", async () => {
    const { errors, byCluster } = await load({ "teleport/access/acme/ops.yaml": "kind: [broken" }, []);
    expect(byCluster.size).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "teleport/access/acme", line: 0 });
    expect(errors[0]!.message).toMatch(/names no declared workload cluster; no workload cluster is declared/);
  });

  it("suggests the closest declared name for a misspelt folder", async () => {
    const clusters = [
      { name: "payments-prod", botName: "p" },
      { name: "payments-staging", botName: "s" },
    ];
    const { errors } = await load({ "teleport/access/payments-stagin/a.yaml": roleYaml("dev") }, clusters);
    expect(errors[0]!.message).toMatch(/did you mean "payments-staging"\?/);
  });
});

describe("loadAccess: references to roles", () => {
  it("warns about a role declared for one cluster but not another, naming only that cluster", async () => {
    const { warnings, errors } = await load({
      "teleport/access/users.yaml": userYaml("alice", "[ops]"),
      "teleport/access/acme/ops.yaml": roleYaml("ops"),
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        file: "teleport/access/users.yaml",
        line: 6,
        col: 11,
        field: "spec.roles[0]",
        message:
          'user "alice" has role "ops", which is neither declared for workload cluster "zeta" nor a preset ' +
          "role of Teleport; Teleport refuses the user unless the cluster already has that role",
      },
    ]);
  });

  it("accepts preset roles without declaring them", async () => {
    const { warnings } = await load({
      "teleport/access/users.yaml": userYaml("alice", "[access, editor, auditor, requester, reviewer]"),
    });
    expect(warnings).toEqual([]);
  });

  it("checks a cluster's own user, not the shared one it replaces", async () => {
    const { warnings } = await load({
      "teleport/access/users.yaml": userYaml("alice", "[access]"),
      "teleport/access/zeta/alice.yaml": userYaml("alice", "[dba]"),
    });
    expect(warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual([
      expect.stringMatching(
        /^teleport\/access\/zeta\/alice.yaml:6 user "alice" has role "dba", .* cluster "zeta" /,
      ),
    ]);
  });

  it("reports a role entry written as an alias where the alias is", async () => {
    const text = `kind: user\nversion: v2\nmetadata:\n  name: alice\n  description: &r ops\nspec:\n  roles: [access, *r]\n`;
    const { warnings } = await load({ "teleport/access/users.yaml": text });
    expect(warnings[0]).toMatchObject({ line: 7, col: 19, field: "spec.roles[1]" });
  });
});
