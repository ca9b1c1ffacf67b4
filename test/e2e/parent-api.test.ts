// Both ParentApi transports against the simulator: the direct gRPC client over the TLS-routing channel and
// the tctl stand-in, with the admin bot's identity and with identities that lack verbs, need MFA, or are
// not users. In-process: NODE_EXTRA_CA_CERTS is read only at process start, so the web CA is passed to
// createHttp explicitly, and tctl gets SSL_CERT_FILE (the gRPC channel trusts the identity's CAs anyway).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TeleportApiError } from "../../src/core/errors.js";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import { createHttp, type Http } from "../../src/net/http.js";
import type { ParentApi } from "../../src/provision/parent-api.js";
import { adviceFor } from "../../src/teleport/advice.js";
import { GrpcParentApi } from "../../src/teleport/grpc/client.js";
import { parseIdentityFile } from "../../src/teleport/identity.js";
import { type ConnectParentOptions, connectParent } from "../../src/teleport/parent.js";
import { Tctl } from "../../src/teleport/tctl.js";
import { TctlParentApi } from "../../src/teleport/tctl-workload-clusters.js";
import { findProxy, parseProxyAddress } from "../../src/teleport/webapi.js";
import { exec } from "../../src/util/exec.js";
import { memoryLogger } from "../../src/util/log.js";
import { type RetryPolicy, retry } from "../../src/util/retry.js";
import { createCluster, ruleRole } from "../sim/cluster/cluster.js";
import { formatIdentityFile, type IssuedIdentity, issueIdentity } from "../sim/cluster/identity.js";
import { type Simulator, startSimulator } from "../sim/index.js";
import { buildToolBinaries } from "../sim/tools/build.js";
import { startFindServer } from "../support/servers.js";

let sim: Simulator;
let dir: string;
let tctlPath: string;
let webCa: string;
const apis: ParentApi[] = [];

const WC_SERVICE = "teleport.workloadcluster.v1.WorkloadClusterService";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "parent-api-e2e-"));
  const [simulator, tools] = await Promise.all([
    startSimulator({ delayMs: 0, dir }),
    buildToolBinaries({ version: "18.2.0", edition: "ent" }),
  ]);
  sim = simulator;
  tctlPath = path.join(dir, "tctl");
  fs.writeFileSync(tctlPath, tools.tctl, { mode: 0o755 });
  webCa = fs.readFileSync(sim.env.SSL_CERT_FILE, "utf8");
});

afterAll(async () => {
  for (const api of apis) await api.close();
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function options(
  overrides: Partial<ConnectParentOptions> = {},
): ConnectParentOptions & { log: ReturnType<typeof memoryLogger> } {
  return {
    mode: "grpc",
    proxy: parseProxyAddress(sim.env.TELEPORT_SIM_PROXY),
    identityFile: sim.env.TELEPORT_SIM_ADMIN_IDENTITY,
    tctlPath,
    tempDir: dir,
    exec,
    http: createHttp({ ca: webCa }),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", SSL_CERT_FILE: sim.env.SSL_CERT_FILE },
    grpc: { connectTimeoutMs: 5000, callTimeoutMs: 10_000 },
    find: { policy: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10, deadlineMs: 1000 } },
    ...overrides,
    log: memoryLogger(),
  };
}

async function open(overrides: Partial<ConnectParentOptions> = {}): Promise<ParentApi> {
  const api = await connectParent(options(overrides));
  apis.push(api);
  return api;
}

function writeIdentity(
  name: string,
  identity: Pick<IssuedIdentity, "keyPem" | "sshCert" | "tlsCertPem" | "sshCaLines" | "tlsCaPems">,
): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, formatIdentityFile(identity), { mode: 0o600 });
  return file;
}

const spec = (bot: string): WorkloadCluster["spec"] => ({
  regions: [{ name: "us-west-2" }],
  bot: { name: bot },
  token: {
    join_method: "iam",
    allow: [
      {
        aws_account: "111122223333",
        aws_arn: "arn:aws:sts::111122223333:assumed-role/teleport-workload-sync/*",
      },
    ],
  },
});
const cluster = (name: string): WorkloadCluster => ({
  kind: "workload_cluster",
  version: "v1",
  metadata: { name },
  spec: spec(`${name}-bot`),
});

