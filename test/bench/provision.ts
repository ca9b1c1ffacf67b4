// Provisioning benchmark: 20 tenants with a 3 s simulated provisioning delay, provisioned by ONE apply run,
// against the same 20 applied one after another (measured, not computed); then the same with every child
// joined by tbot (IAM join, role-to-assume through the simulator's OIDC issuer and STS). Both run the
// bundled action the way the runner does, against the simulator.
import * as fs from "node:fs";
import * as path from "node:path";
import { type Simulator, startSimulator } from "../sim/index.js";
import { ActionRunner } from "../support/action-runner.js";
import { tenantYaml } from "../support/tenants.js";
import { fmtMs } from "./stats.js";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const DELAY_MS = 3000;

/**
 * How much of the machine the tool stand-ins took during the run: they are Node programs, where tctl and
 * tbot are Go, so their start-up costs this machine's two cores more than the real tools would.
 */
async function printStandInCpu(sim: Simulator, wallMs: number): Promise<void> {
  const tools = await sim.toolInvocations();
  const cpu = (tool: string) => tools.filter((t) => t.tool === tool).reduce((n, t) => n + (t.cpuMs ?? 0), 0);
  const tbots = tools.filter((t) => t.tool === "tbot" && t.command === "start");
  console.log(
    `  the stand-ins' CPU in that run: ${tbots.length} tbot joins ${fmtMs(cpu("tbot"))} (${fmtMs(cpu("tbot") / Math.max(1, tbots.length))} each), tctl ${fmtMs(cpu("tctl"))}; the run had ${fmtMs(2 * wallMs)} of CPU on 2 cores`,
  );
}

export async function provisionBenchmark(): Promise<void> {
  const sim = await startSimulator({ delayMs: DELAY_MS });
  const toolCache = fs.mkdtempSync(path.join(sim.dir, "bench-tools-"));
  const runners: ActionRunner[] = [];
  const role = sim.env.TELEPORT_SIM_AWS_ROLE_ARN.split("/").pop()!;
  const apply = async (prefix: string, names: string[], join = false) => {
    const runner = new ActionRunner({ env: { ...sim.env }, toolCache });
    runners.push(runner);
    const dir = path.join(runner.workspace, "teleport/workload-clusters");
    fs.mkdirSync(dir, { recursive: true });
    for (const n of names)
      fs.writeFileSync(
        path.join(dir, `${n}.yaml`),
        tenantYaml(`${prefix}${n}`, sim.env.TELEPORT_SIM_AWS_ACCOUNT, role),
      );
    const step = await runner.runMain({
      mode: "apply",
      proxy: sim.env.TELEPORT_SIM_PROXY,
      "parent-token": sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
      "teleport-mirror": sim.env.TELEPORT_SIM_MIRROR,
      "max-parallel": "20",
      ...(join ? { "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN } : {}),
    });
    if (step.exitCode !== 0) throw new Error(`apply failed:\n${step.stdout}`);
    const outs = Object.values(
      JSON.parse(step.outputs.clusters!) as Record<string, { state: string; identity?: string }>,
    );
    if (outs.length !== names.length || outs.some((s) => s.state !== "active"))
      throw new Error("not all active");
    if (join && outs.some((s) => !s.identity)) throw new Error("not all joined");
    return { ms: step.durationMs };
  };
  try {
    const names = Array.from({ length: TENANTS }, (_, i) => `t${String(i + 1).padStart(2, "0")}`);
    await apply("warm-", ["t00"]); // installs the tools into the shared cache, so both sides start equal
    for (const join of [false, true]) {
      const what = join ? "created, waited for and joined" : "created and waited for";
      const tag = join ? "j" : "p";
      console.log(
        `\nprovisioning benchmark: ${TENANTS} tenants ${what}, ${DELAY_MS / 1000} s simulated provisioning delay`,
      );
      await sim.control.clearToolInvocations();
      const run = await apply(`all${tag}-`, names, join);
      const together = run.ms;
      console.log(`  one apply run with ${TENANTS} tenants: ${fmtMs(together)}`);
      if (join) await printStandInCpu(sim, together);
      const single: number[] = [];
      for (const n of names) single.push((await apply(`one${tag}-`, [n], join)).ms);
      const sequential = single.reduce((a, b) => a + b, 0);
      const slowest = Math.max(...single);
      console.log(
        `  ${TENANTS} apply runs one after another: ${fmtMs(sequential)} (slowest single tenant ${fmtMs(slowest)})`,
      );
      console.log(`  sequential / together = ${(sequential / together).toFixed(1)}x`);
      console.log(
        `  together / slowest single tenant = ${(together / slowest).toFixed(2)}x (target <= ${join ? "1.3" : "2"}x)`,
      );
    }
  } finally {
    for (const r of runners) r.cleanup();
    await sim.stop();
  }
}
