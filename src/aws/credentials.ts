// AWS credentials for tbot's IAM join, and the ARN they will present. With `role-to-assume`: a GitHub OIDC
// token minted inside each attempt, then STS AssumeRoleWithWebIdentity (the configure-aws-credentials
// flow); the credentials are masked the moment they exist and handed to tbot's process environment only,
// never to GITHUB_ENV, outputs or this process's own environment. Without it: what an earlier step put in
// the environment, and STS GetCallerIdentity tells which ARN that is.
import { formatDuration } from "../util/log.js";
import { type RetryClock, type RetryPolicy, retry } from "../util/retry.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Who STS says the credentials are: what Teleport's IAM join compares with the allow rules. */
export interface AwsCaller {
  account: string;
  arn: string;
}

export interface AwsSettings {
  /** `role-to-assume`: an IAM role ARN, or absent for the ambient credentials. */
  roleToAssume?: string;
  region: string;
  sessionName: string;
  durationSeconds: number;
  audience: string;
}

/** The STS calls, behind a port so the logic is testable without the SDK (src/aws/sts.ts is the real one). */
export interface StsPort {
  assumeRoleWithWebIdentity(
    input: { roleArn: string; sessionName: string; durationSeconds: number; webIdentityToken: string },
    signal?: AbortSignal,
  ): Promise<{ credentials: AwsCredentials; caller?: AwsCaller }>;
  getCallerIdentity(credentials: AwsCredentials | undefined, signal?: AbortSignal): Promise<AwsCaller>;
}

export interface CredentialEffects {
  sts: StsPort;
  getIDToken: (audience: string) => Promise<string>;
  mask: (value: string) => void;
  env: NodeJS.ProcessEnv;
  clock: RetryClock;
  log: (message: string) => void;
  signal?: AbortSignal;
  policy?: RetryPolicy;
}

/** An STS failure that will not change on retry (bad input, access denied). */
export class AwsCredentialsError extends Error {
  override name = "AwsCredentialsError";
}

const STS_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 10_000,
  deadlineMs: 120_000,
};

/** Refresh credentials that expire within this margin before handing them to another tbot. */
const REFRESH_MARGIN_MS = 10 * 60_000;

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): { partition: string; account: string; roleName: string } {
  const m = ROLE_ARN.exec(arn);
  if (!m) {
    throw new AwsCredentialsError(
      `"${arn}" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<role name>`,
    );
  }
  return { partition: m[1]!, account: m[2]!, roleName: m[3]! };
}

/**
 * The ARN STS reports for a session of `roleArn` (fact: B31: Teleport compares the
 * assumed-role form `arn:aws:sts::<acct>:assumed-role/<role name>/<session name>`, never the role ARN; a
 * role's path is not part of it).
 */
