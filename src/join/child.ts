// Joins an active child with tbot by IAM, as the workload cluster guide does: proxy_server is
// `status.domain` (with :443 added when it has no port), token is `spec.bot.name`. A child may turn active
// before its proxy accepts connections, so connection failures are retried until `child-ready-timeout`;
// a join Teleport refuses (the ARN matches no allow rule, access denied) is never retried.
import type { AwsSession } from "../aws/credentials.js";
import { type StageError, stageError } from "../core/outcome.js";
import type { WorkloadCluster } from "../core/workload-cluster.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import type { Http } from "../net/http.js";
import { joinWithTbot, TbotError } from "../teleport/tbot.js";
import { findProxy, formatProxyAddress, type ProxyFind, proxyOfDomain } from "../teleport/webapi.js";
import type { Exec } from "../util/exec.js";
import type { RetryClock } from "../util/retry.js";

export interface JoinStage {
  /** Path of the child's identity file, when the join succeeded. */
  identityFile?: string;
  /** `host:port` tbot joined through. */
  proxy?: string;
  /** The ARN the join presented. */
  arn: string;
  /**
   * The child proxy's `/webapi/find`, asked while tbot joined (undefined when it failed): the sync's
   * connection to the child's Auth API needs its cluster name (B20), and waits for it no longer then.
   */
  found?: Promise<ProxyFind | undefined>;
  error?: StageError;
}

export interface ChildJoinOptions {
  aws: AwsSession;
  tbotPath: string;
  tempDir: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  registerCleanup: (dir: string) => void;
  clock: RetryClock;
  log: (message: string) => void;
  childReadyTimeoutMs: number;
  signal?: AbortSignal;
  /** For the child's `/webapi/find` beside the join (JoinStage.found). */
  http?: Http;
}

export async function joinChild(
  declared: DeclaredWorkloadCluster,
  cluster: WorkloadCluster | undefined,
  options: ChildJoinOptions,
): Promise<JoinStage> {
  const arn = options.aws.caller.arn;
  const domain = cluster?.status?.domain;
  const token = declared.spec.bot?.name;
  if (!domain || !token) {
    return {
      arn,
      error: {
        kind: "NotReady",
        message: `${declared.name} cannot be joined: the parent reports ${domain ? "no bot name" : "no domain"} for it`,
      },
    };
  }
  let proxy: string;
  try {
    proxy = formatProxyAddress(proxyOfDomain(domain));
  } catch (error) {
    return {
      arn,
      error: stageError(
        `${declared.name}: the parent's domain "${domain}" is not an address: ${(error as Error).message}`,
        undefined,
        "BadParameter",
      ),
    };
  }
  options.log(
    `${declared.name}: joining the child ${proxy} with tbot (iam join, token "${token}") as ${arn}`,
  );
  const found = options.http
    ? findProxy(options.http, proxyOfDomain(domain), {
        policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 10_000 },
        ...(options.signal ? { signal: options.signal } : {}),
      }).catch(() => undefined)
    : undefined;
  try {
    const identityFile = await joinWithTbot({
      tbotPath: options.tbotPath,
      proxy: proxyOfDomain(domain),
      joinMethod: "iam",
      token,
      tempDir: options.tempDir,
      label: declared.name,
      exec: options.exec,
      env: options.env,
      extraEnv: await options.aws.tbotEnvironment(),
      registerCleanup: options.registerCleanup,
      clock: options.clock,
      log: (m) => options.log(`${declared.name}: ${m}`),
      retryPolicy: {
        attempts: 1000,
        baseDelayMs: 2000,
        maxDelayMs: 15_000,
        deadlineMs: options.childReadyTimeoutMs,
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.log(`${declared.name}: joined; identity at ${identityFile}`);
    return { identityFile, proxy, arn, ...(found ? { found } : {}) };
  } catch (error) {
    const refused = error instanceof TbotError && !error.transient;
    const advice =
      refused && /did not match any allow rules/.test((error as Error).message)
        ? `Teleport compared ${arn} with the allow rules of ${declared.name}'s join token and none matched. Check the rules in ${declared.file}:${declared.line} against this ARN.`
        : error instanceof TbotError && error.transient
          ? `The child did not accept the join within child-ready-timeout (${Math.round(options.childReadyTimeoutMs / 1000)} s); a longer timeout may help if the cluster was just created.`
          : undefined;
    return { proxy, arn, error: stageError(error, advice, refused ? "AccessDenied" : undefined) };
  }
}
