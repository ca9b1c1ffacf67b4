// The built action's `install` mode, run as the runner runs it, against a loopback HTTPS mirror.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTarball, type Mirror, startMirror, type TarballSpec } from "../sim/cdn/cdn.js";
import { type CertificateAuthority, createCertificateAuthority } from "../sim/common/pki.js";
import { ActionRunner, FAST_WAITS, listFiles } from "../support/action-runner.js";
import { startConnectProxy, startFindServer } from "../support/servers.js";
import { versionOnlyTools } from "../support/sim-tools.js";

const ARCH = process.arch === "arm64" ? "arm64" : "amd64";
const VERSION = "17.5.2";

let ca: CertificateAuthority;
let mirror: Mirror;
let caFile: string;
const runners: ActionRunner[] = [];

function runner(toolCache?: string) {
  const r = new ActionRunner({ env: { NODE_EXTRA_CA_CERTS: caFile }, ...(toolCache ? { toolCache } : {}) });
  runners.push(r);
  return r;
}

async function publish(spec: TarballSpec) {
  mirror.add(await buildTarball(spec, { tools: await versionOnlyTools(spec), fillerBytes: 512 * 1024 }));
}

const tarballRequests = () => mirror.requests.filter((r) => r.path.endsWith(".tar.gz"));

beforeAll(async () => {
  ca = await createCertificateAuthority("test web CA");
  mirror = await startMirror({ ca, dnsNames: ["teleport-mirror.test"] });
  for (const version of [VERSION, "18.1.0", "16.4.9"]) await publish({ version, edition: "ent", arch: ARCH });
  await publish({ version: "18.1.0", edition: "ent", arch: ARCH, fips: true });
  await publish({ version: "18.1.0", edition: "oss", arch: ARCH });
  const dir = fs.mkdtempSync(path.join(runner().root, "ca-"));
  caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, ca.certPem);
});

afterAll(async () => {
  await mirror.stop();
  for (const r of runners) r.cleanup();
});