const callsTo = (method: string) =>
  sim.gate.calls.filter((c) => c.service === WC_SERVICE && c.method === method);

async function caught(promise: Promise<unknown>): Promise<TeleportApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TeleportApiError);
  return error as TeleportApiError;
}

describe("gRPC with the admin bot identity", () => {
  it("creates, gets, lists and deletes a workload cluster", async () => {
    const o = options();
    const api = await connectParent(o);
    apis.push(api);
    expect(api.transport).toBe("grpc");
    expect(o.log.lines.join("\n")).toMatch(
      /Parent API: gRPC through 127\.0\.0\.1:\d+ \(cluster sim-tenant\.teleport\.sh\)/,
    );
    expect(o.log.lines.join("\n")).toContain("Parent identity: user bot-workload-admin");

    expect(await api.get("grpc-one")).toBeUndefined();
    const created = await api.create(cluster("grpc-one"));
    expect(created.metadata.name).toBe("grpc-one");
    expect(created.metadata.revision).toBeTruthy();
    expect(created.spec).toEqual(spec("grpc-one-bot"));

    const got = await api.get("grpc-one");
    expect(got?.spec).toEqual(spec("grpc-one-bot"));
    const again = await api.get("grpc-one");
    expect(again?.status?.state).toBe("active");
    expect(again?.status?.domain).toMatch(/^127\.0\.0\.1:\d+$/);

    expect((await api.list()).map((c) => c.metadata.name)).toContain("grpc-one");
    const exists = await caught(api.create(cluster("grpc-one")));
    expect(exists).toMatchObject({ kind: "AlreadyExists", transient: false, outcomeUnknown: false });

    await api.delete("grpc-one");
    expect(await api.get("grpc-one")).toBeUndefined();
    expect(await caught(api.delete("grpc-one"))).toMatchObject({ kind: "NotFound" });
    const last = callsTo("DeleteWorkloadCluster").at(-1)!;
    expect(last.caller).toBe("bot-workload-admin");
  });

  it("pages through ListWorkloadClusters until next_page_token is empty", async () => {
    const api = await open();
    for (const name of ["page-a", "page-b", "page-c"]) await api.create(cluster(name));
    const before = callsTo("ListWorkloadClusters").length;
    sim.settings.pageSize = 2;
    try {
      const names = (await api.list()).map((c) => c.metadata.name);
      expect(names.filter((n) => n.startsWith("page-"))).toEqual(["page-a", "page-b", "page-c"]);
      expect(callsTo("ListWorkloadClusters").length - before).toBe(Math.ceil(names.length / 2));
    } finally {
      delete sim.settings.pageSize;
      for (const name of ["page-a", "page-b", "page-c"]) await api.delete(name);
    }
  });

  it("validation errors come back as BadParameter", async () => {
    const api = await open();
    const error = await caught(api.create({ ...cluster("bad-regions"), spec: { regions: [] } }));
    expect(error).toMatchObject({ kind: "BadParameter", message: "regions is required", transient: false });
  });
});

