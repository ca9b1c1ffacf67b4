// Fleet benchmark: 500 tenants (each with 10 roles and 20 users) planned as 10 shards, each shard one run of
// the bundled action against the simulator (two at a time, for two cores), merged by `mode: report` into one
// pull request comment on the GitHub simulator. Prints per-shard times, the total, one shard of 500 against
// one run of 50 tenants, the comment's size and step, and the peak memory of one action process.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startGitHubSim } from "../github-sim/server.js";
import { startSimulator } from "../sim/index.js";
import { ActionRunner, type StepResult } from "../support/action-runner.js";
import { tenantYaml } from "../support/tenants.js";
import { fmtMs, median } from "./stats.js";

const TENANTS = 500;
const SHARDS = 10;
const TOKEN = "ghs_fleetbench0000000000000000000000000000";

function accessFiles(): Record<string, string> {
  const roles = Array.from(
    { length: 10 },
    (_, i) =>
      `kind: role\nversion: v7\nmetadata:\n  name: team-role-${i}\nspec:\n  allow:\n    logins: [ubuntu]\n`,
  ).join("---\n");
  const users = Array.from(
    { length: 20 },
    (_, i) =>
      `kind: user\nversion: v2\nmetadata:\n  name: person-${i}\nspec:\n  roles: [team-role-${i % 10}]\n`,
  ).join("---\n");
  return { "roles.yaml": roles, "users.yaml": users };
}

export async function fleetBenchmark(): Promise<void> {
  const sim = await startSimulator({ delayMs: 100 });
  const gh = await startGitHubSim();
  gh.state.addActionsToken(TOKEN, { pull_requests: "write", issues: "write", contents: "read" });
  const head = "f".repeat(40);
  const pr = gh.state.createPullRequest("example-org", "tenants", [head]);
  const toolCache = fs.mkdtempSync(path.join(sim.dir, "fleet-tools-"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-"));
  // Peak memory of each action process, from the kernel (GNU time), not from inside the process.
  const memFile = path.join(work, "maxrss");
  const node = path.join(work, "node-measured");
  // A Node wrapper, not a shell one: sh drops the runner's INPUT_<NAME> variables, whose names hold hyphens.
  fs.writeFileSync(
    node,
    `#!${process.execPath}\nconst r = require("node:child_process").spawnSync("/usr/bin/time", ["-a", "-o", ${JSON.stringify(memFile)}, "-f", "%M", ${JSON.stringify(process.execPath)}, ...process.argv.slice(2)], { stdio: "inherit" });\nprocess.exit(r.status ?? 1);\n`,
    { mode: 0o755 },
  );
  const eventPath = path.join(work, "event.json");
  fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: head } } }));
  const runners: ActionRunner[] = [];
  const repo = (names: string[]) => {
    const r = new ActionRunner({
      env: { ...sim.env, GITHUB_REPOSITORY: "example-org/tenants" },
      toolCache,
      node,
    });
    runners.push(r);
    const wc = path.join(r.workspace, "teleport/workload-clusters");
    const acc = path.join(r.workspace, "teleport/access");
    fs.mkdirSync(wc, { recursive: true });
    fs.mkdirSync(acc, { recursive: true });
    for (const n of names) fs.writeFileSync(path.join(wc, `${n}.yaml`), tenantYaml(n));
    for (const [f, t] of Object.entries(accessFiles())) fs.writeFileSync(path.join(acc, f), t);
    return r;
  };
  const github = {
    GITHUB_API_URL: gh.apiUrl,
    GITHUB_GRAPHQL_URL: gh.graphqlUrl,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: head,
    GITHUB_RUN_ID: "7",
  };
  const plan = async (r: ActionRunner, extra: Record<string, string>): Promise<StepResult> => {
    const step = await r.runMain(
      {
        mode: "plan",
        proxy: sim.env.TELEPORT_SIM_PROXY,
        "parent-token": sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
        "teleport-mirror": sim.env.TELEPORT_SIM_MIRROR,
        "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
        comment: "never",
        ...extra,
      },
      github,
    );
    if (step.exitCode !== 0) throw new Error(`plan failed:\n${step.stdout.slice(-2000)}`);
    return step;
  };
  try {
    const names = Array.from({ length: TENANTS }, (_, i) => `fleet-${String(i).padStart(3, "0")}`);
    await plan(repo(["warm-up"]), {}); // installs the tools into the shared cache
    fs.rmSync(memFile, { force: true });
    console.log(
      `\nfleet benchmark: ${TENANTS} tenants, each with 10 roles and 20 users, planned as ${SHARDS} shards`,
    );
    const collector = repo([]);
    const started = Date.now();
    const shardMs: number[] = [];
    const queue = Array.from({ length: SHARDS }, (_, i) => i + 1);
    const worker = async () => {
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
        const step = await plan(repo(names), { shard: `${k}/${SHARDS}` });
        shardMs[k - 1] = step.durationMs;
        const out = path.join(collector.workspace, "plans", String(k), "plan.json");
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.copyFileSync(step.outputs["plan-file"]!, out);
      }
    };
    await Promise.all([worker(), worker()]);
    const report = await collector.runMain(
      {
        mode: "report",
        "plan-files": "plans/*/plan.json",
        "github-token": TOKEN,
        proxy: sim.env.TELEPORT_SIM_PROXY,
      },
      github,
    );
    if (report.exitCode !== 0) throw new Error(`report failed:\n${report.stdout.slice(-2000)}`);
    const total = Date.now() - started;
    const comment = gh.state.comments("example-org", "tenants", pr).find((c) => c.body.includes(":plan v1"))!;
    const planned = JSON.parse(fs.readFileSync(report.outputs["plan-file"]!, "utf8")).items.length;
    console.log(`  per shard: ${shardMs.map((ms) => fmtMs(ms)).join(", ")}`);
    console.log(
      `  total (10 shards two at a time, then report ${fmtMs(report.durationMs)}): ${fmtMs(total)}; ${planned} clusters in one comment of ${comment.body.length} characters (GitHub's limit 65,536)`,
    );
    // Side by side, one at a time (the shards above shared two cores): a shard of 500 against a run of 50.
    const alone: number[] = [];
    const fifty: number[] = [];
    for (let i = 0; i < 3; i++) {
      alone.push((await plan(repo(names), { shard: `1/${SHARDS}` })).durationMs);
      fifty.push((await plan(repo(names.slice(0, 50)), {})).durationMs);
    }
    const [a, b] = [median(alone), median(fifty)];
    console.log(
      `  one shard of 500 alone ${fmtMs(a)} / one run of 50 tenants ${fmtMs(b)} = ${(a / b).toFixed(2)}x (target <= 1.5x; medians of 3, interleaved)`,
    );
    const peaks = fs
      .readFileSync(memFile, "utf8")
      .split("\n")
      .map(Number)
      .filter((n) => n > 0);
    console.log(
      `  peak memory of one action process: ${(Math.max(...peaks) / 1024).toFixed(0)} MB (max of ${peaks.length} processes; target < 300 MB)`,
    );
  } finally {
    for (const r of runners) r.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
    await gh.close();
    await sim.stop();
  }
}
