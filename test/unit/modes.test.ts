// The modes end to end through run(), with the in-memory parent and fake effects: inputs -> manifests ->
// pipeline -> outputs, summary, annotations and the step's failure. No module is mocked: every side effect
// enters through run()'s overrides, as main.ts wires the real ones.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Deps, run } from "../../src/main.js";
import type { ParentSession } from "../../src/run/context.js";
import type { InstallResult } from "../../src/teleport/install.js";
import type { RetryClock } from "../../src/util/retry.js";
import { FakeClock, FakeParent } from "../support/fake-parent.js";
import { tenantYaml } from "../support/tenants.js";

interface Step {
  outputs: Record<string, string>;
  summary: string;
  commands: string[];
  logs: string[];
  failed?: string;
  sessions: number;
}

const TOOLS: InstallResult = {
  target: { version: "18.2.1", edition: "ent", arch: "amd64", fips: false },
  toolDir: "/tools",
  tctlPath: "/tools/tctl",
  tbotPath: "/tools/tbot",
  cacheHit: true,
};

let workspace: string;
let parent: FakeParent;
let clock: FakeClock;

beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), "modes-test-"));
  clock = new FakeClock();
  parent = new FakeParent(clock);
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

function writeTenants(files: Record<string, string>): void {
  const dir = path.join(workspace, "teleport/workload-clusters");
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
}

async function runMode(
  inputs: Record<string, string>,
  extra: Partial<Deps> & { clock?: RetryClock } = {},
): Promise<Step> {
  const step: Step = { outputs: {}, summary: "", commands: [], logs: [], sessions: 0 };
  const session: ParentSession = {
    api: parent,
    tools: TOOLS,
    explain: () => undefined,
    close: async () => {},
  };
  const all: Record<string, string> = {
    proxy: "parent.teleport.sh",
    "parent-token": "parent-bot-token",
    "teleport-version": "18.2.1",
    ...inputs,
  };
  await run({
    getInput: (name) => all[name] ?? "",
    setOutput: (name, value) => {
      step.outputs[name] = value;
    },
    addPath: () => {},
    log: {
      info: (m) => step.logs.push(m),
      warning: (m) => step.logs.push(`warning: ${m}`),
      debug: () => {},
    },
    command: (line) => step.commands.push(line),
    writeSummary: async (markdown) => {
      step.summary += markdown;
    },
    saveState: () => {},
    getState: () => "",
    setFailed: (message) => {
      step.failed = message;
    },
    mask: () => {},
    getIDToken: async () => {
      throw new Error("no OIDC in these tests");
    },
    openParent: async () => {
      step.sessions++;
      return session;
    },
    exec: async () => {
      throw new Error("no process may be started in these tests");
    },
    env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: path.join(workspace, ".tmp") },
    clock,
    ...extra,
  });
  return step;
}

