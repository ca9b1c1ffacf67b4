// The installer in-process against the loopback mirror, for the cases that need small limits or a
// controllable clock (stalls, retry budgets), and for compatibility with @actions/tool-cache.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tc from "@actions/tool-cache";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHttp } from "../../src/net/http.js";
import { type InstallEnvironment, installTools } from "../../src/teleport/install.js";
import type { ExecResult } from "../../src/util/exec.js";
import { memoryLogger } from "../../src/util/log.js";
import { buildTarball, type Mirror, startMirror, type TarballSpec } from "../sim/cdn/cdn.js";
import { createCertificateAuthority } from "../sim/common/pki.js";
import { listFiles } from "../support/action-runner.js";
import { versionOnlyTools } from "../support/sim-tools.js";

const ARCH = process.arch === "arm64" ? "arm64" : "amd64";
let mirror: Mirror;
let ca: string;
let dirs: string[] = [];

const exec = (file: string, args: string[]) =>
  new Promise<ExecResult>((resolve) =>
    execFile(file, args, (error, stdout, stderr) =>
      resolve({ exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

function environment(
  over: Partial<InstallEnvironment> = {},
): InstallEnvironment & { log: ReturnType<typeof memoryLogger> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "install-unit-"));
  dirs.push(root);
  return {
    // Node reads NODE_EXTRA_CA_CERTS only at start-up, so the test CA is passed in.
    http: createHttp({ ca }),
    exec,
    toolCacheRoot: path.join(root, "cache"),
    tempDir: path.join(root, "temp"),
    arch: process.arch,
    platform: "linux",
    log: memoryLogger(),
    clock: { now: Date.now, sleep: async () => {}, random: () => 0.5 },
    ...over,
  } as InstallEnvironment & { log: ReturnType<typeof memoryLogger> };
}

async function publish(spec: TarballSpec, options: { toolsVersion?: string; omit?: string[] } = {}) {
  const tools = await versionOnlyTools({ ...spec, version: options.toolsVersion ?? spec.version });
  mirror.add(
    await buildTarball(spec, {
      tools,
      fillerBytes: 2 * 1024 * 1024,
      ...(options.omit ? { omit: options.omit } : {}),
    }),
  );
}

beforeAll(async () => {
  const authority = await createCertificateAuthority("unit test CA");
  ca = authority.certPem;
  mirror = await startMirror({ ca: authority });
  await publish({ version: "18.0.0", edition: "ent", arch: ARCH });
  await publish({ version: "18.0.1", edition: "ent", arch: ARCH }, { toolsVersion: "18.0.0" });
  await publish({ version: "18.0.2", edition: "ent", arch: ARCH }, { omit: ["tbot"] });
});

afterAll(async () => {
  await mirror.stop();
});

afterEach(() => {
  mirror.faults.stallNext = undefined;
  mirror.faults.failNext = undefined;
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const request = (version: string) => ({ version, edition: "ent" as const, mirror: new URL(mirror.url) });

describe("installTools", () => {
  it("puts the tools where @actions/tool-cache's find() looks for them", async () => {
    const env = environment();
    const result = await installTools(request("18.0.0"), env);
    process.env.RUNNER_TOOL_CACHE = env.toolCacheRoot;
    try {
      expect(tc.find("teleport-ent", "18.0.0")).toBe(result.toolDir);
    } finally {
      delete process.env.RUNNER_TOOL_CACHE;
    }
  });

  it("aborts a stalled download after the stall timeout and retries it", async () => {
    mirror.faults.stallNext = { count: 1, ms: 1500 };
    const env = environment({ download: { stallTimeoutMs: 300 } });
    const result = await installTools(request("18.0.0"), env);
    expect(result.cacheHit).toBe(false);
    expect(env.log.lines.join("\n")).toMatch(
      /warning: Download of .* failed: no data from 127\.0\.0\.1:\d+ for 300 ms \(attempt 1 of 4\)/,
    );
  });

  it("does not kill a slow download that keeps moving", async () => {
    // Slow enough that the whole download takes well over the stall timeout, so the test proves something.
    mirror.faults.bytesPerSecond = 2 * 1024 * 1024;
    try {
      const env = environment({ download: { stallTimeoutMs: 400 } });
      const started = Date.now();
      await installTools(request("18.0.0"), env);
      expect(Date.now() - started).toBeGreaterThan(400);
      expect(env.log.lines.join("\n")).not.toMatch(/attempt/);
    } finally {
      mirror.faults.bytesPerSecond = undefined;
    }
  });

  it("stops retrying after the attempt limit and leaves nothing behind", async () => {
    mirror.faults.failNext = { count: 10, status: 502 };
    const env = environment({
      download: { policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 60_000 } },
    });
    await expect(installTools(request("18.0.0"), env)).rejects.toThrow("HTTP 502");
    expect(mirror.faults.failNext?.count).toBe(7);
    expect(listFiles(env.toolCacheRoot)).toEqual([]);
    expect(listFiles(env.tempDir)).toEqual([]);
  });

  it("stops a download when the run is cancelled, and retries nothing (defect: it kept downloading)", async () => {
    mirror.faults.bytesPerSecond = 256 * 1024;
    try {
      const controller = new AbortController();
      const env = environment({ signal: controller.signal });
      const started = Date.now();
      setTimeout(() => controller.abort(), 300);
      await expect(installTools(request("18.0.0"), env)).rejects.toThrow();
      // The tarball takes about 10 s at this rate; a cancelled install ends long before that.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(env.log.lines.join("\n")).not.toMatch(/attempt/);
      expect(listFiles(env.toolCacheRoot)).toEqual([]);
      expect(listFiles(env.tempDir)).toEqual([]);
    } finally {
      mirror.faults.bytesPerSecond = undefined;
    }
  });

  it("waits for no retry delay once the run is cancelled", async () => {
    mirror.faults.failNext = { count: 10, status: 503 };
    const controller = new AbortController();
    const env = environment({
      signal: controller.signal,
      clock: { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: () => 1 },
      download: { policy: { attempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000, deadlineMs: 600_000 } },
    });
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    await expect(installTools(request("18.0.0"), env)).rejects.toThrow("HTTP 503");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(mirror.faults.failNext?.count).toBe(9);
  });

  it("stops retrying at the overall deadline", async () => {
    mirror.faults.failNext = { count: 10, status: 503 };
    let now = 0;
    const env = environment({
      clock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        random: () => 1,
      },
      download: { policy: { attempts: 10, baseDelayMs: 4000, maxDelayMs: 4000, deadlineMs: 10_000 } },
    });
    await expect(installTools(request("18.0.0"), env)).rejects.toThrow("HTTP 503");
    expect(10 - (mirror.faults.failNext?.count ?? 0)).toBe(3);
  });

  it("refuses tools that report another version than asked", async () => {
    const env = environment();
    await expect(installTools(request("18.0.1"), env)).rejects.toThrow(
      "tctl from teleport-ent-v18.0.1-linux-" +
        ARCH +
        "-bin.tar.gz reports version 18.0.0, expected 18.0.1; nothing was installed.",
    );
    expect(listFiles(env.toolCacheRoot)).toEqual([]);
  });

  it("refuses a tarball without tbot", async () => {
    const env = environment();
    await expect(installTools(request("18.0.2"), env)).rejects.toThrow(
      /does not contain tbot; nothing was installed/,
    );
    expect(listFiles(env.toolCacheRoot)).toEqual([]);
    expect(listFiles(env.tempDir)).toEqual([]);
  });

  it("installs with a pinned checksum when the mirror publishes no .sha256", async () => {
    const spec = { version: "18.0.0", edition: "ent" as const, arch: ARCH as "amd64" };
    const built = await buildTarball(spec, { tools: await versionOnlyTools(spec), fillerBytes: 1024 });
    const env = environment();
    mirror.add(built);
    mirror.faults.checksumBody = null;
    try {
      await expect(installTools(request("18.0.0"), env)).rejects.toThrow(
        /serves no checksum file .* Pin the tarball's SHA-256/,
      );
      const result = await installTools({ ...request("18.0.0"), checksum: built.sha256 }, env);
      expect(result.cacheHit).toBe(false);
    } finally {
      delete mirror.faults.checksumBody;
    }
  });

  it("refuses a runner that is not Linux", async () => {
    await expect(installTools(request("18.0.0"), environment({ platform: "darwin" }))).rejects.toThrow(
      'runner OS "darwin" is not supported',
    );
  });
});
