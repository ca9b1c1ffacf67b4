// tctl's error output, classification, the runner's command line and environment, and the tctl-backed
// ParentApi, with a fake process runner. Texts are Teleport's (docs/teleport-behaviour.md B1-B16).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TeleportApiError } from "../../src/core/errors.js";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import { TctlChildApi } from "../../src/teleport/child.js";
import { classifyTctlError, parseTctlError, stripAnsi, Tctl } from "../../src/teleport/tctl.js";
import { TctlParentApi, WORKLOAD_CLUSTER_ERRORS } from "../../src/teleport/tctl-workload-clusters.js";
import {
  ExecCancelledError,
  ExecInputWithdrawnError,
  ExecTimeoutError,
  type Exec as TctlExec,
  type ExecResult as TctlExecResult,
} from "../../src/util/exec.js";

const RED_ERROR = "\x1b[31mERROR: \x1b[0m";

describe("parseTctlError (fact: B3 'How errors reach the terminal')", () => {
  it("strips the red ANSI prefix and splits tab-indented inner messages, outer first", () => {
    expect(
      parseTctlError(`${RED_ERROR}use -f or --force flag to overwrite\n\trole "dev" already exists\n`),
    ).toEqual(["use -f or --force flag to overwrite", 'role "dev" already exists']);
  });

  it("keeps deeper indentation levels as further messages", () => {
    expect(parseTctlError(`${RED_ERROR}a\n\tb\n\t\tc\n`)).toEqual(["a", "b", "c"]);
  });

  it("joins continuation lines of a multi-line message", () => {
    expect(
      parseTctlError(
        `${RED_ERROR}provide a full resource name to delete, for example:\n$ tctl rm cluster/east\n\n`,
      ),
    ).toEqual(["provide a full resource name to delete, for example:\n$ tctl rm cluster/east"]);
  });

  it("skips log lines before ERROR: and answers undefined without one", () => {
    expect(parseTctlError("WARN something\nERROR: boom\n")).toEqual(["boom"]);
    expect(parseTctlError("Segmentation fault\n")).toBeUndefined();
  });

  it("strips colour and OSC sequences", () => {
    expect(stripAnsi("\x1b[1;31mred\x1b[0m \x1b]0;title\x07text")).toBe("red text");
  });
});

describe("classifyTctlError: names of the objects never decide the kind", () => {
  it.each([
    ["mfa-hardware-touch", 'getting resource "NAME" of type "role"\n\trole NAME is not found', "NotFound"],
    ["invalid-logins", 'getting resource "NAME" of type "role"\n\trole NAME is not found', "NotFound"],
    [
      "access-denied-team",
      'error deleting resource "NAME" of type "user"\n\tuser "NAME" not found',
      "NotFound",
    ],
    ["not-found", 'role "NAME" already exists', "AlreadyExists"],
    ["permission-denied-ops", 'role "NAME" already exists', "AlreadyExists"],
  ])("%s", (name, template, kind) => {
    const stderr = `${RED_ERROR}${template.replaceAll("NAME", name)}\n`;
    const messages = parseTctlError(stderr)!;
    expect(classifyTctlError(messages, { write: false, names: [name] }).kind).toBe(kind);
    // The message the user sees still names the object.
    expect(classifyTctlError(messages, { write: false, names: [name] }).message).toContain(name);
  });

  it("without the names, a name such as mfa-hardware-touch is taken for an MFA error", () => {
    const messages = parseTctlError(
      `${RED_ERROR}getting resource "mfa-x" of type "role"\n\trole mfa-x is not found\n`,
    )!;
    expect(classifyTctlError(messages, { write: false }).kind).toBe("AccessDenied");
  });
});

