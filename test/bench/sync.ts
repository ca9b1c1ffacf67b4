// Sync benchmark, against the simulator's child with the real tctl stand-in and a joined child identity:
//   (a) reading a child holding 300 roles and 3,000 users with a bot that may list: tctl processes, time;
//   (b) writing 300 changed roles and users in batches against one tctl process per object, side by side;
//   (c) without list (the guide's bot), reading 300 declared names of which 10 are missing: processes;
//   (d) a drift check of 300 owned roles and 3,000 owned users without list: processes and time.
// Prints the tctl stand-in's own start-up time beside the results, as every process pays it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BatchDocument } from "../../src/core/access.js";
import type { DeclaredAccessObject } from "../../src/manifests/access.js";
import { createHttp } from "../../src/net/http.js";
import { documentToWrite } from "../../src/sync/ownership.js";
import { refsToRead } from "../../src/sync/plan.js";
import { readChild } from "../../src/sync/read.js";
import { syncChild, tctlChild } from "../../src/sync/stage.js";
import { exec } from "../../src/util/exec.js";
import { startSimulator } from "../sim/index.js";
import { ActionRunner } from "../support/action-runner.js";
import { tenantYaml } from "../support/tenants.js";
import { fmtMs, median } from "./stats.js";

const ROLES = 300;
const USERS = 3000;
const REPOSITORY = "bench-org/tenants";

const role = (name: string, logins = ["ubuntu"]) => ({
  kind: "role",
  version: "v7",
  metadata: { name },
  spec: { allow: { logins, rules: [{ resources: ["session"], verbs: ["read"] }] } },
});
const user = (name: string, roles: string[]) => ({
  kind: "user",
  version: "v2",
  metadata: { name },
  spec: { roles },
});