describe("refusals", () => {
  it("access denied without the verbs, with advice naming the verb and the role", async () => {
    sim.parent.cluster.put(ruleRole("wc-reader", ["workload_cluster"], ["read"]));
    const reader = await sim.issueUserIdentity("parent", "bot-reader", ["wc-reader"]);
    const api = await open({ identityFile: writeIdentity("reader-identity", reader) });
    expect(await api.get("nothing-here")).toBeUndefined();
    const list = await caught(api.list());
    expect(list).toMatchObject({ kind: "AccessDenied", transient: false });
    expect(list.message).toBe('access denied to perform action "list" on "workload_cluster"');
    expect(adviceFor(list, { operation: "list" })).toContain('"read" and "list" verbs');
    const create = await caught(api.create(cluster("denied")));
    expect(create).toMatchObject({ kind: "AccessDenied", outcomeUnknown: false });
    expect(adviceFor(create, { operation: "create" })).toContain(
      "verbs: [list, read, create, update, delete]",
    );
  });

  it("a person's identity needs MFA for create: the advice says to use a bot", async () => {
    const alice = await sim.issueUserIdentity("parent", "alice", ["workload-cluster-admin"]);
    const api = await open({ identityFile: writeIdentity("alice-identity", alice) });
    const error = await caught(api.create(cluster("by-alice")));
    expect(error.kind).toBe("AccessDenied");
    expect(adviceFor(error, { operation: "create" })).toMatch(/bot identity \(tbot/);
  });

  it("a non-user identity gets the only-users refusal, which is not transient and not retried", async () => {
    const proxy = await sim.issueBuiltinIdentity("parent", "Proxy");
    // A builtin identity has no SSH certificate; borrow the admin's line so the file has the full layout.
    const file = writeIdentity("builtin-identity", { ...proxy, sshCert: sim.admin.sshCert });
    const api = await open({ identityFile: file });
    const before = callsTo("GetWorkloadCluster").length;
    const policy: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 5000 };
    const error = await caught(
      retry(() => api.get("anything"), {
        policy,
        isTransient: (e) => e instanceof TeleportApiError && e.transient,
      }),
    );
    expect(error).toMatchObject({ kind: "ConnectionProblem", transient: false, outcomeUnknown: false });
    expect(error.message).toContain("only available to users");
    expect(callsTo("GetWorkloadCluster").length - before).toBe(1);
    expect(adviceFor(error)).toMatch(/user or bot|users and bots/);
  });
});

describe("transient failures (the caller retries; here only the flags)", () => {
  it("UNAVAILABLE and DEADLINE_EXCEEDED answers are transient; a lost create answer leaves the outcome unknown", async () => {
    const api = await open();
    sim.gate.failNext({ method: "GetWorkloadCluster", count: 1, code: 14 });
    expect(await caught(api.get("x"))).toMatchObject({
      kind: "ConnectionProblem",
      transient: true,
      outcomeUnknown: false,
    });
    sim.gate.failNext({ method: "ListWorkloadClusters", count: 1, code: 4 });
    expect(await caught(api.list())).toMatchObject({ kind: "DeadlineExceeded", transient: true });

    sim.gate.dropResponse({ method: "CreateWorkloadCluster", count: 1 });
    const lost = await caught(api.create(cluster("lost-answer")));
    expect(lost).toMatchObject({ kind: "ConnectionProblem", transient: true, outcomeUnknown: true });
    expect(callsTo("CreateWorkloadCluster").at(-1)).toMatchObject({ committed: true });
    expect((await api.get("lost-answer"))?.metadata.name).toBe("lost-answer");
    await api.delete("lost-answer");
  });
});