describe("classifyTctlError", () => {
  const ENTITLEMENT =
    "only Teleport Cloud users with the WorkloadClusters feature may use workload cluster resources - please reach out to our support team at support@goteleport.com to discuss enabling this feature";
  const cases: [string, boolean, string, boolean, boolean][] = [
    // stderr, write, kind, transient, outcomeUnknown
    [
      `${RED_ERROR}getting resource "x" of type "workload_cluster"\n\tworkload_cluster "x" doesn't exist\n`,
      false,
      "NotFound",
      false,
      false,
    ],
    [
      `${RED_ERROR}getting resource "x" of type "role"\n\trole x is not found\n`,
      false,
      "NotFound",
      false,
      false,
    ],
    [
      `${RED_ERROR}error deleting resource "x" of type "user"\n\tuser "x" not found\n`,
      true,
      "NotFound",
      false,
      false,
    ],
    [
      `${RED_ERROR}use -f or --force flag to overwrite\n\tworkload_cluster "acme" already exists\n`,
      true,
      "AlreadyExists",
      false,
      false,
    ],
    [`${RED_ERROR}user "alice" already registered\n`, true, "AlreadyExists", false, false],
    [
      `${RED_ERROR}access denied to perform action "create" on "workload_cluster"\n`,
      true,
      "AccessDenied",
      false,
      false,
    ],
    [`${RED_ERROR}${ENTITLEMENT}\n`, false, "AccessDenied", false, false],
    [
      `${RED_ERROR}your credentials have expired, please login using \`tsh login\`\n`,
      false,
      "AccessDenied",
      false,
      false,
    ],
    [`${RED_ERROR}admin-level API request requires MFA verification\n`, true, "AccessDenied", false, false],
    [
      `${RED_ERROR}workload clusters API is only available to users\n`,
      false,
      "ConnectionProblem",
      false,
      false,
    ],
    [
      `${RED_ERROR}workload clusters API is only available to users\n`,
      true,
      "ConnectionProblem",
      false,
      false,
    ],
    [
      `${RED_ERROR}Cannot connect to the auth server. Is the auth server running on "tenant.teleport.sh:443"?\n`,
      true,
      "ConnectionProblem",
      true,
      false,
    ],
    [
      `${RED_ERROR}unable to communicate with the Teleport Cloud API\n`,
      false,
      "ConnectionProblem",
      true,
      false,
    ],
    [`${RED_ERROR}connection reset by peer\n`, true, "ConnectionProblem", true, true],
    [`${RED_ERROR}context deadline exceeded\n`, true, "DeadlineExceeded", true, true],
    [`${RED_ERROR}context deadline exceeded\n`, false, "DeadlineExceeded", true, false],
    [
      `${RED_ERROR}unsupported resource: "workload_cluster" - resources should be expressed as 'type/name', for example 'connector/github'\n`,
      false,
      "NotImplemented",
      false,
      false,
    ],
    [
      `${RED_ERROR}unsupported resource: "workload_clusters" - resources should be expressed as 'type/name', for example 'connector/github'\n`,
      false,
      "NotImplemented",
      false,
      false,
    ],
    [
      `${RED_ERROR}creating resources of type "workload_cluster" is not supported\n`,
      true,
      "NotImplemented",
      false,
      false,
    ],
    [`${RED_ERROR}creating resources of type "foo" is not supported\n`, true, "BadParameter", false, false],
    [`${RED_ERROR}regions is required\n`, true, "BadParameter", false, false],
    [
      `${RED_ERROR}only name and revision fields are supported on metadata for workload_cluster resources\n`,
      true,
      "BadParameter",
      false,
      false,
    ],
    [`${RED_ERROR}no resources found, empty input?\n`, true, "BadParameter", false, false],
    [`${RED_ERROR}something nobody has seen before\n`, true, "Unknown", false, false],
  ];
  it.each(cases)("%j (write %s) -> %s", (stderr, write, kind, transient, outcomeUnknown) => {
    // The workload cluster texts are the parent API's own rules, checked before the common ones.
    const error = classifyTctlError(parseTctlError(stderr)!, { write, rules: WORKLOAD_CLUSTER_ERRORS });
    expect({ kind: error.kind, transient: error.transient, outcomeUnknown: error.outcomeUnknown }).toEqual({
      kind,
      transient,
      outcomeUnknown,
    });
  });

  it("joins the messages like trace's Error() and adds the too-old hint for an unknown kind", () => {
    const notFound = classifyTctlError(
      ['getting resource "x" of type "workload_cluster"', 'workload_cluster "x" doesn\'t exist'],
      {
        write: false,
      },
    );
    expect(notFound.message).toBe(
      'getting resource "x" of type "workload_cluster": workload_cluster "x" doesn\'t exist',
    );
    const old = classifyTctlError(['unsupported resource: "workload_cluster" - resources should be ...'], {
      write: false,
      rules: WORKLOAD_CLUSTER_ERRORS,
    });
    expect(old.message).toMatch(/installed tctl does not know the workload_cluster resource/);
  });
});

