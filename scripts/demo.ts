// `npm run demo`: starts the built-in Teleport Cloud simulator, runs the built action (dist/) in apply mode
// the way the GitHub runner would, on the tenants in examples/tenants, prints the job summary and the child
// domains, runs the post step, and stops the simulator.
import * as fs from "node:fs";
import * as path from "node:path";
import { startSimulator } from "../test/sim/index.js";
import { ActionRunner, REPO_ROOT } from "../test/support/action-runner.js";

const started = Date.now();
const sim = await startSimulator({ delayMs: 3000 });
console.log(
  `Teleport Cloud simulator ready in ${Date.now() - started} ms: parent proxy ${sim.env.TELEPORT_SIM_PROXY}`,
);

const runner = new ActionRunner({ env: { ...sim.env } });
fs.cpSync(path.join(REPO_ROOT, "examples/tenants"), runner.workspace, { recursive: true });
console.log(
  `tenant repository: examples/tenants (${fs.readdirSync(path.join(runner.workspace, "teleport/workload-clusters")).join(", ")})\n`,
);

try {
  const inputs = {
    mode: "apply",
    proxy: sim.env.TELEPORT_SIM_PROXY,
    "parent-token": sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
    "teleport-mirror": sim.env.TELEPORT_SIM_MIRROR,
  };
  console.log("--- uses: teleport-workload-cluster-action (mode: apply) ---");
  const step = await runner.runMain(inputs);
  process.stdout.write(step.stdout);
  console.log(`--- exit ${step.exitCode} after ${step.durationMs} ms ---\n`);
  console.log("--- job summary ---");
  console.log(step.summary);
  console.log("--- outputs ---");
  for (const [name, value] of Object.entries(step.outputs)) console.log(`${name}=${value}`);
  const clusters = JSON.parse(step.outputs.clusters ?? "{}") as Record<
    string,
    { domain: string; state: string }
  >;
  console.log("\nchild clusters:");
  for (const [name, c] of Object.entries(clusters)) console.log(`  ${name}: ${c.state} at ${c.domain}`);
  const post = await runner.runPost();
  console.log(`\n--- post step (exit ${post.exitCode}) ---\n${post.stdout}`);
  if (step.exitCode !== 0 || post.exitCode !== 0) process.exitCode = 1;
} finally {
  runner.cleanup();
  await sim.stop();
}
