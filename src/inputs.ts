// Every input is read and validated here, into one typed configuration. A problem names the input.
// The names and defaults come from action.yml, generated into generated/inputs.ts: the runner fills in
// action.yml's defaults, and an input given as an empty string means that same default.

import * as path from "node:path";
import { parseRoleArn } from "./aws/credentials.js";
import { INPUT_DEFAULTS, type InputName } from "./generated/inputs.js";
import { parsePatternList } from "./manifests/load.js";
import { clusterNameProblem } from "./manifests/workload-cluster.js";
import { accessKinds } from "./sync/kinds/index.js";
import type { InstallRequest } from "./teleport/install.js";
import type { ParentApiMode } from "./teleport/parent.js";
import { parseChecksumInput, parseExactVersion } from "./teleport/release.js";
import type { JoinMethod } from "./teleport/tbot.js";
import { type ProxyAddress, parseProxyAddress } from "./teleport/webapi.js";
import { parseDuration } from "./util/duration.js";

const MODES = ["install", "validate", "plan", "apply", "sync", "delete", "report"] as const;
export type Mode = (typeof MODES)[number];

/** Modes that talk to the parent cluster. */
const PARENT_MODES: readonly Mode[] = ["plan", "apply", "sync", "delete"];

interface ParentConfig {
  proxy: ProxyAddress;
  /** An identity file from an earlier step, or a join token for tbot. */
  credentials: { identityFile: string } | { token: string; joinMethod: JoinMethod };
  api: ParentApiMode;
}

export interface ActionConfig {
  mode: Mode;
  install: InstallRequest;
  manifests: { patterns: string[]; allowAccountWideJoin: boolean };
  /** Present for the modes that talk to the parent cluster. */
  parent?: ParentConfig;
  waitTimeoutMs: number;
  maxParallel: number;
  /** AWS credentials for the children's IAM join; without role-to-assume, the ambient ones (if any). */
  aws: AwsInputs;
  childReadyTimeoutMs: number;
  access: AccessInputs;
  drift: { failOnDrift: boolean; prune: boolean; pruneLimit: number };
  /** plan, report: fail with `failure-reason: high-risk` when the access review finds a high-risk grant. */
  failOnHighRisk: boolean;
  /** `shard: k/n`: this run handles only the declared clusters of shard k of n. */
  shard?: { index: number; count: number };
  github: GitHubInputs;
  /** mode delete: the names to delete, confirmed. */
  deleteNames: string[];
}

interface AwsInputs {
  roleToAssume?: string;
  /** Empty when neither the input nor the environment gives one (an error only once credentials are needed). */
  region: string;
  sessionName: string;
  durationSeconds: number;
  audience: string;
}

interface AccessInputs {
  /** Repository-relative folder of role and user documents. */
  dir: string;
  /** `kind/name` or `cluster:kind/name` entries: existing objects to take over. */
  adopt: string[];
  /** Go duration for tctl's --ttl, e.g. `1h`. */
  inviteTtl: string;
  /** `owner/repo` (GITHUB_REPOSITORY): the value of the ownership label. */
  repository: string;
}

interface GitHubInputs {
  token: string;
  /** Sticky plan comment: create only with changes (keep editing one that exists), always, or never. */
  comment: "changes" | "always" | "never";
  requireApprovedPlan: boolean;
  driftIssue: boolean;
  /** mode report: globs of plan files written by other jobs. */
  planFiles: string[];
}

class InputError extends Error {
  override name = "InputError";
  readonly input: string;
  constructor(input: string, message: string) {
    super(`Input "${input}": ${message}`);
    this.input = input;
  }
}

export type GetInput = (name: string) => string;

