// One measured install, in a fresh process (so NODE_EXTRA_CA_CERTS applies and no state is shared):
//   ours      the action's streaming installer (src/teleport/install.ts)
//   extract   download to disk with @actions/tool-cache, then extract everything (the setup-action way)
//   floor     download and SHA-256 only: the bytes no installer can avoid
//   cachehit  the action's installer on a warm tool cache
// Prints {"ms": <wall time of the install itself>}.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as https from "node:https";
import * as path from "node:path";
import * as tc from "@actions/tool-cache";
import { createHttp } from "../../src/net/http.js";
import { installTools } from "../../src/teleport/install.js";
import type { ExecResult } from "../../src/util/exec.js";

const [strategy, mirrorUrl, version, workDir] = process.argv.slice(2) as [string, string, string, string];
const arch = process.arch === "arm64" ? "arm64" : "amd64";
const url = `${mirrorUrl}/teleport-ent-v${version}-linux-${arch}-bin.tar.gz`;
const exec = (file: string, args: string[]) =>
  new Promise<ExecResult>((resolve) =>
    execFile(file, args, (e, stdout, stderr) => resolve({ exitCode: e ? 1 : 0, stdout, stderr })),
  );
const quiet = { info: () => {}, warning: (m: string) => console.error(m), debug: () => {} };

async function ours() {
  await installTools(
    { version, edition: "ent", mirror: new URL(mirrorUrl) },
    {
      http: createHttp(),
      exec,
      toolCacheRoot: path.join(workDir, "cache"),
      tempDir: path.join(workDir, "temp"),
      arch: process.arch,
      platform: process.platform,
      log: quiet,
    },
  );
}

async function extractEverything() {
  process.env.RUNNER_TEMP = path.join(workDir, "temp");
  const file = await tc.downloadTool(url, path.join(workDir, "download.tar.gz"));
  await tc.extractTar(file, path.join(workDir, "extracted"), ["xz", "--strip", "1"]);
}

function floor() {
  return new Promise<void>((resolve, reject) => {
    https
      .get(url, (res) => {
        const hash = createHash("sha256");
        res.on("data", (chunk) => hash.update(chunk));
        res.on("end", () => {
          hash.digest("hex");
          resolve();
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const run = { ours, extract: extractEverything, floor, cachehit: ours }[strategy];
if (!run) throw new Error(`unknown strategy ${strategy}`);
const started = performance.now();
await run();
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
