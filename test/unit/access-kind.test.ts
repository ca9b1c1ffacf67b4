// The proof that an access kind is one spec file and one registry line: a kind only this test knows is
// registered, then validated, planned and applied on an in-memory child, with no other file aware of it.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AccessRef,
  BatchDocument,
  BatchResult,
  ChildApi,
  InviteLink,
  Resource,
  TctlKindNames,
} from "../../src/core/access.js";
import { TeleportApiError } from "../../src/core/errors.js";
import { readConfig } from "../../src/inputs.js";
import { type DeclaredAccessObject, loadAccess } from "../../src/manifests/access.js";
import { applyAccess } from "../../src/sync/apply.js";
import { accessKinds, registerAccessKind } from "../../src/sync/kinds/index.js";
import type { AccessKindSpec } from "../../src/sync/kinds/spec.js";
import { MANAGED_BY } from "../../src/sync/ownership.js";
import { planAccess, refsToRead } from "../../src/sync/plan.js";
import { readChild } from "../../src/sync/read.js";

const BOT = "test-bot";
const REPO = "acme/access";

/** `widget`: a made-up kind whose documents name the roles they need, so it is written after them. */
const widgetRoles = (r: Resource) => {
  const roles = (r.spec as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles) ? roles.filter((x): x is string => typeof x === "string") : [];
};

const widgetSpec: AccessKindSpec = {
  kind: "widget",
  plural: "widgets",
  manifest: {
    kind: "widget",
    validate(doc, { file }) {
      const value = doc.toJS() as Resource;
      const name = value.metadata?.name;
      if (value.version !== "v1" || typeof name !== "string") {
        return { errors: [{ file, line: 1, col: 1, message: "a widget is version v1 and has a name" }] };
      }
      const declaredName = { value: name, line: 1, col: 1 };
      return {
        resource: {
          object: { kind: "widget", name, file, line: 1, resource: value },
          name: declaredName,
          roleRefs: [],
        },
        errors: [],
        declaredName,
      };
    },
    duplicate: (name, first) => `widget ${name} is already declared at ${first}`,
  },
  protectedName: (name) => (name === "factory" ? "the factory widget is Teleport's" : undefined),
  references: { kind: "role", names: widgetRoles, builtIn: [] },
  ownedFields: (live, metadata) => ({ ...live, metadata }),
};

/** A child held in memory that serves any kind, with revisions as Teleport sets them on every write. */
class MemoryChild implements ChildApi {
  readonly objects = new Map<string, Resource>();
  readonly calls: string[] = [];
  private revision = 0;
  processes = 0;

  put(resource: Resource): void {
    const metadata = { ...resource.metadata, revision: `r${++this.revision}` };
    this.objects.set(`${resource.kind}/${metadata.name}`, { ...resource, metadata });
  }

  async readMany(refs: AccessRef[]): Promise<Map<string, Resource>> {
    this.processes++;
    this.calls.push(`get ${refs.map((r) => `${r.kind}/${r.name}`).join(",")}`);
    const out = new Map<string, Resource>();
    for (const r of refs) {
      const found = this.objects.get(`${r.kind}/${r.name}`);
      if (found) out.set(`${r.kind}/${r.name}`, structuredClone(found));
    }
    return out;
  }

  async list(kind: TctlKindNames): Promise<Resource[]> {
    this.processes++;
    this.calls.push(`get ${kind.plural}`);
    if (kind.kind === "user")
      throw new TeleportApiError("AccessDenied", "access denied to list users", false);
    return [...this.objects.values()].filter((r) => r.kind === kind.kind).map((r) => structuredClone(r));
  }

  async writeBatch(documents: BatchDocument[]): Promise<BatchResult> {
    this.processes++;
    this.calls.push(`create ${documents.map((d) => `${d.ref.kind}/${d.ref.name}`).join(",")}`);
    for (const d of documents) this.put(structuredClone(d.resource));
    return { applied: documents.map((d) => d.ref) };
  }

  async inviteLink(name: string, ttl: string): Promise<InviteLink> {
    this.calls.push(`invite ${name}`);
    return { url: `https://example.test/web/invite/${name}`, expires: ttl };
  }

  async remove(ref: AccessRef): Promise<void> {
    this.processes++;
    this.calls.push(`rm ${ref.kind}/${ref.name}`);
    this.objects.delete(`${ref.kind}/${ref.name}`);
  }
}

const FILES: Record<string, string> = {
  "teleport/access/dev.yaml":
    "kind: role\nversion: v7\nmetadata:\n  name: dev\nspec:\n  allow:\n    logins: [dev]\n",
  "teleport/access/alice.yaml": "kind: user\nversion: v2\nmetadata:\n  name: alice\nspec:\n  roles: [dev]\n",
  "teleport/access/gadget.yaml":
    "kind: widget\nversion: v1\nmetadata:\n  name: gadget\nspec:\n  roles: [dev]\n",
};

let unregister: () => void;
let repo: string;
beforeAll(async () => {
  unregister = registerAccessKind(widgetSpec);
  repo = await mkdtemp(path.join(tmpdir(), "access-kind-"));
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
});
afterAll(async () => {
  unregister();
  await rm(repo, { recursive: true, force: true });
});

function childWithBot(): MemoryChild {
  const child = new MemoryChild();
  child.put({
    kind: "role",
    version: "v7",
    metadata: { name: BOT },
    spec: { allow: { rules: [{ resources: ["role", "user", "widget"], verbs: ["*"] }] } },
  });
  return child;
}