describe("install mode, explicit version", () => {
  it("installs only tctl and tbot, verified, into the tool cache and sets every output", async () => {
    const r = runner();
    const step = await r.runMain({
      mode: "install",
      "teleport-version": VERSION,
      "teleport-mirror": mirror.url,
    });
    expect(step.stderr + step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    const dir = path.join(r.toolCache, "teleport-ent", VERSION, process.arch);
    expect(step.outputs).toEqual({
      "teleport-version": VERSION,
      "tctl-path": path.join(dir, "tctl"),
      "tbot-path": path.join(dir, "tbot"),
      "cache-hit": "false",
    });
    expect(step.path).toEqual([dir]);
    expect(fs.readdirSync(dir).sort()).toEqual(["tbot", "tctl"]);
    expect(fs.existsSync(`${dir}.complete`)).toBe(true);
    expect(fs.statSync(path.join(dir, "tctl")).mode & 0o111).not.toBe(0);
    expect(step.stdout).toMatch(/Verified SHA-256 [0-9a-f]{64}/);
    expect(step.summary).toContain("| tctl | 17.5.2 |");
    expect(listFiles(r.temp)).toEqual([]);

    const post = await r.runPost();
    expect(post.exitCode).toBe(0);
  });

  it("is a cache hit with no request at all on a second run of the same version", async () => {
    const first = runner();
    await first.runMain({ mode: "install", "teleport-version": "16.4.9", "teleport-mirror": mirror.url });
    const before = mirror.requests.length;
    const second = runner(first.toolCache);
    const step = await second.runMain({
      mode: "install",
      "teleport-version": "16.4.9",
      "teleport-mirror": mirror.url,
    });
    expect(step.exitCode).toBe(0);
    expect(step.outputs["cache-hit"]).toBe("true");
    expect(mirror.requests.length).toBe(before);
  });

  it("fails on a corrupted download and leaves nothing in the tool cache or RUNNER_TEMP", async () => {
    const r = runner();
    mirror.faults.corrupt = true;
    try {
      const step = await r.runMain({
        mode: "install",
        "teleport-version": "18.1.0",
        "teleport-mirror": mirror.url,
      });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toMatch(
        /::error::Checksum mismatch for teleport-ent-v18\.1\.0-linux-\w+-bin\.tar\.gz/,
      );
      expect(step.stdout).toContain("Nothing was installed");
      expect(listFiles(r.toolCache)).toEqual([]);
      expect(listFiles(r.temp)).toEqual([]);
      expect(step.outputs).toEqual({});
    } finally {
      mirror.faults.corrupt = false;
    }
  });

  it("fails when the pinned checksum differs from the download", async () => {
    const r = runner();
    const step = await r.runMain({
      mode: "install",
      "teleport-version": "18.1.0",
      "teleport-mirror": mirror.url,
      checksum: "0".repeat(64),
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/Checksum mismatch .* the checksum input pins 0{64}/);
    expect(listFiles(r.toolCache)).toEqual([]);
  });

  it("names the missing version, arch and edition on a 404 and does not retry it", async () => {
    const r = runner();
    const before = tarballRequests().length;
    const step = await r.runMain({
      mode: "install",
      "teleport-version": "15.0.0",
      "teleport-mirror": mirror.url,
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain(`Teleport Enterprise 15.0.0 for linux-${ARCH} is not on the mirror`);
    expect(tarballRequests().length - before).toBe(1);
  });

  it("retries 5xx answers and a truncated body, then installs", async () => {
    const r = runner();
    mirror.faults.failNext = { count: 1, status: 503 };
    mirror.faults.truncateNext = 1;
    const before = tarballRequests().length;
    const step = await r.runMain(
      { mode: "install", "teleport-version": "18.1.0", "teleport-mirror": mirror.url },
      FAST_WAITS,
    );
    expect(step.exitCode).toBe(0);
    expect(tarballRequests().length - before).toBe(3);
    expect(step.stdout).toMatch(/HTTP 503 \(attempt 1 of 4\)/);
    expect(step.stdout).toMatch(/truncated|interrupted/);
  }, 90_000);

  it("refuses an HTML answer with a clear error and no retry", async () => {
    const r = runner();
    mirror.faults.html = true;
    const before = tarballRequests().length;
    try {
      const step = await r.runMain({
        mode: "install",
        "teleport-version": "18.1.0",
        "teleport-mirror": mirror.url,
      });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toMatch(/HTML page .* instead of a tarball/);
      expect(tarballRequests().length - before).toBe(1);
    } finally {
      mirror.faults.html = false;
    }
  });

  it("refuses a .sha256 file that holds no digest", async () => {
    const r = runner();
    mirror.faults.checksumBody = "<html>not a checksum</html>\n";
    try {
      const step = await r.runMain({
        mode: "install",
        "teleport-version": "18.1.0",
        "teleport-mirror": mirror.url,
      });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toContain("checksum file holds no SHA-256 digest");
      expect(listFiles(r.toolCache)).toEqual([]);
    } finally {
      delete mirror.faults.checksumBody;
    }
  });

  it("goes through HTTPS_PROXY for a mirror that is not on loopback", async () => {
    const proxy = await startConnectProxy();
    try {
      const port = new URL(mirror.url).port;
      const r = runner();
      const step = await r.runMain(
        {
          mode: "install",
          "teleport-version": VERSION,
          "teleport-mirror": `https://teleport-mirror.test:${port}`,
        },
        { HTTPS_PROXY: proxy.url },
      );
      expect(step.exitCode).toBe(0);
      expect(proxy.connects).toContain(`teleport-mirror.test:${port}`);
    } finally {
      await proxy.stop();
    }
  });
});

describe("install mode, version from the proxy", () => {
  it("installs auto_update.tools_version, and the FIPS build when the proxy reports fips", async () => {
    let fips = false;
    const find = await startFindServer(ca, () => ({
      cluster_name: "example.teleport.sh",
      server_version: "18.1.2",
      edition: "ent",
      fips,
      auto_update: { tools_version: "18.1.0", tools_auto_update: true },
      proxy: { tls_routing_enabled: true },
    }));
    try {
      const step = await runner().runMain({
        mode: "install",
        proxy: find.address,
        "teleport-mirror": mirror.url,
      });
      expect(step.exitCode).toBe(0);
      expect(step.outputs["teleport-version"]).toBe("18.1.0");
      expect(step.outputs["tctl-path"]).toContain(`${path.sep}teleport-ent${path.sep}18.1.0${path.sep}`);
      expect(find.requests).toEqual(["/webapi/find"]);

      fips = true;
      const fipsStep = await runner().runMain({
        mode: "install",
        proxy: find.address,
        "teleport-mirror": mirror.url,
      });
      expect(fipsStep.exitCode).toBe(0);
      expect(fipsStep.outputs["tctl-path"]).toContain(
        `${path.sep}teleport-ent-fips${path.sep}18.1.0${path.sep}`,
      );
      expect(mirror.requests.map((q) => q.path)).toContain(
        `/teleport-ent-v18.1.0-linux-${ARCH}-fips-bin.tar.gz`,
      );
    } finally {
      await find.stop();
    }
  });

  it("names the proxy address when it cannot be reached", async () => {
    const step = await runner().runMain(
      { mode: "install", proxy: "127.0.0.1:9", "teleport-mirror": mirror.url },
      FAST_WAITS,
    );
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain('Teleport proxy "127.0.0.1:9"');
  }, 90_000);
});

describe("install mode, bad input changes nothing", () => {
  it.each([
    [{ mode: "deploy" }, /Input "mode": "deploy" is not one of/],
    [{ "teleport-version": "v17.0.1" }, /Input "teleport-version": .*leading "v"/],
    [{ "teleport-version": "latest" }, /Input "teleport-version": "latest" is not a Teleport version/],
    [{ "teleport-version": "17" }, /Input "teleport-version": "17" is not a full version/],
    [{ "teleport-version": "auto" }, /Input "proxy": is required when teleport-version is "auto"/],
    [
      { "teleport-version": "17.0.1", "teleport-mirror": "http://mirror.example.com" },
      /Input "teleport-mirror": .*plain http/,
    ],
    [{ "teleport-version": "17.0.1", checksum: "abc123" }, /Input "checksum": .*64 hex digits/],
  ])("%j", async (inputs, message) => {
    const r = runner();
    const before = mirror.requests.length;
    const step = await r.runMain({ "teleport-mirror": mirror.url, ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(message);
    expect(mirror.requests.length).toBe(before);
    expect(listFiles(r.toolCache)).toEqual([]);
  });
});
