// The simulated Teleport CDN: release tarballs in the real layout with `.sha256` files beside them, served
// over HTTPS on 127.0.0.1, with faults a test can switch on. fact: B74
// (URLs, checksums and tarball layout).
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, constants as zlibConstants } from "node:zlib";
import * as tarStream from "tar-stream";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  issueLoopbackServerCertificate,
} from "../common/pki.js";

export type SimEdition = "ent" | "oss";

export interface TarballSpec {
  version: string;
  edition: SimEdition;
  arch: "amd64" | "arm64";
  fips?: boolean;
}

export interface ToolBinaries {
  tctl: Buffer;
  tbot: Buffer;
}

export type ToolProvider = (spec: TarballSpec) => Promise<ToolBinaries>;

/** File name on the CDN (fact: B74). */
export function tarballFileName(spec: TarballSpec): string {
  const product = spec.edition === "ent" ? "teleport-ent" : "teleport";
  return `${product}-v${spec.version}-linux-${spec.arch}${spec.fips ? "-fips" : ""}-bin.tar.gz`;
}

/**
 * Bytes that compress and decompress roughly like Go binaries (about 3:1 with gzip -6): runs of random
 * bytes (machine code, compressed data) between runs of repetitive symbol-table-like text.
 */
export function goBinaryLikeFiller(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const words = [
    "runtime.",
    "github.com/gravitational/",
    "type..eq.",
    "go.itab.*",
    "func",
    "(*Client)",
    "Error",
    "ctx",
  ];
  let i = 0;
  while (i < size) {
    const run = 64 + (next() % 960);
    if (next() % 100 < 20) {
      for (let j = 0; j < run && i < size; j++, i++) out[i] = next() & 0xff;
    } else {
      for (let j = 0; j < run && i < size; ) {
        const w = words[next() % words.length]!;
        const n = out.write(w, i, "latin1");
        i += n;
        j += n;
        if (i >= size) break;
        out[i++] = (next() % 4) + 0x30;
        j++;
      }
    }
  }
  return out;
}

export interface BuildTarballOptions {
  tools: ToolBinaries;
  /** Size of `teleport`; `tsh` and `teleport-update` are 60% and 30% of it unless `sizes` says otherwise. */
  fillerBytes?: number;
  sizes?: { teleport?: number; tsh?: number; "teleport-update"?: number };
  /** Write the tarball to this path instead of returning it in memory (for large benchmark tarballs). */
  outFile?: string;
  gzipLevel?: number;
  /** Leave these members out (to test an installer against a broken release). */
  omit?: string[];
}

export interface BuiltTarball {
  name: string;
  sha256: string;
  size: number;
  data?: Buffer;
  file?: string;
}

/**
 * The real layout: one top directory (`teleport-ent/` or `teleport/`) holding `teleport` first, then `tctl`,
 * `tsh`, `tbot`, plus `install` and `teleport-update`.
 */
export async function buildTarball(spec: TarballSpec, options: BuildTarballOptions): Promise<BuiltTarball> {
  const top = spec.edition === "ent" ? "teleport-ent" : "teleport";
  const filler = options.fillerBytes ?? 256 * 1024;
  const pack = tarStream.pack();
  const gzip = createGzip({ level: options.gzipLevel ?? zlibConstants.Z_DEFAULT_COMPRESSION });
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  const counter = new PassThrough();
  counter.on("data", (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    if (!options.outFile) chunks.push(chunk);
  });
  const sink = options.outFile ? createWriteStream(options.outFile) : new PassThrough().resume();
  const done = pipeline(pack, gzip, counter, sink);
  const mtime = new Date("2026-01-01T00:00:00Z");
  const add = (name: string, data: Buffer, mode = 0o755) =>
    options.omit?.includes(name)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) =>
          pack.entry({ name: `${top}/${name}`, mode, mtime, uid: 0, gid: 0 }, data, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
  pack.entry({ name: `${top}/`, type: "directory", mode: 0o755, mtime });
  const sizes = options.sizes ?? {};
  await add("teleport", goBinaryLikeFiller(sizes.teleport ?? filler, 1));
  await add("tctl", options.tools.tctl);
  await add("tsh", goBinaryLikeFiller(sizes.tsh ?? Math.floor(filler * 0.6), 2));
  await add("tbot", options.tools.tbot);
  await add("teleport-update", goBinaryLikeFiller(sizes["teleport-update"] ?? Math.floor(filler * 0.3), 3));
  await add("install", Buffer.from("#!/bin/bash\n# simulator: installs the binaries into /usr/local/bin\n"));
  pack.finalize();
  await done;
  return {
    name: tarballFileName(spec),
    sha256: hash.digest("hex"),
    size,
    ...(options.outFile ? { file: options.outFile } : { data: Buffer.concat(chunks) }),
  };
}

export interface MirrorRequest {
  method: string;
  path: string;
  status: number;
  /** Wall-clock ms: the request arrived, the response finished (or the connection closed). */
  startMs: number;
  endMs?: number;
}