describe("tctl gives the same results as gRPC on the same simulator", () => {
  it("create/get/list/delete through the tctl stand-in match the gRPC view", async () => {
    const grpcApi = await open();
    const o = options({ mode: "tctl" });
    const tctlApi = await connectParent(o);
    apis.push(tctlApi);
    expect(tctlApi.transport).toBe("tctl");

    expect(await tctlApi.get("via-tctl")).toBeUndefined();
    const created = await tctlApi.create(cluster("via-tctl"));
    expect(created).toEqual(cluster("via-tctl"));
    expect(callsTo("CreateWorkloadCluster").at(-1)).toMatchObject({ code: 0, caller: "bot-workload-admin" });
    expect(callsTo("UpsertWorkloadCluster")).toEqual([]);

    const first = await tctlApi.get("via-tctl");
    const second = await grpcApi.get("via-tctl");
    expect(second).toEqual({ ...first, status: second?.status });
    expect(await tctlApi.get("via-tctl")).toEqual(await grpcApi.get("via-tctl"));
    const sortByName = (l: WorkloadCluster[]) =>
      [...l].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(sortByName(await tctlApi.list())).toEqual(sortByName(await grpcApi.list()));

    const exists = await caught(tctlApi.create(cluster("via-tctl")));
    expect(exists).toMatchObject({ kind: "AlreadyExists", outcomeUnknown: false });

    await tctlApi.delete("via-tctl");
    expect(await tctlApi.get("via-tctl")).toBeUndefined();
    expect(await grpcApi.get("via-tctl")).toBeUndefined();
    expect(await caught(tctlApi.delete("via-tctl"))).toMatchObject({ kind: "NotFound" });
    // No resource file is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("workload-cluster-"))).toEqual([]);
  }, 60_000);

  it("access denied and the only-users refusal classify the same way as over gRPC", async () => {
    const reader = await sim.issueUserIdentity("parent", "bot-reader2", ["wc-reader"]);
    const file = writeIdentity("reader2-identity", reader);
    const viaTctl = new TctlParentApi(
      new Tctl({
        tctlPath,
        proxy: parseProxyAddress(sim.env.TELEPORT_SIM_PROXY),
        identityFile: file,
        exec,
        env: { PATH: process.env.PATH ?? "", SSL_CERT_FILE: sim.env.SSL_CERT_FILE },
      }),
      { tempDir: dir },
    );
    const viaGrpc = await open({ identityFile: file });
    const [a, b] = await Promise.all([caught(viaTctl.list()), caught(viaGrpc.list())]);
    expect([a.kind, a.transient]).toEqual([b.kind, b.transient]);
    expect(a.message).toContain(b.message);

    const proxy = await sim.issueBuiltinIdentity("parent", "Proxy");
    const builtin = writeIdentity("builtin2-identity", { ...proxy, sshCert: sim.admin.sshCert });
    const tctlOnly = await connectParent(options({ mode: "tctl", identityFile: builtin }));
    const refusal = await caught(tctlOnly.get("x"));
    expect(refusal).toMatchObject({ kind: "ConnectionProblem", transient: false });
  }, 30_000);
});

describe("auto", () => {
  it("stays on gRPC when the server answers, even with an error", async () => {
    const reader = await sim.issueUserIdentity("parent", "bot-reader3", ["wc-reader"]);
    const o = options({ mode: "auto", identityFile: writeIdentity("reader3-identity", reader) });
    const api = await connectParent(o);
    apis.push(api);
    expect(api.transport).toBe("grpc");
    await caught(api.list());
    expect(o.log.lines.filter((l) => l.startsWith("warning:"))).toEqual([]);
  });

  it("falls back to tctl, with a warning naming why, when no gRPC connection can be made", async () => {
    // A cluster name the proxy does not serve: it refuses the ALPN protocol, so no connection is made.
    const o = options({ mode: "auto", clusterName: "not-this-cluster.example" });
    const api = await connectParent(o);
    apis.push(api);
    expect(api.transport).toBe("tctl");
    const warning = o.log.lines.find((l) => l.startsWith("warning:"));
    expect(warning).toMatch(
      /Could not open a gRPC connection to the parent's Auth API through 127\.0\.0\.1:\d+: TLS handshake failed: the proxy refused ALPN teleport-auth@[0-9a-f]+\.teleport\.cluster\.local \(tlsv1 alert no application protocol\): it does not serve cluster "not-this-cluster\.example" through TLS routing \(ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL\)\. Falling back to tctl/,
    );
    expect((await api.list()).every((c) => c.kind === "workload_cluster")).toBe(true);
  }, 30_000);

  it("connects with the /webapi/find answer it is given, asking the proxy nothing more", async () => {
    const asked: string[] = [];
    const http = createHttp({ ca: webCa });
    const counting: Http = {
      get: (url, o) => {
        asked.push(url.pathname);
        return http.get(url, o);
      },
    };
    const found = await findProxy(http, parseProxyAddress(sim.env.TELEPORT_SIM_PROXY), {});
    const api = await open({ mode: "auto", http: counting, found });
    expect(api.transport).toBe("grpc");
    expect((await api.list()).every((c) => c.kind === "workload_cluster")).toBe(true);
    expect(asked).toEqual([]);
    // Without it, the same connection asks /webapi/find once.
    await open({ mode: "auto", http: counting });
    expect(asked).toEqual(["/webapi/find"]);
  });

  it("grpc mode reports the connection failure instead of falling back", async () => {
    const error = await caught(
      connectParent(options({ mode: "grpc", clusterName: "not-this-cluster.example" })),
    );
    expect(error.kind).toBe("ConnectionProblem");
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/TLS handshake failed/);
  });

  it("falls back when the proxy reports TLS routing off; grpc mode says so once", async () => {
    const find = await startFindServer(sim.webCa, () => ({
      cluster_name: "sim-tenant.teleport.sh",
      server_version: "18.2.0",
      proxy: { tls_routing_enabled: false },
    }));
    try {
      const proxy = parseProxyAddress(find.address);
      const o = options({ mode: "auto", proxy });
      const api = await connectParent(o);
      apis.push(api);
      expect(api.transport).toBe("tctl");
      expect(o.log.lines.find((l) => l.startsWith("warning:"))).toContain(
        "the proxy reports that TLS routing is not enabled",
      );
      const error = await caught(connectParent(options({ mode: "grpc", proxy })));
      expect(error.message).toBe(
        `Cannot connect to the parent's Auth API through ${find.address}: the proxy reports that TLS routing is not enabled`,
      );
    } finally {
      await find.stop();
    }
  });

  it("names a refused TCP connection", async () => {
    const error = await caught(
      connectParent(
        options({
          mode: "auto",
          tctlPath: undefined,
          proxy: { host: "127.0.0.1", port: 1 },
          clusterName: "x",
        }),
      ),
    );
    expect(error.message).toMatch(
      /Cannot connect to the parent's Auth API through 127\.0\.0\.1:1: TCP connection failed: ECONNREFUSED \(no tctl is installed to fall back to\)/,
    );
    expect(error.transient).toBe(true);
  });
});

