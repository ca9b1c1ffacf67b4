// `npm run demo`: starts the built-in Teleport Cloud simulator, runs the built action (dist/) in apply mode
// the way the GitHub runner would, on the tenants in examples/tenants (children joined by IAM with
// role-to-assume, through the simulator's GitHub OIDC issuer and STS), prints the job summary, the child
// domains and identities and the tctl line a next step would run, runs the post step, and stops. The log is
// shown as the runner shows it: secrets registered with ::add-mask:: as ***, no ::debug:: lines unless
// DEMO_DEBUG=1, annotations as lines with their file and line.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { startSimulator } from "../test/sim/index.js";
import { ActionRunner, REPO_ROOT } from "../test/support/action-runner.js";
import { RunnerLog } from "../test/support/runner-log.js";

const started = Date.now();
const sim = await startSimulator({ delayMs: 3000 });
console.log(
  `Teleport Cloud simulator ready in ${Date.now() - started} ms: parent proxy ${sim.env.TELEPORT_SIM_PROXY}`,
);

const runner = new ActionRunner({ env: { ...sim.env } });
const log = new RunnerLog({ debug: process.env.DEMO_DEBUG === "1" });
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
    "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
  };
  console.log("--- uses: teleport-workload-cluster-action (mode: apply) ---");
  const step = await runner.runMain(inputs);
  console.log(log.render(step.stdout));
  console.log(`--- exit ${step.exitCode} after ${step.durationMs} ms ---\n`);
  console.log("--- job summary ---");
  console.log(log.mask(step.summary));
  console.log("--- outputs ---");
  for (const [name, value] of Object.entries(step.outputs)) console.log(log.mask(`${name}=${value}`));
  const clusters = JSON.parse(step.outputs.clusters ?? "{}") as Record<
    string,
    { domain: string; proxy: string; state: string; identity?: string }
  >;
  console.log("\nchild clusters:");
  for (const [name, c] of Object.entries(clusters)) {
    console.log(`  ${name}: ${c.state} at ${c.domain}, ${c.identity ? "joined" : "not joined"}`);
    if (!c.identity) continue;
    // What a later workflow step runs with the outputs: the guide's `tctl --auth-server <proxy> -i <identity>`.
    // The child's bot may always read its own role (spec.bot.name).
    const manifest = path.join(runner.workspace, "teleport/workload-clusters", `${name}.yaml`);
    const bot = (parseYaml(fs.readFileSync(manifest, "utf8")) as { spec: { bot: { name: string } } }).spec.bot
      .name;
    const args = ["--auth-server", c.proxy, "-i", c.identity, "get", `role/${bot}`, "--format=text"];
    console.log(`    $ tctl ${args.join(" ")}`);
    // Asynchronous: the simulator answering it runs in this same process.
    const out = await new Promise<string>((resolve) =>
      execFile(
        step.outputs["tctl-path"]!,
        args,
        {
          env: {
            PATH: process.env.PATH ?? "",
            SSL_CERT_FILE: sim.env.SSL_CERT_FILE,
            TELEPORT_TOOLS_VERSION: "off",
          },
        },
        (_error, stdout, stderr) => resolve(`${stdout}${stderr}`),
      ),
    );
    for (const line of out.trimEnd().split("\n")) console.log(`    ${line}`);
  }
  const post = await runner.runPost();
  console.log(`\n--- post step (exit ${post.exitCode}) ---\n${log.render(post.stdout)}`);
  if (step.exitCode !== 0 || post.exitCode !== 0) process.exitCode = 1;
} finally {
  runner.cleanup();
  await sim.stop();
}
