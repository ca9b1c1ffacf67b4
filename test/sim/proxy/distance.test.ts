// Distance (common/distance.ts through every proxy): a request pays the round trips its protocol needs,
// measured against a 0 ms baseline in the same test, with generous upper bounds (the machine is shared);
// the stand-ins wait their extra start-up and log each process.
import { rm } from "node:fs/promises";
import * as https from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../index.js";
import { workloadClusterServiceDefinition } from "../parent/parent.js";
import { baseEnv, installTools, runExecutable } from "../tools/harness.js";
import { createUnaryClient } from "./proxy.js";

const RTT = 150;
// Timers fire no earlier than asked, but Date.now() rounds to the millisecond.
const CLOCK_SLACK = 5;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ mirror: false });
});
afterAll(async () => {
  await sim?.stop();
});

function ping(agent: https.Agent | false): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = https.get(
      `https://${sim.env.TELEPORT_SIM_PROXY}/webapi/ping`,
      { agent, ca: sim.webCa.certPem, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
  });
}

async function grpcCall(): Promise<number> {
  const client = createUnaryClient(workloadClusterServiceDefinition(), {
    address: sim.env.TELEPORT_SIM_PROXY,
    clusterName: sim.parent.cluster.name,
    caPems: sim.admin.tlsCaPems,
    certPem: sim.admin.tlsCertPem,
    keyPem: sim.admin.keyPem,
    timeoutMs: 10_000,
  });
  const started = performance.now();
  try {
    await client.call("ListWorkloadClusters", {});
    return performance.now() - started;
  } finally {
    client.close();
  }
}

const best = async (n: number, fn: () => Promise<number>) => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await fn());
  return Math.min(...times);
};

describe("round-trip time through a proxy", () => {
  it("a web request on a new connection costs TCP + TLS handshake + one exchange = 3 RTT", async () => {
    await sim.control.setDistance({ rttMs: 0 });
    const base = await best(3, () => ping(false));
    await sim.control.setDistance({ rttMs: RTT });
    try {
      const far = await best(2, () => ping(false));
      expect(far).toBeGreaterThanOrEqual(3 * RTT - CLOCK_SLACK);
      // Not a fourth round trip (TLS 1.3 needs one), with room for a busy machine.
      expect(far).toBeLessThan(base + 4 * RTT - CLOCK_SLACK);
    } finally {
      await sim.control.setDistance({ rttMs: 0 });
    }
  });

  it("a second request on a kept-alive connection costs one round trip", async () => {
    await sim.control.setDistance({ rttMs: RTT });
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await ping(agent);
      const again = await ping(agent);
      expect(again).toBeGreaterThanOrEqual(RTT - CLOCK_SLACK);
      expect(again).toBeLessThan(2 * RTT);
    } finally {
      agent.destroy();
      await sim.control.setDistance({ rttMs: 0 });
    }
  });

  it("a gRPC call on a new channel pays the connection, the mutual-TLS handshake and the exchange", async () => {
    await sim.control.setDistance({ rttMs: 0 });
    const base = await best(3, grpcCall);
    await sim.control.setDistance({ rttMs: RTT });
    try {
      const far = await best(2, grpcCall);
      expect(far).toBeGreaterThanOrEqual(3 * RTT - CLOCK_SLACK);
      expect(far).toBeLessThan(base + 6 * RTT);
    } finally {
      await sim.control.setDistance({ rttMs: 0 });
    }
  });

  it("refuses a negative round-trip time and keeps the old one", async () => {
    await expect(sim.control.setDistance({ rttMs: -1 })).rejects.toThrow(/non-negative/);
    await expect(sim.control.call("state")).resolves.toMatchObject({ settings: { distance: { rttMs: 0 } } });
  });
});

describe("stand-in start-up and the invocation log", () => {
  it("a stamped tctl waits the extra start-up and logs itself; the log counts every process", async () => {
    const tools = await installTools(
      { version: "18.2.0", edition: "ent", settingsFile: join(sim.dir, "tool-settings.json") },
      sim.dir,
    );
    try {
      await sim.control.clearToolInvocations();
      const time = async () => {
        const started = performance.now();
        const result = await runExecutable(tools.tctl, ["version"], { env: baseEnv() });
        expect(result.code).toBe(0);
        return performance.now() - started;
      };
      const base = await best(2, time);
      await sim.control.setDistance({ tctlStartupMs: 400 });
      const slow = await time();
      await sim.control.setDistance({ tctlStartupMs: 0 });
      expect(slow - base).toBeGreaterThanOrEqual(400 - 50);
      expect(slow - base).toBeLessThan(400 + 2000);
      const logged = await sim.toolInvocations();
      expect(logged).toHaveLength(3);
      expect(logged.every((i) => i.tool === "tctl" && i.command === "version" && i.exitCode === 0)).toBe(
        true,
      );
      expect(logged[2]!.endMs! - logged[2]!.startMs).toBeGreaterThanOrEqual(400 - CLOCK_SLACK);
    } finally {
      await rm(tools.dir, { recursive: true, force: true });
    }
  });
});