describe("mode apply through run()", () => {
  it("creates the declared clusters, waits until active, and sets outputs and summary", async () => {
    writeTenants({ acme: tenantYaml("acme"), globex: tenantYaml("globex") });
    const step = await runMode({ mode: "apply" });
    expect(step.failed).toBeUndefined();
    expect(parent.writes()).toEqual(["create acme", "create globex"]);
    expect(JSON.parse(step.outputs.clusters!)).toEqual({
      acme: { domain: "acme.teleport.sh", proxy: "acme.teleport.sh:443", state: "active" },
      globex: { domain: "globex.teleport.sh", proxy: "globex.teleport.sh:443", state: "active" },
    });
    expect(step.outputs.domain).toBe("acme.teleport.sh");
    expect(step.outputs.changes).toBe("true");
    expect(step.summary).toMatch(/\| acme \| ✅ created \| active \| `acme\.teleport\.sh` \|/);
  });

  it("writes nothing on a re-run", async () => {
    writeTenants({ acme: tenantYaml("acme") });
    await runMode({ mode: "apply" });
    parent.calls.length = 0;
    const again = await runMode({ mode: "apply" });
    expect(again.failed).toBeUndefined();
    expect(parent.writes()).toEqual([]);
    expect(again.outputs.changes).toBe("false");
    expect(again.summary).toContain("| acme | ✅ unchanged | active |");
  });

  it("fails the step for a changed configuration, annotating the file, while the other cluster is applied", async () => {
    writeTenants({ acme: tenantYaml("acme"), globex: tenantYaml("globex") });
    await runMode({ mode: "apply" });
    parent.calls.length = 0;
    writeTenants({ acme: tenantYaml("acme", "444455556666"), globex: tenantYaml("globex") });
    fs.writeFileSync(path.join(workspace, "teleport/workload-clusters/zeta.yaml"), tenantYaml("zeta"));
    const step = await runMode({ mode: "apply" });
    expect(step.failed).toBe("1 of 3 workload cluster(s) failed: acme (conflict)");
    expect(step.commands).toEqual([
      expect.stringMatching(
        /^::error file=teleport\/workload-clusters\/acme\.yaml,line=1,title=workload cluster acme%3A conflict::.*aws_account: repository "444455556666"/,
      ),
    ]);
    expect(parent.writes()).toEqual(["create zeta"]);
    expect(step.summary).toMatch(
      /#### Problems\n\n- \*\*acme\*\*: .*immutable after creation.*Restore the declared/,
    );
  });

  it("changes nothing anywhere when a manifest is invalid: no parent session is opened", async () => {
    writeTenants({ acme: tenantYaml("acme").replace("name: acme", "name: Acme!") });
    const step = await runMode({ mode: "apply" });
    expect(step.failed).toMatch(/problem\(s\) in the workload cluster manifests; nothing was changed/);
    expect(step.sessions).toBe(0);
    expect(parent.calls).toEqual([]);
  });

  it("stops waiting when the run is cancelled, and fails the step", async () => {
    writeTenants({ acme: tenantYaml("acme") });
    parent.stuckState = "creating";
    const cancel = new AbortController();
    // Real (short) sleeps so the cancellation lands while the wait is polling.
    const ticking: RetryClock = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))),
      random: () => 0.5,
    };
    const started = Date.now();
    const stepPromise = runMode(
      { mode: "apply", "wait-timeout": "1h" },
      { clock: ticking, cancel: cancel.signal },
    );
    const deadline = Date.now() + 5000;
    while (!parent.calls.some((c) => c === "get acme") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    cancel.abort();
    const step = await stepPromise;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(step.logs).toContain(
      "warning: Cancelled: stopping running tools and waits; the post step removes credentials",
    );
    expect(step.failed).toBe("1 of 1 workload cluster(s) failed: acme (failed)");
    expect(parent.writes()).toEqual(["create acme"]);
  });
});

describe("mode plan through run()", () => {
  it("reports what apply would create, writes the plan file, and writes nothing", async () => {
    writeTenants({ acme: tenantYaml("acme"), globex: tenantYaml("globex") });
    await runMode({ mode: "apply" });
    fs.rmSync(path.join(workspace, "teleport/workload-clusters/globex.yaml"));
    fs.writeFileSync(path.join(workspace, "teleport/workload-clusters/zeta.yaml"), tenantYaml("zeta"));
    parent.calls.length = 0;
    const step = await runMode({ mode: "plan" });
    expect(step.failed).toBeUndefined();
    expect(parent.writes()).toEqual([]);
    expect(step.outputs.changes).toBe("true");
    const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
    expect(plan.items.map((i: { name: string; action: string }) => `${i.action} ${i.name}`)).toEqual([
      "unchanged acme",
      "create zeta",
      "unmanaged globex",
    ]);
  });
});

describe("mode delete through run()", () => {
  it("deletes only the confirmed names", async () => {
    writeTenants({ acme: tenantYaml("acme") });
    await runMode({ mode: "apply" });
    parent.calls.length = 0;
    const step = await runMode({ mode: "delete", "cluster-names": "acme", "confirm-delete": "acme" });
    expect(step.failed).toBeUndefined();
    expect(parent.writes()).toEqual(["delete acme"]);
    expect(step.logs.join("\n")).toMatch(
      /acme is still declared in teleport\/workload-clusters\/acme\.yaml:1/,
    );
  });

  it("refuses without the confirmation, before any session is opened", async () => {
    const step = await runMode({ mode: "delete", "cluster-names": "acme" });
    expect(step.failed).toMatch(/^Input "confirm-delete": must repeat exactly the names/);
    expect(step.sessions).toBe(0);
  });
});
