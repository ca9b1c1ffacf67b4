// Install benchmark (issue: foundation, item 7). Medians of interleaved runs, measured side by side:
//   (a) the action's streaming install, (b) download to disk then extract everything (setup-action way),
//   (c) the floor: download + SHA-256 only; plus cache-hit time inside the process and for the whole bundle.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { buildTarball, goBinaryLikeFiller, type TarballSpec } from "../sim/cdn/cdn.js";
import { ActionRunner, REPO_ROOT } from "../support/action-runner.js";
import { fmtMs, median } from "./stats.js";

const MiB = 1024 * 1024;
const VERSION = "18.2.1";
const RATE = Number(process.env.BENCH_MIRROR_BYTES_PER_SECOND ?? 50 * 1000 * 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** A shell script that answers `version` and exits before the shell reaches the padding behind it. */
function paddedTool(name: string, size: number, seed: number): Buffer {
  const script = Buffer.from(
    `#!/bin/sh\ncase "$1" in version) echo "Teleport Enterprise v${VERSION} git:v${VERSION}-0-g1a2b3c4 go1.24.6"; exit 0;; esac\necho "${name}: bench stand-in" >&2\nexit 1\n`,
  );
  return Buffer.concat([script, goBinaryLikeFiller(size - script.length, seed)]);
}

async function benchTarball(dir: string) {
  const spec: TarballSpec = {
    version: VERSION,
    edition: "ent",
    arch: process.arch === "arm64" ? "arm64" : "amd64",
  };
  const file = path.join(dir, `teleport-ent-v${VERSION}-linux-${spec.arch}-bin.tar.gz`);
  const meta = `${file}.json`;
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, "utf8"));
  console.log("building the benchmark tarball (about 520 MB unpacked; cached in .tmp/bench) ...");
  const built = await buildTarball(spec, {
    tools: { tctl: paddedTool("tctl", 100 * MiB, 11), tbot: paddedTool("tbot", 60 * MiB, 12) },
    sizes: { teleport: 200 * MiB, tsh: 100 * MiB, "teleport-update": 60 * MiB },
    outFile: file,
  });
  const info = { file, name: built.name, sha256: built.sha256, size: built.size, unpacked: 520 * MiB };
  fs.writeFileSync(meta, JSON.stringify(info));
  return info;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function runChild(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    // @actions/tool-cache logs `::debug::` lines on stdout; the result is the last JSON line.
    const result = () =>
      out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .at(-1) ?? "";
    child.on("close", (code) =>
      code === 0 ? resolve(result()) : reject(new Error(`${args.join(" ")} exited ${code}`)),
    );
  });
}

export async function installBenchmark(): Promise<void> {
  const benchDir = path.join(REPO_ROOT, ".tmp", "bench");
  fs.mkdirSync(benchDir, { recursive: true });
  const tarball = await benchTarball(benchDir);

  const gunzipTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    gunzipTimes.push(
      await timeIt(() => pipeline(fs.createReadStream(tarball.file), createGunzip(), devNull())),
    );
  }
  const gunzipMs = median(gunzipTimes);
  const shaMs = await timeIt(() => pipeline(fs.createReadStream(tarball.file), createHash("sha256")));
  console.log(
    `tarball: ${(tarball.size / MiB).toFixed(0)} MiB compressed, ${(tarball.unpacked / MiB).toFixed(0)} MiB unpacked (ratio ${(tarball.unpacked / tarball.size).toFixed(2)})`,
  );
  console.log(
    `  gunzip alone ${fmtMs(gunzipMs)} (${(tarball.unpacked / MiB / (gunzipMs / 1000)).toFixed(0)} MiB/s unpacked); sha256 alone ${fmtMs(shaMs)}`,
  );

  const mirror = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "test/bench/mirror-process.ts",
      tarball.file,
      tarball.name,
      tarball.sha256,
      String(RATE),
      benchDir,
    ],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "inherit"] },
  );
  const { url, caFile } = await new Promise<{ url: string; caFile: string }>((resolve) =>
    mirror.stdout.once("data", (d) => resolve(JSON.parse(String(d)))),
  );
  console.log(`mirror in its own process, throttled to ${(RATE / 1e6).toFixed(0)} MB/s: ${url}`);

  const env = { NODE_EXTRA_CA_CERTS: caFile };
  const times: Record<string, number[]> = { ours: [], extract: [], floor: [] };
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const strategy of ["ours", "extract", "floor"] as const) {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${strategy}-`));
        try {
          const out = await runChild(["test/bench/install-strategy.ts", strategy, url, VERSION, work], env);
          times[strategy]!.push(JSON.parse(out).ms);
        } finally {
          fs.rmSync(work, { recursive: true, force: true });
        }
      }
      console.log(
        `  run ${run}: ours ${fmtMs(times.ours!.at(-1)!)}, extract-all ${fmtMs(times.extract!.at(-1)!)}, floor ${fmtMs(times.floor!.at(-1)!)}`,
      );
    }

    // Cache hits: warm one tool cache, then time the installer in-process and the whole bundled action.
    const warm = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cachehit-"));
    await runChild(["test/bench/install-strategy.ts", "ours", url, VERSION, warm], env);
    const inProcess: number[] = [];
    const wholeProcess: number[] = [];
    const firstLine: number[] = [];
    const runner = new ActionRunner({ toolCache: path.join(warm, "cache"), env });
    for (let run = 1; run <= RUNS; run++) {
      inProcess.push(
        JSON.parse(await runChild(["test/bench/install-strategy.ts", "cachehit", url, VERSION, warm], env))
          .ms,
      );
      const step = await runner.runMain({
        mode: "install",
        "teleport-version": VERSION,
        "teleport-mirror": url,
      });
      if (step.outputs["cache-hit"] !== "true") throw new Error(`expected a cache hit: ${step.stdout}`);
      wholeProcess.push(step.durationMs);
      firstLine.push(step.firstOutputMs);
    }
    runner.cleanup();
    fs.rmSync(warm, { recursive: true, force: true });

    const a = median(times.ours!);
    const b = median(times.extract!);
    const c = median(times.floor!);
    console.log(`\ninstall benchmark, medians of ${RUNS} interleaved runs:`);
    console.log(`  (a) streaming install (ours)            ${fmtMs(a)}`);
    console.log(`  (b) download, then extract everything   ${fmtMs(b)}`);
    console.log(`  (c) floor: download + sha256 only       ${fmtMs(c)}`);
    console.log(`  b/a = ${(b / a).toFixed(2)}x faster (target >= 1.5x)`);
    console.log(`  a/c = ${(a / c).toFixed(2)}x the floor (target <= 1.3x)`);
    console.log(`  cache hit, install step in-process: ${fmtMs(median(inProcess))} (target < 100 ms)`);
    console.log(
      `  bundled action start-up, spawn to first log line: ${fmtMs(median(firstLine))} (target < 300 ms)`,
    );
    console.log(`  cache hit, whole bundled action process: ${fmtMs(median(wholeProcess))}`);
  } finally {
    mirror.stdin.end();
    await new Promise((r) => mirror.once("close", r));
  }
}

function devNull() {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