async function declared(): Promise<DeclaredAccessObject[]> {
  const { byCluster, errors } = await loadAccess("teleport/access", [{ name: "alpha", botName: BOT }], {
    cwd: repo,
    kinds: accessKinds(),
  });
  expect(errors).toEqual([]);
  return byCluster.get("alpha")!;
}

async function sync(
  child: MemoryChild,
  objects: DeclaredAccessObject[],
  prune = false,
  adopt: string[] = [],
) {
  const state = await readChild(child, BOT, refsToRead(objects), REPO);
  const plan = planAccess(objects, state, {
    cluster: "alpha",
    botName: BOT,
    repository: REPO,
    adopt,
    prune,
  });
  const outcome = await applyAccess(plan, child, { repository: REPO, inviteTtl: "1h", log: () => {} });
  return { state, plan, outcome };
}

describe("a third access kind, registered by this test alone", () => {
  it("is validated with the others, listed after them; its own protected names are never listed", async () => {
    expect((await declared()).map((o) => `${o.kind}/${o.name}`)).toEqual([
      "role/dev",
      "user/alice",
      "widget/gadget",
    ]);
    const bad = await mkdtemp(path.join(tmpdir(), "access-kind-bad-"));
    try {
      await mkdir(path.join(bad, "teleport/access"), { recursive: true });
      await writeFile(
        path.join(bad, "teleport/access/w.yaml"),
        "kind: widget\nversion: v9\nmetadata:\n  name: x\n",
      );
      await writeFile(
        path.join(bad, "teleport/access/f.yaml"),
        "kind: widget\nversion: v1\nmetadata:\n  name: factory\n",
      );
      const { byCluster, errors } = await loadAccess("teleport/access", [{ name: "alpha", botName: BOT }], {
        cwd: bad,
        kinds: accessKinds(),
      });
      expect(errors.map((e) => e.message)).toEqual(["a widget is version v1 and has a name"]);
      expect(byCluster.get("alpha")).toEqual([]);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it("is read, planned and written after the roles it names, owned and recorded like them", async () => {
    const child = childWithBot();
    const objects = await declared();
    const { state, plan, outcome } = await sync(child, objects);
    expect(state.listed).toEqual({ role: true, user: false, widget: true });
    expect(plan.items.map((i) => `${i.kind}/${i.name}:${i.action}`)).toEqual([
      "role/dev:create",
      "user/alice:create",
      "widget/gadget:create",
    ]);
    expect(plan.verbs).toBe(
      "role: list, read, create, update, delete; user: list, read, create, update, delete; widget: list, read, create, update, delete",
    );
    expect(outcome.counts).toMatchObject({ created: 3, failed: 0 });
    // One batch for every kind (no kind has a step before it), the inventory's intent first (B104), the
    // registered kind in the registry's order after the built-in ones.
    const writes = child.calls
      .filter((c) => c.startsWith("create "))
      .map((c) => c.slice("create ".length).split(","))
      .map((refs) => refs.filter((r) => !r.includes("inventory")))
      .filter((refs) => refs.length);
    expect(writes).toEqual([["role/dev", "user/alice", "widget/gadget"]]);
    expect(child.calls.find((c) => c.startsWith("create "))).toMatch(
      /^create role\/workload-cluster-action-inventory-\w+,role\/dev,user\/alice,widget\/gadget$/,
    );
    const gadget = child.objects.get("widget/gadget")!;
    expect(gadget.metadata?.labels?.[MANAGED_BY]).toBe(REPO);

    const again = await sync(child, objects);
    expect(again.plan.items.map((i) => `${i.kind}/${i.name}:${i.action}`)).toEqual([
      "role/dev:unchanged",
      "user/alice:unchanged",
      "widget/gadget:unchanged",
    ]);
  });

  it("is blocked while a role it names exists nowhere, and pruned before the roles, as the last kind", async () => {
    const child = childWithBot();
    const objects = await declared();
    const orphan = objects.map((o) =>
      o.kind === "widget" ? { ...o, resource: { ...o.resource, spec: { roles: ["ghost"] } } } : o,
    );
    const blocked = await sync(child, orphan);
    expect(blocked.plan.items.find((i) => i.kind === "widget")).toMatchObject({
      action: "blocked",
      reason: expect.stringMatching(
        /^its role ghost exists neither in the repository nor in the child alpha; Teleport would refuse the widget/,
      ),
    });
    await sync(child, objects);
    child.calls.length = 0;
    const pruned = await sync(child, [], true);
    expect(pruned.outcome.counts).toMatchObject({ removed: 3 });
    expect(child.calls.filter((c) => c.startsWith("rm "))).toEqual([
      "rm widget/gadget",
      "rm user/alice",
      "rm role/dev",
    ]);
  });

  it("is blocked when it exists unowned, and taken over through the adopt input, which knows the kind", async () => {
    const child = childWithBot();
    child.put({ kind: "widget", version: "v1", metadata: { name: "gadget" }, spec: { roles: ["dev"] } });
    const objects = await declared();
    const blocked = await sync(child, objects);
    expect(blocked.plan.items.find((i) => i.kind === "widget")).toMatchObject({
      action: "blocked",
      adoptEntry: "alpha:widget/gadget",
    });
    const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";
    const { adopt } = readConfig(get({ "teleport-version": "18.2.1", adopt: "alpha:widget/gadget" })).access;
    expect(adopt).toEqual(["alpha:widget/gadget"]);
    expect(() => readConfig(get({ "teleport-version": "18.2.1", adopt: "gizmo/x" }))).toThrow(
      "with kind role or user or widget",
    );
    const adopted = await sync(child, objects, false, adopt);
    expect(adopted.outcome.results.get("widget/gadget")).toEqual({ status: "written" });
    expect(adopted.outcome.counts.adopted).toBe(1);
  });
});