/** Runs `parse` on an input and turns any error into one that names the input. */
function field<T>(name: InputName, get: GetInput, parse: (value: string) => T): T {
  const raw = get(name).trim();
  const value = raw === "" ? INPUT_DEFAULTS[name] : raw;
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, (error as Error).message);
  }
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new Error(`"${value}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function parseMirror(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not a URL`);
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new Error(
      `"${value}" uses plain http; use https (plain http is allowed only for a loopback mirror)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`"${value}" must be an https URL`);
  }
  if (url.search || url.hash) throw new Error(`"${value}" must be a base URL without query or fragment`);
  return url;
}

function parseBoolean(value: string): boolean {
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new Error(`"${value}" is not a boolean; use true or false`);
}

function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new Error(`"${value}" must be a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

/** Names separated by commas, spaces or new lines. */
function parseNameList(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

function readParent(get: GetInput, mode: Mode, proxy: ProxyAddress | undefined): ParentConfig | undefined {
  const identityFile = field("parent-identity", get, (v) => v);
  const token = field("parent-token", get, (v) => v);
  const joinMethod = field("parent-join-method", get, oneOf(["github", "iam"] as const));
  const api = field("parent-api", get, oneOf<ParentApiMode>(["auto", "grpc", "tctl"]));
  if (!PARENT_MODES.includes(mode)) return undefined;
  if (!proxy)
    throw new InputError("proxy", `is required for mode ${mode}: the parent cluster's proxy address`);
  if (identityFile && token) {
    throw new InputError("parent-token", "give either parent-identity or parent-token, not both");
  }
  if (!identityFile && !token) {
    throw new InputError(
      "parent-token",
      `mode ${mode} needs credentials for the parent cluster: parent-token (a bot join token, joined with tbot) or parent-identity (an identity file from an earlier step)`,
    );
  }
  return { proxy, api, credentials: identityFile ? { identityFile } : { token, joinMethod } };
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function readAws(get: GetInput, env: NodeJS.ProcessEnv): AwsInputs {
  const roleToAssume = field("role-to-assume", get, (v) => {
    if (v === "") return undefined;
    parseRoleArn(v);
    return v;
  });
  const region = field("aws-region", get, (v) => {
    if (v && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v))
      throw new Error(`"${v}" is not an AWS region such as us-west-2`);
    return v || env.AWS_REGION || env.AWS_DEFAULT_REGION || "";
  });
  const sessionName = field("role-session-name", get, (v) => {
    if (!SESSION_NAME.test(v))
      throw new Error(`"${v}" must be 2-64 characters of letters, digits and + = , . @ _ -`);
    return v;
  });
  const durationSeconds = field("role-duration-seconds", get, integer(900, 43_200));
  const audience = field("audience", get, (v) => v);
  return { ...(roleToAssume ? { roleToAssume } : {}), region, sessionName, durationSeconds, audience };
}

/** `k/n` with 1 <= k <= n <= 256 (GitHub's matrix holds at most 256 jobs). */
function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count) {
    throw new Error(`"${value}" is not k/n with 1 <= k <= n, e.g. 2/10`);
  }
  if (count > 256) throw new Error(`"${value}": a job matrix holds at most 256 jobs; use at most 256 shards`);
  return { index, count };
}

/** fact B50/B52: an invite link lives at most 48h. */
const MAX_INVITE_TTL_MS = 48 * 3_600_000;

function readAccess(get: GetInput, env: NodeJS.ProcessEnv): AccessInputs {
  const dir = field("access-dir", get, (v) => {
    if (path.isAbsolute(v) || v.split(/[\\/]/).includes("..")) {
      throw new Error(`"${v}" must be a folder inside the repository`);
    }
    return v.replace(/\/+$/, "");
  });
  const kinds = accessKinds().map((k) => k.kind);
  const entryPattern = new RegExp(`^(?:[a-z0-9][a-z0-9-]*:)?(?:${kinds.join("|")})/[^/,\\s]+$`);
  const adopt = field("adopt", get, (v) =>
    parseNameList(v).map((entry) => {
      if (!entryPattern.test(entry)) {
        throw new Error(`"${entry}" is not kind/name or cluster:kind/name with kind ${kinds.join(" or ")}`);
      }
      return entry;
    }),
  );
  const inviteTtl = field("invite-ttl", get, (v) => {
    const ms = parseDuration(v);
    if (ms > MAX_INVITE_TTL_MS)
      throw new Error(`"${v}" is longer than Teleport's maximum for an invite link, 48h`);
    if (ms < 60_000) throw new Error(`"${v}" is shorter than a minute`);
    return v;
  });
  return { dir, adopt, inviteTtl, repository: env.GITHUB_REPOSITORY ?? "" };
}

/** teleport-version, proxy, edition, teleport-mirror and checksum: what `mode: install` fetches. */
function readInstall(get: GetInput): InstallRequest {
  const version = field("teleport-version", get, (v) => (v === "auto" ? "auto" : parseExactVersion(v)));
  const proxy = field("proxy", get, (v) => (v === "" ? undefined : parseProxyAddress(v)));
  const edition = field("edition", get, oneOf(["auto", "oss", "ent"] as const));
  const mirror = field("teleport-mirror", get, parseMirror);
  const checksum = field("checksum", get, (v) => (v === "" ? undefined : parseChecksumInput(v)));
  return { version, edition, mirror, ...(proxy ? { proxy } : {}), ...(checksum ? { checksum } : {}) };
}

