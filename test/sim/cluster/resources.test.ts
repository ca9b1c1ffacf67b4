// The JSON ResourceService of wire.ts: Teleport's texts, revisions, server-side defaults, RBAC and drift.
// Facts: B4 (AlreadyExists texts), B5 (not-found texts, scalar label values),
// B48 (user tokens), B9 (delete texts), B58, B69 (role/user formats, origin label).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrpcCode } from "../common/errors.js";
import { type Simulator, startSimulator } from "../index.js";
import { createUnaryClient, type UnaryClient } from "../proxy/proxy.js";
import type { SimResource } from "../proxy/wire.js";
import { ruleRole } from "./cluster.js";
import { resourceServiceDefinition } from "./resources.js";

let sim: Simulator;
let editor: UnaryClient;
const clients: UnaryClient[] = [];

async function clientAs(user: string, roles: string[]): Promise<UnaryClient> {
  const identity = await sim.issueUserIdentity("parent", user, roles);
  const client = createUnaryClient(resourceServiceDefinition(), {
    address: sim.parent.address,
    clusterName: sim.parent.cluster.name,
    caPems: identity.tlsCaPems,
    certPem: identity.tlsCertPem,
    keyPem: identity.keyPem,
  });
  clients.push(client);
  return client;
}

async function rejected(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; details: string };
  }
  throw new Error("expected the call to fail");
}

const role = (name: string, extra: Partial<SimResource> = {}): SimResource => ({
  kind: "role",
  version: "v7",
  metadata: { name },
  spec: { allow: { logins: ["ubuntu"], node_labels: { env: ["dev"] } } },
  ...extra,
});
const user = (name: string, roles: string[]): SimResource => ({
  kind: "user",
  metadata: { name },
  spec: { roles },
});

type One = { resource: SimResource };

