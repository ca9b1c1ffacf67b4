// A session with the parent cluster for the modes that work on it: the tools installed, the parent
// identity (a file, or a tbot join), and the API over gRPC or tctl. Opened once per run, closed at the end.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { AwsSession } from "../aws/credentials.js";
import type { ParentApi } from "../provision/parent-api.js";
import { adviceFor, type ParentOperation } from "../teleport/advice.js";
import { connectParent } from "../teleport/parent.js";
import { joinWithTbot } from "../teleport/tbot.js";
import type { RetryPolicy } from "../util/retry.js";
import { openAwsSession } from "./aws.js";
import { type ModeContext, ModeFailure, type ParentSession } from "./context.js";
import { installRunTools } from "./tools.js";

/** Reads and writes that may be retried: transient errors only, within two minutes. */
export const API_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 10_000,
  deadlineMs: 120_000,
};

async function parentIdentity(ctx: ModeContext, tbotPath: string, aws?: AwsSession): Promise<string> {
  const parent = ctx.config.parent!;
  if ("identityFile" in parent.credentials) {
    const file = path.resolve(ctx.workspace, parent.credentials.identityFile);
    try {
      await fs.access(file);
    } catch {
      throw new ModeFailure(`Input "parent-identity": no readable file at ${file}`);
    }
    return file;
  }
  const { token, joinMethod } = parent.credentials;
  let extraEnv: Record<string, string> | undefined;
  if (joinMethod === "iam") {
    const session = aws ?? (await openAwsSession(ctx));
    if (!session) {
      throw new ModeFailure(
        'Input "parent-join-method": iam needs AWS credentials: set role-to-assume (with `permissions: id-token: write`) or configure AWS credentials in an earlier step',
      );
    }
    extraEnv = await session.tbotEnvironment();
  }
  ctx.log.info(
    `Joining the parent cluster ${parent.proxy.host} with tbot (${joinMethod} join, token "${token}")`,
  );
  return joinWithTbot({
    tbotPath,
    proxy: parent.proxy,
    joinMethod,
    token,
    ...(extraEnv ? { extraEnv } : {}),
    tempDir: ctx.tempDir,
    label: "parent",
    exec: ctx.exec,
    env: ctx.env,
    registerCleanup: ctx.registerCleanup,
    clock: ctx.clock,
    log: (m) => ctx.log.info(m),
    signal: ctx.signal,
  });
}

export async function withParentSession<T>(
  ctx: ModeContext,
  fn: (session: ParentSession) => Promise<T>,
  aws?: AwsSession | Promise<AwsSession | undefined>,
): Promise<T> {
  const session = await ctx.openParent(ctx, aws);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** The real session: tctl and tbot installed, the parent identity, and the API over gRPC or tctl. */
export async function openParentSession(
  ctx: ModeContext,
  aws?: AwsSession | Promise<AwsSession | undefined>,
): Promise<ParentSession> {
  const tools = await installRunTools(ctx);
  // The AWS session opened meanwhile; its failure (no OIDC token, say) says more than any join after it.
  const session = await aws;
  const identityFile = await parentIdentity(ctx, tools.tbotPath, session);
  const parent = ctx.config.parent!;
  const api: ParentApi = await connectParent({
    mode: parent.api,
    proxy: parent.proxy,
    identityFile,
    tctlPath: tools.tctlPath,
    tempDir: ctx.tempDir,
    exec: ctx.exec,
    env: ctx.env,
    http: ctx.http,
    log: ctx.log,
    signal: ctx.signal,
    // One /webapi/find per run: the install asked the same proxy moments ago.
    ...(tools.find ? { found: tools.find } : {}),
  });
  ctx.log.info(`Talking to the parent cluster over ${api.transport}`);
  const explain = (error: unknown, operation: ParentOperation) =>
    adviceFor(error, { operation, transport: api.transport, tctlVersion: tools.target.version });
  return { api, tools, explain, close: () => api.close() };
}
