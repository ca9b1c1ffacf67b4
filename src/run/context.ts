// What every mode gets from main.ts: the parsed configuration and the side effects it may use. The parent
// session's shape is declared here rather than beside its implementation, so that the implementation can
// depend on the context without the context depending back on it.
import type { AwsSession, StsPort } from "../aws/credentials.js";
import type { SdkStsOptions } from "../aws/sts.js";
import type { ActionConfig } from "../inputs.js";
import type { Http } from "../net/http.js";
import type { ParentApi } from "../provision/parent-api.js";
import type { ParentOperation } from "../teleport/advice.js";
import type { InstallResult } from "../teleport/install.js";
import type { Exec } from "../util/exec.js";
import type { Logger } from "../util/log.js";
import type { RetryClock } from "../util/retry.js";

/** A session with the parent cluster, opened once per run and closed at its end. */
export interface ParentSession {
  api: ParentApi;
  /** tctl and tbot, installed and verified. */
  tools: InstallResult;
  /** What the user should do about an error of `operation` on the parent, if anything. */
  explain: (error: unknown, operation: ParentOperation) => string | undefined;
  close: () => Promise<void>;
}

/** The side effects a mode may use; main.ts passes in the real ones, tests may pass fakes. */
export interface Effects {
  setOutput: (name: string, value: string) => void;
  addPath: (dir: string) => void;
  log: Logger;
  /** Writes a workflow command line (e.g. an `::error file=...` annotation) to the log as is. */
  command: (line: string) => void;
  writeSummary: (markdown: string) => Promise<void>;
  http: Http;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  arch: string;
  platform: string;
  clock: RetryClock;
  /** Masks `value` in every later log line (the runner's setSecret); call it the moment a secret exists. */
  mask: (value: string) => void;
  /** A GitHub OIDC token for `audience` (the runner's getIDToken); fails without `id-token: write`. */
  getIDToken: (audience: string) => Promise<string>;
  /**
   * Opens the session with the parent cluster (install tools, get an identity, connect). The real one
   * loads gRPC lazily; tests pass an in-memory parent.
   */
  /** `aws` may still be opening: the tools install meanwhile, and only a join by IAM waits for it. */
  openParent: (
    ctx: ModeContext,
    aws?: AwsSession | Promise<AwsSession | undefined>,
  ) => Promise<ParentSession>;
  /** The STS client; the real one loads the AWS SDK lazily. */
  openSts: (options: SdkStsOptions) => Promise<StsPort>;
}

export interface ModeContext extends Effects {
  config: ActionConfig;
  registerCleanup: (path: string) => void;
  signal: AbortSignal;
  /** RUNNER_TEMP and RUNNER_TOOL_CACHE. */
  tempDir: string;
  toolCacheRoot: string;
  workspace: string;
}

/** A failure already explained in the log and summary; main.ts only fails the step with it. */
export class ModeFailure extends Error {
  override name = "ModeFailure";
}
