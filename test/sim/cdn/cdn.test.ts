// The simulated CDN checked with the tools a person would use on a real release: curl-like download, the
// system `tar`, and `sha256sum -c`. fact: B74 (URLs, checksums, tarball layout).
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CertificateAuthority, createCertificateAuthority } from "../common/pki.js";
import { buildToolBinaries } from "../tools/build.js";
import { buildTarball, type Mirror, startMirror, tarballFileName } from "./cdn.js";

const spec = { version: "18.2.0", edition: "ent" as const, arch: "amd64" as const };
const NAME = tarballFileName(spec);
let ca: CertificateAuthority;
let mirror: Mirror;
let dir: string;

function download(url: string): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: ca.certPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            type: String(res.headers["content-type"]),
          }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

beforeAll(async () => {
  ca = await createCertificateAuthority("cdn test CA");
  const tools = await buildToolBinaries({ version: spec.version, edition: "ent" });
  mirror = await startMirror({ ca, tarballs: [await buildTarball(spec, { tools })] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdn-test-"));
});

afterAll(async () => {
  await mirror.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("simulated CDN", () => {
  it("serves teleport-ent-v<V>-linux-<arch>-bin.tar.gz and a .sha256 that passes sha256sum -c", async () => {
    expect(NAME).toBe("teleport-ent-v18.2.0-linux-amd64-bin.tar.gz");
    const tarball = await download(`${mirror.url}/${NAME}`);
    const sums = await download(`${mirror.url}/${NAME}.sha256`);
    expect(tarball.status).toBe(200);
    expect(sums.body.toString()).toMatch(new RegExp(`^[0-9a-f]{64}  ${NAME.replace(/\./g, "\\.")}\\n$`));
    fs.writeFileSync(path.join(dir, NAME), tarball.body);
    fs.writeFileSync(path.join(dir, `${NAME}.sha256`), sums.body);
    expect(execFileSync("sha256sum", ["-c", `${NAME}.sha256`], { cwd: dir }).toString()).toBe(
      `${NAME}: OK\n`,
    );
  });

  it("unpacks with the system tar into the real layout, teleport first, and its tctl runs", () => {
    const listing = execFileSync("tar", ["-tzf", NAME], { cwd: dir }).toString().trim().split("\n");
    expect(listing).toEqual([
      "teleport-ent/",
      "teleport-ent/teleport",
      "teleport-ent/tctl",
      "teleport-ent/tsh",
      "teleport-ent/tbot",
      "teleport-ent/teleport-update",
      "teleport-ent/install",
    ]);
    execFileSync("tar", ["-xzf", NAME], { cwd: dir });
    const tctl = path.join(dir, "teleport-ent", "tctl");
    expect(fs.statSync(tctl).mode & 0o111).not.toBe(0);
    expect(execFileSync(tctl, ["version"]).toString()).toMatch(/^Teleport Enterprise v18\.2\.0 git:/);
  });

  it("corrupts a byte on request, which sha256sum -c catches", async () => {
    mirror.faults.corrupt = true;
    try {
      fs.writeFileSync(path.join(dir, NAME), (await download(`${mirror.url}/${NAME}`)).body);
      const check = spawnSync("sha256sum", ["-c", `${NAME}.sha256`], { cwd: dir });
      expect(check.status).toBe(1);
      expect(check.stdout.toString()).toBe(`${NAME}: FAILED\n`);
    } finally {
      mirror.faults.corrupt = false;
    }
  });

  it("answers 404 for a release it does not have, and 5xx or HTML when told to", async () => {
    expect((await download(`${mirror.url}/teleport-ent-v1.0.0-linux-amd64-bin.tar.gz`)).status).toBe(404);
    mirror.faults.failNext = { count: 1, status: 503 };
    expect((await download(`${mirror.url}/${NAME}`)).status).toBe(503);
    expect((await download(`${mirror.url}/${NAME}`)).status).toBe(200);
    mirror.faults.html = true;
    try {
      const page = await download(`${mirror.url}/${NAME}`);
      expect(page.type).toMatch(/text\/html/);
      expect(page.body.toString()).toMatch(/<!DOCTYPE html>/);
    } finally {
      mirror.faults.html = false;
    }
  });

  it("cuts a body in half and resets the connection when told to", async () => {
    mirror.faults.truncateNext = 1;
    await expect(download(`${mirror.url}/${NAME}`)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  });
});
