// The IAM join's client half: AWS credentials and region the way the Go SDK's default chain finds them in
// the environment, and a SigV4-signed sts:GetCallerIdentity request that is never sent to AWS.
// fact: B28 (signed request with `x-teleport-challenge` and `Accept` signed,
// body `Action=GetCallerIdentity&Version=2011-06-15`, regional endpoint, us-east-1 fallback, FIPS).
import aws4 from "aws4";
import type { SignedHttpRequest } from "../../proxy/wire.js";
import { badParameter } from "./trace.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The SDK's environment credentials (AWS_ACCESS_KEY_ID/AWS_ACCESS_KEY, AWS_SECRET_ACCESS_KEY/
 * AWS_SECRET_KEY, AWS_SESSION_TOKEN).
 * assumption: the stand-in reads only the environment; shared config files, web identity, container and
 * instance-metadata credentials are not supported (no network but loopback), and the error text is its own.
 */
export function awsCredentialsFromEnv(env: Readonly<Record<string, string | undefined>>): AwsCredentials {
  const accessKeyId = env["AWS_ACCESS_KEY_ID"] || env["AWS_ACCESS_KEY"];
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"] || env["AWS_SECRET_KEY"];
  if (!accessKeyId || !secretAccessKey) {
    throw badParameter(
      "failed to retrieve AWS credentials: no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment " +
        "(the simulator's tbot stand-in reads AWS credentials from the environment only)",
    );
  }
  const sessionToken = env["AWS_SESSION_TOKEN"];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** AWS_REGION, then AWS_DEFAULT_REGION; otherwise us-east-1 and a warning (fact: B28). */
export function resolveAwsRegion(env: Readonly<Record<string, string | undefined>>): {
  region: string;
  defaulted: boolean;
} {
  const region = env["AWS_REGION"] || env["AWS_DEFAULT_REGION"];
  if (region) return { region, defaulted: false };
  return { region: "us-east-1", defaulted: true };
}

/** The paraphrased warning of the facts (assumption: exact wording). */
export const REGION_FALLBACK_WARNING =
  "Failed to resolve local AWS region from the environment or IMDS. Using us-east-1 by default. Consider setting AWS_REGION.";

const FIPS_REGIONS = new Set(["us-east-1", "us-east-2", "us-west-1", "us-west-2"]);

/**
 * The STS endpoint the SDK would sign for. A configured endpoint (AWS_ENDPOINT_URL_STS, then
 * AWS_ENDPOINT_URL) wins, exactly as the SDK does; real Teleport then refuses the unknown host, and so
 * does the simulator. Otherwise the regional endpoint; FIPS mode uses sts-fips (us-east-1 where the
 * region has none).
 */
export function stsEndpoint(
  env: Readonly<Record<string, string | undefined>>,
  region: string,
  fips: boolean,
): { host: string; path: string; url: string } {
  const configured =
    env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] === "true"
      ? undefined
      : env["AWS_ENDPOINT_URL_STS"] || env["AWS_ENDPOINT_URL"];
  if (configured) {
    const url = new URL(configured);
    const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
    const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
    return { host, path, url: `${url.protocol}//${host}${path}` };
  }
  let host: string;
  if (fips) host = `sts-fips.${FIPS_REGIONS.has(region) ? region : "us-east-1"}.amazonaws.com`;
  else if (region.startsWith("cn-")) host = `sts.${region}.amazonaws.com.cn`;
  else host = `sts.${region}.amazonaws.com`;
  return { host, path: "/", url: `https://${host}/` };
}

export const GET_CALLER_IDENTITY_BODY = "Action=GetCallerIdentity&Version=2011-06-15";

/** Builds and signs (SigV4, service sts) the GetCallerIdentity request with the join challenge. */
export function signGetCallerIdentity(options: {
  credentials: AwsCredentials;
  region: string;
  endpoint: { host: string; path: string; url: string };
  challenge: string;
  now?: Date;
}): SignedHttpRequest {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
    "x-teleport-challenge": options.challenge,
  };
  if (options.now) headers["X-Amz-Date"] = options.now.toISOString().replace(/[:-]|\.\d{3}/g, "");
  const signed = aws4.sign(
    {
      host: options.endpoint.host,
      path: options.endpoint.path,
      method: "POST",
      service: "sts",
      region: options.region,
      body: GET_CALLER_IDENTITY_BODY,
      headers,
    },
    options.credentials,
  );
  const outHeaders: Record<string, string> = { Host: options.endpoint.host };
  for (const [name, value] of Object.entries(signed.headers ?? {})) outHeaders[name] = String(value);
  return { method: "POST", url: options.endpoint.url, headers: outHeaders, body: GET_CALLER_IDENTITY_BODY };
}