describe("connectParent refuses unusable input before any call", () => {
  it.each([
    [
      "a missing identity file",
      { identityFile: "/nonexistent/identity" },
      /Cannot read the parent identity file \/nonexistent\/identity \(ENOENT\)/,
    ],
    [
      "an expired identity",
      { now: () => new Date(Date.now() + 3 * 86_400_000) },
      /\(user bot-workload-admin\) expired at .*run tbot/,
    ],
    [
      "a file that is not an identity",
      { readFile: async () => "hello\n" },
      /is not usable: no SSH certificate line/,
    ],
    [
      "tctl mode without tctl",
      { mode: "tctl" as const, tctlPath: undefined },
      /parent-api is tctl, but no tctl binary/,
    ],
  ])("%s", async (_name, overrides, message) => {
    const before = sim.gate.calls.length;
    await expect(connectParent(options(overrides))).rejects.toThrow(message);
    expect(sim.gate.calls.length).toBe(before);
  });
});

describe("the channel itself", () => {
  it("explains a client certificate the proxy refuses after the handshake", async () => {
    const stranger = await createCluster({ name: "stranger.example", version: "18.2.0" });
    const foreign = await issueIdentity(stranger, { user: "bot-stranger", roles: ["x"] });
    const api = new GrpcParentApi({
      proxy: parseProxyAddress(sim.env.TELEPORT_SIM_PROXY),
      clusterName: "sim-tenant.teleport.sh",
      identity: {
        keyPem: foreign.keyPem,
        certPem: foreign.tlsCertPem,
        caPems: [sim.parent.cluster.hostCa.certPem],
      },
      connectTimeoutMs: 5000,
    });
    try {
      await expect(api.connect()).rejects.toThrow(
        /closed the connection after the TLS handshake.*client certificate refused/,
      );
    } finally {
      await api.close();
    }
  });

  it("reaches the auth route only with the identity's CA: another CA fails the handshake", async () => {
    const admin = parseIdentityFile(fs.readFileSync(sim.env.TELEPORT_SIM_ADMIN_IDENTITY, "utf8"));
    const api = new GrpcParentApi({
      proxy: parseProxyAddress(sim.env.TELEPORT_SIM_PROXY),
      clusterName: "sim-tenant.teleport.sh",
      identity: { ...admin, caPems: [webCa] },
      connectTimeoutMs: 5000,
    });
    try {
      await expect(api.connect()).rejects.toThrow(
        /TLS handshake failed: .*(self[- ]signed|unable to verify|local issuer)/i,
      );
    } finally {
      await api.close();
    }
  });
});