export async function syncBenchmark(): Promise<void> {
  const sim = await startSimulator({ delayMs: 200 });
  const runner = new ActionRunner({ env: { ...sim.env } });
  try {
    // A joined child, through the action itself: its identity and installed tctl are what the sync uses.
    const dir = path.join(runner.workspace, "teleport/workload-clusters");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "bench.yaml"), tenantYaml("bench"));
    const step = await runner.runMain({
      mode: "apply",
      proxy: sim.env.TELEPORT_SIM_PROXY,
      "parent-token": sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
      "teleport-mirror": sim.env.TELEPORT_SIM_MIRROR,
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
    });
    if (step.exitCode !== 0) throw new Error(`apply failed:\n${step.stdout}`);
    const child = (JSON.parse(step.outputs.clusters!) as Record<string, { proxy: string; identity: string }>)
      .bench!;
    const tctlPath = step.outputs["tctl-path"]!;
    const env = { PATH: process.env.PATH ?? "", SSL_CERT_FILE: sim.env.SSL_CERT_FILE };
    const api = () =>
      tctlChild({
        tctlPath,
        proxy: child.proxy,
        identityFile: child.identity,
        exec,
        env,
        mask: () => {},
        // The child's /webapi/find for the gRPC existence check (B100): missing names cost no process.
        http: createHttp({ ca: fs.readFileSync(sim.env.SSL_CERT_FILE, "utf8") }),
      });

    const startup: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      execFileSync(tctlPath, ["version"], { env });
      startup.push(Date.now() - t);
    }

    const roles = Array.from({ length: ROLES }, (_, i) => role(`r${i}`));
    const users = Array.from({ length: USERS }, (_, i) => user(`u${i}`, [`r${i % ROLES}`]));
    await sim.control.bulkUpsert("bench", "role", roles as never);
    await sim.control.bulkUpsert("bench", "user", users as never);
    const declared = (objects: { kind: string; metadata: { name: string } }[]): DeclaredAccessObject[] =>
      objects.map((o) => ({
        kind: o.kind as "role" | "user",
        name: o.metadata.name,
        file: "x.yaml",
        line: 1,
        resource: o,
      }));

    console.log(
      `\nsync benchmark: a child with ${ROLES} roles and ${USERS} users (tctl stand-in start-up ${fmtMs(median(startup))}, median of 5)`,
    );

    await sim.control.setChildBotVerbs("bench", ["list", "read", "create", "update"]);
    const withList = api();
    let t = Date.now();
    const listed = await readChild(withList, "bench-sync", refsToRead(declared([...roles, ...users])));
    console.log(
      `  (a) read with list: ${withList.processes} tctl processes (target <= 2), ${fmtMs(Date.now() - t)}, ${listed.live.size} objects`,
    );

    await sim.control.setChildBotVerbs("bench", ["read", "create", "update"]);
    const missing = Array.from({ length: 10 }, (_, i) => role(`missing-${i}`));
    const wanted = declared([...roles.slice(0, 290), ...missing]);
    const withoutList = api();
    t = Date.now();
    const read = await readChild(withoutList, "bench-sync", refsToRead(wanted));
    console.log(
      `  (c) read 300 declared names, 10 missing, without list: ${withoutList.processes} tctl processes (target <= 3, learning the bot's verbs included), ${fmtMs(Date.now() - t)}, ${read.live.size - 1} found`,
    );

    const changed = [
      ...roles.slice(0, 150).map((r) => role(r.metadata.name, ["ubuntu", "admin"])),
      ...users.slice(0, 150).map((u) => user(u.metadata.name, [...u.spec.roles, "r0"])),
    ];
    const docs: BatchDocument[] = changed.map((r) => ({
      ref: { kind: r.kind as "role" | "user", name: r.metadata.name },
      resource: documentToWrite(r, REPOSITORY),
    }));
    const batched = api();
    t = Date.now();
    const rolesResult = await batched.writeBatch(docs.filter((d) => d.ref.kind === "role"));
    const usersResult = await batched.writeBatch(docs.filter((d) => d.ref.kind === "user"));
    const batchMs = Date.now() - t;
    if (rolesResult.failed || usersResult.failed) throw new Error("batch write failed");
    const single = api();
    t = Date.now();
    for (const d of docs) {
      const r = await single.writeBatch([d]);
      if (r.failed) throw new Error(`write failed: ${r.failed.error.message}`);
    }
    const singleMs = Date.now() - t;
    console.log(
      `  (b) 300 changed roles and users: batched ${fmtMs(batchMs)} in ${batched.processes} processes; one process per object ${fmtMs(singleMs)} in ${single.processes}; ratio ${(singleMs / batchMs).toFixed(1)}x (target >= 20x)`,
    );

    // (d) the drift check of issue 11: every object owned and recorded in the inventory, the list-less bot.
    const owned = [...roles, ...users].map((r) => documentToWrite(r, REPOSITORY));
    await sim.control.bulkUpsert("bench", "role", owned.filter((r) => r.kind === "role") as never);
    await sim.control.bulkUpsert("bench", "user", owned.filter((r) => r.kind === "user") as never);
    const options = {
      objects: declared([...roles, ...users]),
      cluster: "bench",
      botName: "bench-sync",
      repository: REPOSITORY,
      adopt: [],
      inviteTtl: "1h",
      prune: false,
      pruneLimit: 10,
      log: () => {},
    };
    const recorded = await syncChild(api(), { ...options, write: true });
    if (recorded.outcome?.counts.unchanged !== ROLES + USERS)
      throw new Error("the owned objects were not unchanged");
    const check = api();
    t = Date.now();
    const result = await syncChild(check, { ...options, write: false });
    const drifted = result.plan!.items.filter((i) => i.origin).length;
    console.log(
      `  (d) drift check of ${ROLES} owned roles and ${USERS} owned users without list: ${check.processes} tctl processes (target <= 3), ${fmtMs(Date.now() - t)}, ${drifted} drifted, inventory in ${result.plan!.inventory?.shards} role(s)`,
    );
  } finally {
    await runner.runPost();
    runner.cleanup();
    await sim.stop();
  }
}