beforeAll(async () => {
  sim = await startSimulator({ delayMs: 50 });
  editor = await clientAs("bot-editor", ["editor"]);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe("texts (fact: B1, B5, B10)", () => {
  it("not found on get: role unquoted, user quoted", async () => {
    const r = await rejected(editor.call("GetResource", { kind: "role", name: "ghost" }));
    expect(r).toMatchObject({ code: GrpcCode.NOT_FOUND, details: "role ghost is not found" });
    const u = await rejected(editor.call("GetResource", { kind: "user", name: "ghost" }));
    expect(u).toMatchObject({ code: GrpcCode.NOT_FOUND, details: 'user "ghost" not found' });
  });

  it("already exists on create", async () => {
    await editor.call("CreateResource", { resource: role("dup-role") });
    expect(await rejected(editor.call("CreateResource", { resource: role("dup-role") }))).toMatchObject({
      code: GrpcCode.ALREADY_EXISTS,
      details: 'role "dup-role" already exists',
    });
    await editor.call("CreateResource", { resource: user("dup-user", ["dup-role"]) });
    expect(
      await rejected(editor.call("CreateResource", { resource: user("dup-user", ["dup-role"]) })),
    ).toMatchObject({
      code: GrpcCode.ALREADY_EXISTS,
      details: 'user "dup-user" already registered',
    });
  });

  it("not found on delete: role quoted, user quoted; a role in use cannot be deleted", async () => {
    expect(await rejected(editor.call("DeleteResource", { kind: "role", name: "ghost" }))).toMatchObject({
      code: GrpcCode.NOT_FOUND,
      details: 'role "ghost" is not found',
    });
    expect(await rejected(editor.call("DeleteResource", { kind: "user", name: "ghost" }))).toMatchObject({
      details: 'user "ghost" not found',
    });
    await editor.call("CreateResource", { resource: role("used-role") });
    await editor.call("CreateResource", { resource: user("holder", ["used-role"]) });
    expect((await rejected(editor.call("DeleteResource", { kind: "role", name: "used-role" }))).details).toBe(
      "failed to delete a role that is still in use by a user, check the system server logs for more details",
    );
    await editor.call("DeleteResource", { kind: "user", name: "holder" });
    await expect(editor.call("DeleteResource", { kind: "role", name: "used-role" })).resolves.toEqual({});
  });

  it("refuses a user whose role does not exist and an invalid origin label", async () => {
    expect(
      (await rejected(editor.call("CreateResource", { resource: user("orphan", ["nope"]) }))).details,
    ).toBe("role nope is not found");
    const bad = role("origin-role", {
      metadata: { name: "origin-role", labels: { "teleport.dev/origin": "terraform" } },
    });
    const err = await rejected(editor.call("CreateResource", { resource: bad }));
    expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^invalid origin value "terraform", must be one of \[/);
  });
});

describe("server-side defaults (facts B38, B40, B46; B5 scalar Strings)", () => {
  it("B40 (B40): refuses an unsupported role version on the wire; only control-API writes fall back to v8", async () => {
    const refused = await rejected(
      editor.call("CreateResource", { resource: role("defaults-role", { version: "v99" }) }),
    );
    expect(refused).toMatchObject({
      code: GrpcCode.INVALID_ARGUMENT,
      details: 'role version "v99" is not supported',
    });
    const viaControl = await sim.control.upsertResource("parent", role("defaults-role", { version: "v99" }));
    expect(viaControl.version).toBe("v8");
  });

  it("B38 (B38): fills options with cert_format, never prints namespaces, one-element labels as scalars", async () => {
    const { resource } = await editor.call<One>("CreateResource", { resource: role("defaults-role-2") });
    const spec = resource.spec as Record<string, Record<string, unknown>>;
    expect(spec.options).toMatchObject({
      cert_format: "standard",
      max_session_ttl: "30h0m0s",
      ssh_file_copy: true,
      forward_agent: false,
      pin_source_ip: false,
    });
    expect(spec.options).not.toHaveProperty("certificate_format");
    expect(spec.allow).toEqual({ logins: ["ubuntu"], node_labels: { env: "dev" } });
    expect(spec.deny).toEqual({});
  });

  it("B45/B46 (B46, B47): stamps created_by and the CreateUser status on users", async () => {
    await editor.call("UpsertResource", { resource: role("base-role") });
    const { resource } = await editor.call<One>("CreateResource", { resource: user("carol", ["base-role"]) });
    expect(resource.version).toBe("v2");
    expect(resource.spec).toMatchObject({
      roles: ["base-role"],
      created_by: { user: { name: "bot-editor" } },
    });
    expect(resource.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
  });
});

describe("revisions and conditional updates", () => {
  it("bumps the revision on every write and refuses a stale revision with FAILED_PRECONDITION", async () => {
    const created = (await editor.call<One>("CreateResource", { resource: role("rev-role") })).resource;
    const updated = (await editor.call<One>("UpdateResource", { resource: created })).resource;
    expect(updated.metadata.revision).not.toBe(created.metadata.revision);
    const stale = await rejected(editor.call("UpdateResource", { resource: created }));
    expect(stale.code).toBe(GrpcCode.FAILED_PRECONDITION);
    const upserted = (await editor.call<One>("UpsertResource", { resource: role("rev-role") })).resource;
    expect(upserted.metadata.revision).not.toBe(updated.metadata.revision);
    expect((await rejected(editor.call("UpdateResource", { resource: role("rev-missing") }))).details).toBe(
      "role rev-missing is not found",
    );
  });

  it("shows out-of-band edits from the control API (drift) with a new revision", async () => {
    const before = (await editor.call<One>("CreateResource", { resource: role("drift-role") })).resource;
    const res = await fetch(`${sim.controlUrl}/resources/upsert`, {
      method: "POST",
      body: JSON.stringify({
        cluster: "parent",
        resource: role("drift-role", { spec: { allow: { logins: ["root"] } } }),
      }),
    });
    expect(res.status).toBe(200);
    const after = (await editor.call<One>("GetResource", { kind: "role", name: "drift-role" })).resource;
    expect(after.metadata.revision).not.toBe(before.metadata.revision);
    expect((after.spec as { allow: { logins: string[] } }).allow.logins).toEqual(["root"]);
  });
});

describe("RBAC (wire.ts verbs)", () => {
  it("names the missing verb; list needs list and read", async () => {
    sim.parent.cluster.put(ruleRole("role-reader", ["role"], ["read"]));
    const reader = await clientAs("bot-reader", ["role-reader"]);
    await expect(reader.call("GetResource", { kind: "role", name: "editor" })).resolves.toBeDefined();
    expect(await rejected(reader.call("ListResources", { kind: "role" }))).toMatchObject({
      code: GrpcCode.PERMISSION_DENIED,
      details: 'access denied to perform action "list" on "role"',
    });
    expect((await rejected(reader.call("UpsertResource", { resource: role("x") }))).details).toBe(
      'access denied to perform action "create" on "role"',
    );
    expect((await rejected(reader.call("GetResource", { kind: "user", name: "x" }))).details).toBe(
      'access denied to perform action "read" on "user"',
    );
  });

  it("lists presets, system roles and bot roles", async () => {
    const { resources } = await editor.call<{ resources: SimResource[] }>("ListResources", { kind: "role" });
    const names = resources.map((r) => r.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "editor",
        "access",
        "auditor",
        "@teleport-access-approver",
        "bot-workload-admin",
      ]),
    );
  });
});

describe("user tokens (fact: B48)", () => {
  it("issues invite URLs on the proxy address and enforces the TTL maximum", async () => {
    await editor.call("UpsertResource", { resource: role("invitee-role") });
    await editor.call("UpsertResource", { resource: user("dave", ["invitee-role"]) });
    const { token } = await editor.call<{
      token: { sub_kind: string; metadata: { name: string; expires: string }; spec: { url: string } };
    }>("CreateUserToken", { user: "dave", type: "invite", ttl_seconds: 0 });
    expect(token.sub_kind).toBe("invite");
    expect(token.metadata.name).toMatch(/^[0-9a-f]{32}$/);
    expect(token.spec.url).toBe(`https://${sim.parent.address}/web/invite/${token.metadata.name}`);
    expect(sim.secrets()).toContain(token.spec.url);
    const tooLong = await rejected(
      editor.call("CreateUserToken", { user: "dave", type: "invite", ttl_seconds: 49 * 3600 }),
    );
    expect(tooLong.code).toBe(GrpcCode.INVALID_ARGUMENT);
    const reset = await rejected(
      editor.call("CreateUserToken", { user: "dave", type: "reset", ttl_seconds: 25 * 3600 }),
    );
    expect(reset.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(
      (await rejected(editor.call("CreateUserToken", { user: "nobody", type: "reset", ttl_seconds: 60 })))
        .details,
    ).toBe('user "nobody" not found');
  });
});