/** Faults apply to tarball downloads (not to `.sha256` files) unless stated. */
export interface MirrorFaults {
  /** Answer the next N tarball requests with this status. */
  failNext?: { count: number; status: number };
  /** Flip one byte in the middle of every tarball body (the `.sha256` stays right). */
  corrupt?: boolean;
  /** Send half the body of the next N tarball requests, then reset the connection. */
  truncateNext?: number;
  /** Stop sending for `ms` halfway through the next N tarball bodies. */
  stallNext?: { count: number; ms: number };
  /** Answer tarball requests with an HTML page and status 200, as a misconfigured web server does. */
  html?: boolean;
  /** Replace every `.sha256` body; null makes them 404. */
  checksumBody?: string | null;
  /** Throttle every body to this many bytes per second (models a runner's download bandwidth). */
  bytesPerSecond?: number;
}

export interface Mirror {
  url: string;
  caPem: string;
  requests: MirrorRequest[];
  faults: MirrorFaults;
  add(tarball: BuiltTarball): void;
  stop(): Promise<void>;
}

export interface StartMirrorOptions {
  ca?: CertificateAuthority;
  /** Extra DNS names on the certificate (e.g. a name only an HTTP proxy resolves). */
  dnsNames?: string[];
  tarballs?: BuiltTarball[];
  faults?: MirrorFaults;
}

export async function startMirror(options: StartMirrorOptions = {}): Promise<Mirror> {
  const ca = options.ca ?? (await createCertificateAuthority("simulator web CA"));
  const cert = await issueLoopbackServerCertificate(ca, options.dnsNames ?? []);
  const files = new Map<string, BuiltTarball>();
  for (const t of options.tarballs ?? []) files.set(t.name, t);
  const requests: MirrorRequest[] = [];
  const faults: MirrorFaults = options.faults ?? {};
  const sockets = new Set<Socket>();

  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const startMs = Date.now();
    const log = (status: number) => {
      const entry: MirrorRequest = { method: req.method ?? "GET", path: `/${path}`, status, startMs };
      requests.push(entry);
      res.once("close", () => {
        entry.endMs = Date.now();
      });
    };
    const path = decodeURIComponent(new URL(req.url ?? "/", "https://x").pathname).replace(/^\/+/, "");
    const isTarball = path.endsWith(".tar.gz");
    const respond = (status: number, headers: Record<string, string | number>, body?: Buffer | Readable) => {
      log(status);
      res.writeHead(status, headers);
      if (!body) return res.end();
      if (Buffer.isBuffer(body)) return sendBody(res, body, isTarball ? faults : {});
      return void body.pipe(res);
    };
    if (path.endsWith(".sha256")) {
      const t = files.get(path.slice(0, -".sha256".length));
      if (!t || faults.checksumBody === null)
        return respond(404, { "content-type": "text/plain" }, Buffer.from("Not Found\n"));
      const body = faults.checksumBody ?? `${t.sha256}  ${t.name}\n`;
      return respond(200, { "content-type": "text/plain" }, Buffer.from(body));
    }
    const t = files.get(path);
    if (!t) return respond(404, { "content-type": "text/plain" }, Buffer.from("Not Found\n"));
    if (faults.failNext && faults.failNext.count > 0) {
      faults.failNext.count--;
      return respond(
        faults.failNext.status,
        { "content-type": "text/plain" },
        Buffer.from("simulated failure\n"),
      );
    }
    if (faults.html) {
      const page = Buffer.from("<!DOCTYPE html><html><body>Welcome to nginx!</body></html>\n");
      return respond(
        200,
        { "content-type": "text/html; charset=utf-8", "content-length": page.length },
        page,
      );
    }
    const headers = { "content-type": "application/gzip", "content-length": t.size };
    if (t.data) {
      let data = t.data;
      if (faults.corrupt) {
        data = Buffer.from(t.data);
        const i = Math.floor(data.length / 2);
        data[i] = data[i]! ^ 0xff;
      }
      return respond(200, headers, data);
    }
    log(200);
    res.writeHead(200, headers);
    void streamFile(res, t.file!, faults);
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: ca.certPem,
    requests,
    faults,
    add: (t) => void files.set(t.name, t),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendBody(res: import("node:http").ServerResponse, body: Buffer, faults: MirrorFaults) {
  const half = Math.floor(body.length / 2);
  if (faults.truncateNext && faults.truncateNext > 0 && body.length > 1024) {
    faults.truncateNext--;
    res.write(body.subarray(0, half));
    await sleep(20);
    res.socket?.destroy();
    return;
  }
  const stall = faults.stallNext && faults.stallNext.count > 0 ? faults.stallNext : undefined;
  if (stall) stall.count--;
  const chunk = 64 * 1024;
  for (let i = 0; i < body.length; i += chunk) {
    if (res.destroyed) return;
    if (stall && i <= half && half < i + chunk) await sleep(stall.ms);
    if (res.destroyed) return;
    const ok = res.write(body.subarray(i, Math.min(body.length, i + chunk)));
    if (faults.bytesPerSecond) await sleep((chunk / faults.bytesPerSecond) * 1000);
    else if (!ok) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}

async function streamFile(res: import("node:http").ServerResponse, file: string, faults: MirrorFaults) {
  if (!faults.bytesPerSecond) {
    await pipeline(createReadStream(file), res).catch(() => undefined);
    return;
  }
  // Token bucket in 16 KiB steps: smooth enough to model a link, coarse enough to stay cheap.
  const rate = faults.bytesPerSecond;
  const start = Date.now();
  let sent = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 16 * 1024 })) {
    if (res.destroyed) return;
    sent += (chunk as Buffer).length;
    const due = start + (sent / rate) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
