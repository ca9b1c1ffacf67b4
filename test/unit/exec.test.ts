// The process runner: exit codes, deaths by signal, time-outs and cancellation, and how tctl reports them.
import { describe, expect, it } from "vitest";
import { TeleportApiError } from "../../src/core/errors.js";
import { Tctl } from "../../src/teleport/tctl.js";
import { ExecCancelledError, ExecInputWithdrawnError, ExecTimeoutError, exec } from "../../src/util/exec.js";

const sh = (script: string, options: Parameters<typeof exec>[2] = {}) =>
  exec("/bin/sh", ["-c", script], options);

describe("exec", () => {
  it("reports the exit code and output", async () => {
    expect(await sh("echo out; echo err >&2; exit 3")).toEqual({
      exitCode: 3,
      stdout: "out\n",
      stderr: "err\n",
    });
  });

  it("reports a death by signal as no exit code and the signal (defect: it became exit code 1)", async () => {
    const result = await sh("kill -KILL $$");
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe("SIGKILL");
  });

  it("stops a process that runs past its time limit with a typed error", async () => {
    const error = await sh("sleep 5", { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecTimeoutError);
    expect((error as ExecTimeoutError).timeoutMs).toBe(100);
  });

  it("starts a process before its input is known and gives it the input later, or stops it unfed", async () => {
    let give: (text: string | undefined) => void = () => {};
    const later = new Promise<string | undefined>((resolve) => {
      give = resolve;
    });
    // The process is running (it printed) before the input exists.
    const pending = sh("echo started; cat", { input: later });
    await new Promise((r) => setTimeout(r, 100));
    give("documents\n");
    expect(await pending).toMatchObject({ exitCode: 0, stdout: "started\ndocuments\n" });
    const marker = `${process.env.TMPDIR ?? "/tmp"}/exec-withdrawn-${process.pid}`;
    const unfed = sh(`cat > /dev/null; touch ${marker}`, { input: Promise.resolve(undefined) });
    await expect(unfed).rejects.toBeInstanceOf(ExecInputWithdrawnError);
    await new Promise((r) => setTimeout(r, 100));
    // Stopped while waiting, it never got to the step after reading its input.
    expect(await import("node:fs").then((fs) => fs.existsSync(marker))).toBe(false);
  });

  it("stops a process when the run is cancelled", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sh("sleep 5", { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(ExecCancelledError);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("starts nothing when the run is already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sh("exit 0", { signal: controller.signal })).rejects.toBeInstanceOf(ExecCancelledError);
  });
});

describe("tctl killed by a signal", () => {
  it("says it was killed, not that it exited 1 and printed no error", async () => {
    const tctl = new Tctl({
      tctlPath: "/bin/sh",
      proxy: { host: "tenant.teleport.sh", port: 443 },
      identityFile: "/nonexistent",
      // The global flags come first; a script that kills itself stands in for a tctl the OOM killer ended.
      exec: (_file, _args, options) => sh("kill -KILL $$", options),
      env: {},
    });
    const error = await tctl.run(["get", "role/x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeleportApiError);
    expect((error as Error).message).toBe("tctl get role/x was killed by SIGKILL before it finished");
    expect(error).toMatchObject({ kind: "ConnectionProblem", transient: true });
  });
});