// ------------------------------------------------------------------------------------------------

interface Call {
  file: string;
  args: string[];
  env: Record<string, string>;
  input?: string;
  /** The resource file's content and mode while tctl ran (create). */
  fileContent?: string;
  fileMode?: number;
}

function fakeExec(answer: (args: string[]) => TctlExecResult): { exec: TctlExec; calls: Call[] } {
  const calls: Call[] = [];
  const exec: TctlExec = async (file, args, options = {}) => {
    const call: Call = {
      file,
      args,
      env: options.env ?? {},
      ...(typeof options.input === "string" ? { input: options.input } : {}),
    };
    const resource = args.find((a) => a.endsWith(".json"));
    if (resource) {
      call.fileContent = fs.readFileSync(resource, "utf8");
      call.fileMode = fs.statSync(resource).mode & 0o777;
    }
    calls.push(call);
    return answer(args.slice(4));
  };
  return { exec, calls };
}

const ok = (stdout = ""): TctlExecResult => ({ exitCode: 0, stdout, stderr: "" });
const fail = (stderr: string): TctlExecResult => ({ exitCode: 1, stdout: "", stderr });

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tctl-test-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function tctlWith(exec: TctlExec, env: NodeJS.ProcessEnv = { PATH: "/usr/bin" }) {
  return new Tctl({
    tctlPath: "/tools/tctl",
    proxy: { host: "tenant.teleport.sh", port: 443 },
    identityFile: "/tmp/id/identity",
    exec,
    env,
  });
}

