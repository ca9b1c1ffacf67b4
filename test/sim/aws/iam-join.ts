// The IAM join verifier, server side. fact: B28 (checks on the signed
// sts:GetCallerIdentity request, then the auth server executes it at AWS), B30 (error texts), B31 (allow
// rules: first match wins, aws_account exact, aws_arn glob against the assumed-role ARN).
import { accessDenied, badParameter, SimError } from "../common/errors.js";
import { globMatch } from "../join/glob.js";
import type { SignedHttpRequest } from "../proxy/wire.js";
import { headerValue, headerValues } from "./sigv4.js";
import type { SimSts } from "./sts.js";

export interface IamAllowRule {
  aws_account?: string;
  aws_arn?: string;
}

export interface AwsCallerIdentity {
  account: string;
  arn: string;
}

export const EXPECTED_STS_IDENTITY_REQUEST_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
export const CHALLENGE_HEADER = "x-teleport-challenge";

const REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

/**
 * The auth server's static list of AWS STS endpoints: the global one, every regional one, the FIPS ones
 * in the US, China and the isolated partitions (fact: B28 "all regional endpoints plus global
 * sts.amazonaws.com"). A host with a port, an IP address or any other name is not on it.
 * assumption: the region set is the one Teleport shipped at the time of writing; FIPS mode is not modelled.
 */
export const VALID_STS_ENDPOINTS: readonly string[] = [
  "sts.amazonaws.com",
  ...REGIONS.map((r) => `sts.${r}.amazonaws.com`),
  ...["us-east-1", "us-east-2", "us-west-1", "us-west-2"].map((r) => `sts-fips.${r}.amazonaws.com`),
  "sts.cn-north-1.amazonaws.com.cn",
  "sts.cn-northwest-1.amazonaws.com.cn",
  "sts.us-iso-east-1.c2s.ic.gov",
  "sts.us-iso-west-1.c2s.ic.gov",
  "sts.us-isob-east-1.sc2s.sgov.gov",
].sort();

/** Go's %q for the ASCII texts that show up here (JSON escaping, with \xNN for control bytes). */
function goQuote(value: string): string {
  return JSON.stringify(value).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
}

/** fact: B31: rules are ORed, fields within a rule ANDed, empty fields unchecked. */
export function matchIamAllowRules(rules: IamAllowRule[], identity: AwsCallerIdentity): boolean {
  return rules.some((rule) => {
    if (rule.aws_account && rule.aws_account !== identity.account) return false;
    if (rule.aws_arn && !globMatch(rule.aws_arn, identity.arn)) return false;
    return true;
  });
}

function unknownStsHost(host: string): SimError {
  // fact: B30 gives the start of this text; assumption: the rest is the simulator's short version of
  // Teleport's explanation followed by the list of known endpoints.
  return accessDenied(
    `IAM join request uses unknown STS host ${goQuote(host)}. This could mean that the joining client is running in an AWS region unknown to this auth server, or that an attacker is attempting to join the cluster. Valid STS endpoints known to this auth server: [${VALID_STS_ENDPOINTS.join(" ")}]`,
  );
}

/** The request checks Teleport makes before sending anything to AWS, in its order. */
function validateStsIdentityRequest(req: SignedHttpRequest, challenge: string): void {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw badParameter(`parsing STS request: invalid URL ${goQuote(req.url)}`);
  }
  // The request line must be `POST / HTTP/1.1`; Teleport always sends it with https.
  const requestUri = `${url.pathname}${url.search}`;
  if (requestUri !== "/" || req.url.includes("#")) {
    // assumption: text of the auth server's check on the request URI.
    throw accessDenied(`unexpected sts identity request URI: ${goQuote(requestUri)}`);
  }
  if (url.protocol !== "https:") {
    // assumption: a request that would not go over https is refused like an unknown host.
    throw unknownStsHost(`${url.protocol}//${url.host}`);
  }
  const hostHeaders = headerValues(req.headers, "host");
  if (hostHeaders.length > 1) throw badParameter("sts identity request has more than one Host header");
  const host = hostHeaders[0] ?? url.host;
  if (!VALID_STS_ENDPOINTS.includes(host)) throw unknownStsHost(host);
  if (host !== url.host) {
    // assumption: the wire carries the URL and the Host header separately; a request whose URL points
    // somewhere other than its signed Host is refused rather than sent there.
    throw unknownStsHost(url.host);
  }

  if (req.method !== "POST") {
    throw accessDenied(
      `sts identity request method ${goQuote(req.method)} does not match expected method "POST"`,
    );
  }

  if (headerValue(req.headers, CHALLENGE_HEADER) !== challenge) {
    throw accessDenied("sts identity request does not include challenge header or it does not match");
  }

  const authorization = headerValue(req.headers, "authorization") ?? "";
  const signedHeaders = /(?:^|[ ,])SignedHeaders=([^, ]*)/.exec(authorization)?.[1];
  if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || signedHeaders === undefined) {
    // assumption: text for an Authorization header that is not a SigV4 header.
    throw badParameter(`invalid AWS SigV4 Authorization header ${goQuote(authorization)}`);
  }
  if (!signedHeaders.split(";").includes(CHALLENGE_HEADER)) {
    // assumption: Teleport words this case separately from the missing/mismatched value above.
    throw accessDenied(
      `sts identity request auth header ${goQuote(authorization)} does not include ${CHALLENGE_HEADER} as a signed header`,
    );
  }

  if (req.body !== EXPECTED_STS_IDENTITY_REQUEST_BODY) {
    throw badParameter(
      `sts request body ${goQuote(req.body)} does not equal expected ${goQuote(EXPECTED_STS_IDENTITY_REQUEST_BODY)}`,
    );
  }
}

/** The auth server sends the request to "AWS" and reads `Account` and `Arn` from the JSON answer. */
function executeStsIdentityRequest(sts: SimSts, req: SignedHttpRequest, now: Date): AwsCallerIdentity {
  const resp = sts.executeSignedRequest(req, now);
  if (resp.status !== 200) {
    throw accessDenied(
      `aws sts api returned status: ${goQuote(`${resp.status} ${resp.statusText}`)} body: ${goQuote(resp.body)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(resp.body);
  } catch {
    // assumption: the auth server reports a non-JSON answer (AWS replies in XML when the client did not
    // sign `Accept: application/json`) with Go's JSON decoder text, as an error of unknown kind.
    const first = resp.body.trimStart()[0] ?? "";
    throw new SimError("Unknown", `invalid character '${first}' looking for beginning of value`);
  }
  const result = (
    parsed as {
      GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Account?: unknown; Arn?: unknown } };
    }
  )?.GetCallerIdentityResponse?.GetCallerIdentityResult;
  const account = typeof result?.Account === "string" ? result.Account : "";
  const arn = typeof result?.Arn === "string" ? result.Arn : "";
  if (!account) throw badParameter("received empty AWS account ID from sts API");
  if (!arn) throw badParameter("received empty AWS identity ARN from sts API");
  return { account, arn };
}

export function verifyIamJoin(input: {
  challenge: string;
  signedRequest: SignedHttpRequest;
  sts: SimSts;
  rules: IamAllowRule[];
  now: Date;
  tokenName: string;
}): AwsCallerIdentity {
  validateStsIdentityRequest(input.signedRequest, input.challenge);
  const identity = executeStsIdentityRequest(input.sts, input.signedRequest, input.now);
  if (!matchIamAllowRules(input.rules, identity)) {
    // fact: B30 (newest wording, without the token name).
    throw accessDenied(`instance ${identity.arn} did not match any allow rules`);
  }
  return identity;
}