export function assumedRoleCaller(roleArn: string, sessionName: string): AwsCaller {
  const { partition, account, roleName } = parseRoleArn(roleArn);
  return { account, arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}` };
}

/** The environment tbot needs for the IAM join: these credentials and the region, nothing else. */
function credentialEnvironment(credentials: AwsCredentials, region: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: region,
  };
}

const ID_TOKEN_PERMISSION_HELP = [
  "The workflow cannot mint a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.",
  "Give the job (and, for a reusable workflow, the calling job too) permission to request one:",
  "",
  "permissions:",
  "  id-token: write",
  "  contents: read",
].join("\n");

/** Ambient credentials: what an earlier configure-aws-credentials step (or a profile) left for this job. */
export function hasAmbientCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
      env.AWS_PROFILE ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE,
  );
}

function ambientFromEnv(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** Throttling, 5xx, an expired web identity token (a new one is minted) and network failures are worth another try. */
export function isTransientStsError(error: unknown): boolean {
  if (error instanceof AwsCredentialsError) return false;
  const e = error as {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (
    /^(Throttling|ThrottlingException|ThrottledException|RequestLimitExceeded|TooManyRequestsException|IDPCommunicationError|ExpiredTokenException|TimeoutError|RequestTimeout)$/.test(
      e?.name ?? "",
    )
  )
    return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (e?.$fault === "server" || e?.$retryable) return true;
  return /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EHOSTUNREACH|ECONNABORTED)$/.test(
    e?.code ?? "",
  );
}

/** An STS call with retries on transient failures only, each retry logged. */
function withStsRetry<T>(effects: CredentialEffects, call: string, fn: () => Promise<T>): Promise<T> {
  return retry(fn, {
    policy: effects.policy ?? STS_RETRY,
    clock: effects.clock,
    isTransient: isTransientStsError,
    ...(effects.signal ? { signal: effects.signal } : {}),
    onRetry: ({ attempt, attempts, delayMs, error }) =>
      effects.log(
        `STS ${call} failed (${(error as Error).message}); attempt ${attempt} of ${attempts}, retrying in ${formatDuration(delayMs)}`,
      ),
  });
}

/** One set of credentials per run, reused by every join while valid and refreshed before expiry. */
export class AwsSession {
  private current?: AwsCredentials;
  private pending?: Promise<AwsCredentials | undefined>;

  private constructor(
    readonly settings: AwsSettings,
    readonly caller: AwsCaller,
    private readonly effects: CredentialEffects,
    initial: AwsCredentials | undefined,
  ) {
    if (initial) this.current = initial;
  }

  /**
   * Establishes who the run will join as. With `role-to-assume` this is known without a call (so a join
   * that cannot match is refused before anything is written); the credentials are fetched on first use.
   */
  static async open(settings: AwsSettings, effects: CredentialEffects): Promise<AwsSession> {
    if (settings.roleToAssume) {
      return new AwsSession(
        settings,
        assumedRoleCaller(settings.roleToAssume, settings.sessionName),
        effects,
        undefined,
      );
    }
    const ambient = ambientFromEnv(effects.env);
    const caller = await withStsRetry(effects, "GetCallerIdentity", () =>
      effects.sts.getCallerIdentity(ambient, effects.signal),
    ).catch((error: unknown) => {
      throw new AwsCredentialsError(
        `Could not tell which AWS identity the ambient credentials belong to (STS GetCallerIdentity): ${(error as Error).message}`,
      );
    });
    return new AwsSession(settings, caller, effects, undefined);
  }

  /** Fetches the credentials now, so that a missing permission or a wrong trust policy fails before any write. */
  async prepare(): Promise<void> {
    if (this.settings.roleToAssume) await this.credentials();
  }

  /** The variables for tbot's process: fresh credentials (or the ambient ones, left in place) and the region. */
  async tbotEnvironment(): Promise<Record<string, string>> {
    if (!this.settings.roleToAssume) return { AWS_REGION: this.settings.region };
    const credentials = await this.credentials();
    return credentialEnvironment(credentials!, this.settings.region);
  }

  private async credentials(): Promise<AwsCredentials | undefined> {
    const expires = this.current?.expiration?.getTime();
    if (this.current && (expires === undefined || expires - this.effects.clock.now() > REFRESH_MARGIN_MS)) {
      return this.current;
    }
    // Concurrent joins share one request.
    this.pending ??= this.assume().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async assume(): Promise<AwsCredentials> {
    const { settings, effects } = this;
    const roleArn = settings.roleToAssume!;
    if (!effects.env.ACTIONS_ID_TOKEN_REQUEST_URL || !effects.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      throw new AwsCredentialsError(ID_TOKEN_PERMISSION_HELP);
    }
    effects.log(
      `Assuming ${roleArn} with a GitHub OIDC token (audience ${settings.audience}), session ${settings.sessionName}`,
    );
    const result = await withStsRetry(effects, "AssumeRoleWithWebIdentity", async () => {
      // Minted inside each attempt: a token from an earlier attempt may have expired meanwhile.
      const webIdentityToken = await effects.getIDToken(settings.audience);
      effects.mask(webIdentityToken);
      const assumed = await effects.sts.assumeRoleWithWebIdentity(
        {
          roleArn,
          sessionName: settings.sessionName,
          durationSeconds: settings.durationSeconds,
          webIdentityToken,
        },
        effects.signal,
      );
      const c = assumed.credentials;
      for (const secret of [c.accessKeyId, c.secretAccessKey, c.sessionToken])
        if (secret) effects.mask(secret);
      return assumed;
    }).catch((error: unknown) => {
      if (error instanceof AwsCredentialsError) throw error;
      throw new AwsCredentialsError(`Could not assume ${roleArn}: ${describeStsError(error)}`);
    });
    if (result.caller && result.caller.arn !== this.caller.arn) {
      effects.log(`warning: STS reports the session as ${result.caller.arn}, expected ${this.caller.arn}`);
    }
    this.current = result.credentials;
    effects.log(
      `Assumed ${roleArn} as ${this.caller.arn}${result.credentials.expiration ? `, valid until ${result.credentials.expiration.toISOString()}` : ""}`,
    );
    return result.credentials;
  }
}

function describeStsError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const text = `${e?.name && e.name !== "Error" ? `${e.name}: ` : ""}${e?.message ?? String(error)}`;
  if (/AccessDenied|Not authorized to perform sts:AssumeRoleWithWebIdentity/i.test(text)) {
    return `${text}. Check the role's trust policy: it must trust the GitHub OIDC provider (token.actions.githubusercontent.com) with audience "sts.amazonaws.com" and a "sub" condition matching this repository and workflow (e.g. repo:<owner>/<repo>:*).`;
  }
  return text;
}