const CLUSTER_JSON = {
  kind: "workload_cluster",
  version: "v1",
  metadata: { name: "acme", revision: "3f1c" },
  spec: {
    regions: [{ name: "us-west-2" }],
    bot: { name: "acme-bot" },
    token: {
      join_method: "iam",
      allow: [{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/r/*" }],
    },
  },
  status: { state: "active", domain: "acme.teleport.sh" },
};
// fact: B5: json.Encoder output with 4-space indent and a trailing newline.
const jsonArray = (items: unknown[]) => `${JSON.stringify(items, null, 4)}\n`;

describe("Tctl runner", () => {
  it("puts the global flags first and runs with the tool environment", async () => {
    const { exec, calls } = fakeExec(() => ok("[]\n"));
    await tctlWith(exec, {
      PATH: "/usr/bin",
      SSL_CERT_FILE: "/ca.pem",
      TELEPORT_AUTH_SERVER: "other:443",
      TELEPORT_IDENTITY_FILE: "/other",
    }).run(["get", "workload_cluster", "--format=json"]);
    expect(calls[0]!.file).toBe("/tools/tctl");
    expect(calls[0]!.args).toEqual([
      "--auth-server",
      "tenant.teleport.sh:443",
      "-i",
      "/tmp/id/identity",
      "get",
      "workload_cluster",
      "--format=json",
    ]);
    expect(calls[0]!.env).toEqual({
      PATH: "/usr/bin",
      SSL_CERT_FILE: "/ca.pem",
      TELEPORT_TOOLS_VERSION: "off",
    });
  });

  it("turns a non-zero exit without ERROR: into an Unknown error with the end of stderr", async () => {
    const { exec } = fakeExec(() => ({ exitCode: 2, stdout: "", stderr: "panic: oops\n" }));
    await expect(tctlWith(exec).run(["version"])).rejects.toMatchObject({
      kind: "Unknown",
      message: "tctl version exited with code 2: panic: oops",
    });
  });

  it("reports a killed write as transient with an unknown outcome", async () => {
    const { exec } = fakeExec(() => ({ exitCode: null, stdout: "", stderr: "" }));
    await expect(tctlWith(exec).run(["rm", "workload_cluster/x"], { write: true })).rejects.toMatchObject({
      transient: true,
      outcomeUnknown: true,
    });
  });

  it("turns an exec time-out into DeadlineExceeded and a missing binary into a plain error", async () => {
    const timedOut: TctlExec = async () => {
      throw new ExecTimeoutError("/tools/tctl", 120_000);
    };
    await expect(tctlWith(timedOut).run(["create", "f"], { write: true })).rejects.toMatchObject({
      kind: "DeadlineExceeded",
      outcomeUnknown: true,
    });
    const missing: TctlExec = async () => {
      throw Object.assign(new Error("spawn /tools/tctl ENOENT"), { code: "ENOENT" });
    };
    const error = await tctlWith(missing)
      .run(["version"])
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TeleportApiError);
    expect((error as Error).message).toMatch(/Could not run tctl \(\/tools\/tctl\): spawn/);
  });
});

describe("TctlParentApi (fact: B1, B5, B10)", () => {
  it("get: `tctl get workload_cluster/NAME --format=json`, the first array element", async () => {
    const { exec, calls } = fakeExec(() => ok(jsonArray([CLUSTER_JSON])));
    const api = new TctlParentApi(tctlWith(exec), { tempDir: tempDir() });
    const cluster = await api.get("acme");
    expect(calls[0]!.args.slice(4)).toEqual(["get", "workload_cluster/acme", "--format=json"]);
    expect(cluster).toEqual(CLUSTER_JSON);
    expect(api.transport).toBe("tctl");
  });

  it("get: an empty array or NotFound is undefined; other errors are thrown", async () => {
    expect(
      await new TctlParentApi(tctlWith(fakeExec(() => ok("[]\n")).exec), { tempDir: tempDir() }).get("x"),
    ).toBeUndefined();
    const notFound = fakeExec(() =>
      fail(
        `${RED_ERROR}getting resource "x" of type "workload_cluster"\n\tworkload_cluster "x" doesn't exist\n`,
      ),
    );
    expect(await new TctlParentApi(tctlWith(notFound.exec), { tempDir: tempDir() }).get("x")).toBeUndefined();
    const denied = fakeExec(() =>
      fail(`${RED_ERROR}access denied to perform action "read" on "workload_cluster"\n`),
    );
    await expect(
      new TctlParentApi(tctlWith(denied.exec), { tempDir: tempDir() }).get("x"),
    ).rejects.toMatchObject({
      kind: "AccessDenied",
    });
  });

  it("get refuses a name that would address another resource", async () => {
    const { exec, calls } = fakeExec(() => ok("[]\n"));
    await expect(new TctlParentApi(tctlWith(exec), { tempDir: tempDir() }).get("a/b")).rejects.toMatchObject({
      kind: "BadParameter",
    });
    expect(calls).toEqual([]);
  });

  it("list: `tctl get workload_cluster --format=json`", async () => {
    const second = { ...CLUSTER_JSON, metadata: { name: "zeta" }, status: undefined };
    const { exec, calls } = fakeExec(() => ok(jsonArray([CLUSTER_JSON, second])));
    const list = await new TctlParentApi(tctlWith(exec), { tempDir: tempDir() }).list();
    expect(calls[0]!.args.slice(4)).toEqual(["get", "workload_cluster", "--format=json"]);
    expect(list.map((c) => c.metadata.name)).toEqual(["acme", "zeta"]);
    expect(list[1]!.status).toBeUndefined();
  });

  it("list fails clearly on output that is not a JSON array", async () => {
    const { exec } = fakeExec(() => ok("Name\n----\nacme\n"));
    await expect(new TctlParentApi(tctlWith(exec), { tempDir: tempDir() }).list()).rejects.toThrow(
      /did not print JSON/,
    );
  });

  it("create: `tctl create FILE` without -f, a 0600 JSON file with proto field names, removed afterwards", async () => {
    const dir = tempDir();
    const { exec, calls } = fakeExec(() => ok('workload cluster "acme" has been created\n'));
    const input: WorkloadCluster = {
      ...CLUSTER_JSON,
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "acme" },
    };
    const created = await new TctlParentApi(tctlWith(exec), { tempDir: dir }).create(input);
    const args = calls[0]!.args.slice(4);
    expect(args[0]).toBe("create");
    expect(args).toHaveLength(2);
    expect(args).not.toContain("-f");
    expect(args).not.toContain("--force");
    expect(path.dirname(args[1]!)).toBe(dir);
    expect(calls[0]!.fileMode).toBe(0o600);
    expect(JSON.parse(calls[0]!.fileContent!)).toEqual({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "acme" },
      spec: CLUSTER_JSON.spec,
    });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(created).toEqual({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "acme" },
      spec: CLUSTER_JSON.spec,
    });
  });

  it("create removes the file when tctl fails, and an existing cluster is AlreadyExists", async () => {
    const dir = tempDir();
    const { exec } = fakeExec(() =>
      fail(`${RED_ERROR}use -f or --force flag to overwrite\n\tworkload_cluster "acme" already exists\n`),
    );
    await expect(
      new TctlParentApi(tctlWith(exec), { tempDir: dir }).create({
        kind: "workload_cluster",
        version: "v1",
        metadata: { name: "acme" },
        spec: { regions: [{ name: "us-west-2" }] },
      }),
    ).rejects.toMatchObject({ kind: "AlreadyExists", outcomeUnknown: false });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("delete: `tctl rm workload_cluster/NAME`; a lost answer leaves the outcome unknown", async () => {
    const { exec, calls } = fakeExec(() => ok('workload cluster "acme" has been deleted\n'));
    await new TctlParentApi(tctlWith(exec), { tempDir: tempDir() }).delete("acme");
    expect(calls[0]!.args.slice(4)).toEqual(["rm", "workload_cluster/acme"]);
    const lost = fakeExec(() => fail(`${RED_ERROR}connection reset by peer\n`));
    await expect(
      new TctlParentApi(tctlWith(lost.exec), { tempDir: tempDir() }).delete("acme"),
    ).rejects.toMatchObject({
      kind: "ConnectionProblem",
      transient: true,
      outcomeUnknown: true,
    });
  });
});

describe("Tctl on cancellation", () => {
  /** A tctl that runs until it is stopped, or until `finishAfterMs` when given. */
  const hanging =
    (stoppedAt: number[], finishAfterMs?: number): TctlExec =>
    (_file, _args, options = {}) =>
      new Promise((resolve, reject) => {
        if (finishAfterMs !== undefined)
          setTimeout(
            () => resolve({ exitCode: 0, stdout: 'role "dev" has been created\n', stderr: "" }),
            finishAfterMs,
          );
        options.signal?.addEventListener("abort", () => {
          stoppedAt.push(Date.now());
          reject(new ExecCancelledError("/tools/tctl"));
        });
      });
  const tctlCancelledBy = (exec: TctlExec, signal: AbortSignal) =>
    new Tctl({
      tctlPath: "/tools/tctl",
      proxy: { host: "tenant.teleport.sh", port: 443 },
      identityFile: "/tmp/id/identity",
      exec,
      env: { PATH: "/usr/bin" },
      signal,
      writeGraceMs: 300,
    });

  it("lets a write in flight run on for the grace period, then stops it", async () => {
    const cancel = new AbortController();
    const stoppedAt: number[] = [];
    const tctl = tctlCancelledBy(hanging(stoppedAt), cancel.signal);
    const write = tctl.attempt(["create", "-f", "/tmp/x.yaml"], { write: true });
    const cancelledAt = Date.now();
    cancel.abort();
    await expect(write).rejects.toBeInstanceOf(ExecCancelledError);
    expect(stoppedAt[0]! - cancelledAt).toBeGreaterThanOrEqual(250);
  });

  it("a write that ends within the grace period keeps its answer", async () => {
    const cancel = new AbortController();
    const tctl = tctlCancelledBy(hanging([], 50), cancel.signal);
    const write = tctl.attempt(["create", "-f", "/tmp/x.yaml"], { write: true });
    cancel.abort();
    await expect(write).resolves.toMatchObject({ stdout: 'role "dev" has been created\n' });
  });

  it("a read stops at once", async () => {
    const cancel = new AbortController();
    const stoppedAt: number[] = [];
    const tctl = tctlCancelledBy(hanging(stoppedAt), cancel.signal);
    const read = tctl.attempt(["get", "role/dev"]);
    const cancelledAt = Date.now();
    cancel.abort();
    await expect(read).rejects.toBeInstanceOf(ExecCancelledError);
    expect(stoppedAt[0]! - cancelledAt).toBeLessThan(100);
  });

  it("a write started after the cancel gets only what is left of the grace period", async () => {
    const cancel = new AbortController();
    const stoppedAt: number[] = [];
    const tctl = tctlCancelledBy(hanging(stoppedAt), cancel.signal);
    const cancelledAt = Date.now();
    cancel.abort();
    await new Promise((r) => setTimeout(r, 200));
    await expect(tctl.attempt(["create", "-f", "/tmp/y.yaml"], { write: true })).rejects.toBeInstanceOf(
      ExecCancelledError,
    );
    expect(stoppedAt[0]! - cancelledAt).toBeLessThan(450);
  });
});

describe("the child's spread write on cancellation", () => {
  const doc = (kind: string, name: string) => ({
    ref: { kind, name },
    resource: { kind, version: kind === "role" ? "v7" : "v2", metadata: { name }, spec: {} },
  });

  it("gives the users' processes, started beside the roles', no documents once the run is cancelled", async () => {
    const cancel = new AbortController();
    const fed: string[] = [];
    const exec: TctlExec = async (file, _args, options = {}) => {
      const input = await options.input;
      if (input === undefined) throw new ExecInputWithdrawnError(file);
      fed.push(input);
      // The run is cancelled while the roles are written; their processes still answer within the grace.
      cancel.abort();
      const names = [...input.matchAll(/"metadata": \{"name": "([^"]+)"/g)].map((m) => m[1]);
      const kind = /"kind": "(\w+)"/.exec(input)![1];
      return {
        exitCode: 0,
        stdout: names.map((n) => `${kind} "${n}" has been created\n`).join(""),
        stderr: "",
      };
    };
    const tctl = new Tctl({
      tctlPath: "/tools/tctl",
      proxy: { host: "child.example.com", port: 443 },
      identityFile: "/tmp/id/identity",
      exec,
      env: {},
      signal: cancel.signal,
      writeGraceMs: 300,
    });
    const roles = Array.from({ length: 10 }, (_, i) => doc("role", `role-${i}`));
    const users = Array.from({ length: 20 }, (_, i) => doc("user", `user-${i}`));
    const result = await new TctlChildApi(tctl, { mask: () => {} }).writeBatch([...roles, ...users], {
      spread: true,
    });
    expect(fed.length).toBeGreaterThan(1);
    expect(fed.every((text) => !text.includes('"kind": "user"'))).toBe(true);
    expect(result.applied.map((r) => r.name).sort()).toEqual(roles.map((r) => r.ref.name).sort());
  });
});