/** `mode: install` with version auto reads the version from the proxy, so it needs one. */
function requireVersionSource(mode: Mode, install: InstallRequest): void {
  if (install.version === "auto" && !install.proxy && mode === "install") {
    throw new InputError(
      "proxy",
      'is required when teleport-version is "auto" (the version is read from the proxy); or set teleport-version to an exact version such as "18.2.1"',
    );
  }
}

function readManifests(get: GetInput): ActionConfig["manifests"] {
  const patterns = field("workload-clusters", get, (v) => {
    const list = parsePatternList(v);
    if (!list.length) throw new Error("give at least one glob");
    return list;
  });
  const allowAccountWideJoin = field("allow-account-wide-join", get, parseBoolean);
  return { patterns, allowAccountWideJoin };
}

function readDrift(get: GetInput): ActionConfig["drift"] {
  return {
    failOnDrift: field("fail-on-drift", get, parseBoolean),
    prune: field("prune", get, parseBoolean),
    pruneLimit: field("prune-limit", get, integer(0, 100_000)),
  };
}

function readGitHub(get: GetInput, mode: Mode): GitHubInputs {
  const github: GitHubInputs = {
    // The runner fills in `${{ github.token }}`; the literal default is what a test or a local run sees.
    token: field("github-token", get, (v) => (v.startsWith("${{") ? "" : v)),
    comment: field("comment", get, oneOf(["changes", "always", "never"] as const)),
    requireApprovedPlan: field("require-approved-plan", get, parseBoolean),
    driftIssue: field("drift-issue", get, parseBoolean),
    planFiles: field("plan-files", get, parsePatternList),
  };
  if (mode === "report" && !github.planFiles.length) {
    throw new InputError(
      "plan-files",
      "mode report needs the plan files of the jobs to merge (globs, one per line)",
    );
  }
  return github;
}

/** cluster-names, confirmed by confirm-delete for `mode: delete`. */
function readDeleteNames(get: GetInput, mode: Mode): string[] {
  const deleteNames = field("cluster-names", get, (v) => {
    const names = parseNameList(v);
    // A name that no workload cluster can have is a typo, not "nothing to delete".
    for (const name of names) {
      const problem = clusterNameProblem(name);
      if (problem) throw new Error(problem.replace(/^metadata\.name /, ""));
    }
    return names;
  });
  const confirmed = field("confirm-delete", get, parseNameList);
  if (mode === "delete") {
    if (!deleteNames.length)
      throw new InputError("cluster-names", "mode delete needs the names of the clusters to delete");
    const same = confirmed.length === deleteNames.length && deleteNames.every((n) => confirmed.includes(n));
    if (!same) {
      throw new InputError(
        "confirm-delete",
        `must repeat exactly the names in cluster-names (${deleteNames.join(", ")}) to confirm the deletion; deleting suspends a cluster and blocks its name for the grace period`,
      );
    }
  }
  return deleteNames;
}

// The inputs are read in a fixed order, each step after the ones it depends on, so that of several wrong
// inputs the same one is always reported.
export function readConfig(get: GetInput, env: NodeJS.ProcessEnv = {}): ActionConfig {
  const mode = field("mode", get, oneOf(MODES));
  const install = readInstall(get);
  const manifests = readManifests(get);
  const parent = readParent(get, mode, install.proxy);
  requireVersionSource(mode, install);
  const waitTimeoutMs = field("wait-timeout", get, parseDuration);
  const maxParallel = field("max-parallel", get, integer(1, 100));
  const aws = readAws(get, env);
  const childReadyTimeoutMs = field("child-ready-timeout", get, parseDuration);
  const access = readAccess(get, env);
  const drift = readDrift(get);
  const failOnHighRisk = field("fail-on-high-risk", get, parseBoolean);
  const shard = field("shard", get, (v) => (v === "" ? undefined : parseShard(v)));
  const github = readGitHub(get, mode);
  const deleteNames = readDeleteNames(get, mode);
  return {
    mode,
    install,
    manifests,
    ...(parent ? { parent } : {}),
    waitTimeoutMs,
    maxParallel,
    aws,
    childReadyTimeoutMs,
    access,
    drift,
    failOnHighRisk,
    ...(shard ? { shard } : {}),
    github,
    deleteNames,
  };
}
