// `npm run demo`: runs the built action, as the GitHub runner would, against the built-in simulator.
// Today it shows `mode: install` against the simulated Teleport CDN; it grows with the action's modes.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildTarball, startMirror } from "../test/sim/cdn.js";
import { createCertificateAuthority } from "../test/sim/pki.js";
import { ActionRunner } from "../test/support/action-runner.js";
import { versionOnlyTools } from "../test/support/sim-tools.js";

const VERSION = "18.2.1";
const arch = process.arch === "arm64" ? "arm64" : "amd64";

const started = Date.now();
const ca = await createCertificateAuthority("simulator web CA");
const spec = { version: VERSION, edition: "ent" as const, arch: arch as "amd64" | "arm64" };
const mirror = await startMirror({
  ca,
  tarballs: [await buildTarball(spec, { tools: await versionOnlyTools(spec) })],
});
const runner = new ActionRunner();
const caFile = path.join(runner.root, "simulator-ca.pem");
fs.writeFileSync(caFile, ca.certPem);
console.log(`simulator CDN on ${mirror.url} (started in ${Date.now() - started} ms)\n`);

try {
  for (const attempt of ["first run", "second run (tool cache)"]) {
    const step = await runner.runMain(
      { mode: "install", "teleport-version": VERSION, "teleport-mirror": mirror.url },
      { NODE_EXTRA_CA_CERTS: caFile },
    );
    console.log(`--- action log, ${attempt} (exit ${step.exitCode}, ${step.durationMs} ms) ---`);
    process.stdout.write(step.stdout);
    console.log("--- outputs ---");
    for (const [k, v] of Object.entries(step.outputs)) console.log(`${k}=${v}`);
    console.log("");
    if (step.exitCode !== 0) process.exitCode = 1;
  }
  const last = await runner.runPost();
  console.log(`--- post step (exit ${last.exitCode}) ---\n${last.stdout}`);
} finally {
  await mirror.stop();
  runner.cleanup();
}
