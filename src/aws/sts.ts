// StsPort through the AWS SDK's STS client (the one configure-aws-credentials uses), loaded only by the modes
// that join. One attempt per call (retries are the caller's, with its classifier), a per-attempt timeout,
// the regional endpoint for the region, and AWS_ENDPOINT_URL_STS when the environment sets one (a proxy
// endpoint, or a test's STS). The environment is passed in, never read from process.env here.
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCaller, AwsCredentials, StsPort } from "./credentials.js";

export interface SdkStsOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  /** Per attempt. Default 15 s. */
  requestTimeoutMs?: number;
}

export function sdkSts(options: SdkStsOptions): StsPort {
  const config = (credentials?: AwsCredentials): STSClientConfig => ({
    region: options.region,
    maxAttempts: 1,
    ...(options.env.AWS_ENDPOINT_URL_STS ? { endpoint: options.env.AWS_ENDPOINT_URL_STS } : {}),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5000,
      requestTimeout: options.requestTimeoutMs ?? 15_000,
    }),
    ...(credentials ? { credentials } : {}),
  });
  return {
    async assumeRoleWithWebIdentity(input, signal) {
      const client = new STSClient(config());
      try {
        const out = await client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: input.roleArn,
            RoleSessionName: input.sessionName,
            DurationSeconds: input.durationSeconds,
            WebIdentityToken: input.webIdentityToken,
          }),
          signal ? { abortSignal: signal } : {},
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("STS answered without credentials");
        const credentials: AwsCredentials = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
        };
        const arn = out.AssumedRoleUser?.Arn;
        const caller: AwsCaller | undefined = arn ? { account: arn.split(":")[4] ?? "", arn } : undefined;
        return { credentials, ...(caller ? { caller } : {}) };
      } finally {
        client.destroy();
      }
    },
    async getCallerIdentity(credentials, signal) {
      const client = new STSClient(config(credentials));
      try {
        const out = await client.send(
          new GetCallerIdentityCommand({}),
          signal ? { abortSignal: signal } : {},
        );
        if (!out.Account || !out.Arn)
          throw new Error("STS GetCallerIdentity answered without Account or Arn");
        return { account: out.Account, arn: out.Arn };
      } finally {
        client.destroy();
      }
    },
  };
}
