// The simulator's AWS Signature Version 4 verifier, written from the public SigV4 description
// (canonical request -> string to sign -> HMAC chain signing key). It plays the part of AWS when the
// simulated auth server "executes" a client's signed sts:GetCallerIdentity request
// (fact: B28), so it is strict: anything AWS would refuse is refused.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SimError, type TraceKind } from "../common/errors.js";
import type { SignedHttpRequest } from "../proxy/wire.js";

/**
 * An error as AWS would answer it: a SimError (AccessDenied unless told otherwise) for the simulator's
 * callers, plus the AWS error code and HTTP status the simulated STS puts on the wire.
 */
export class AwsApiError extends SimError {
  readonly awsCode: string;
  readonly httpStatus: number;
  constructor(awsCode: string, httpStatus: number, message: string, kind: TraceKind = "AccessDenied") {
    super(kind, message);
    this.name = "AwsApiError";
    this.awsCode = awsCode;
    this.httpStatus = httpStatus;
  }
}

export interface SigV4Secret {
  secretAccessKey: string;
  sessionToken?: string;
  /** Temporary credentials stop working at this instant. */
  expiration?: Date;
}

export interface VerifiedSigV4 {
  accessKeyId: string;
  signedHeaders: string[];
  region: string;
  service: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_SKEW_MS = 15 * 60_000;

// assumption: AWS's texts for these failures, as commonly seen from STS; the facts do not give them.
const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Header lookup by lower-case name. Two keys that differ only by case are two header lines on the wire;
 * their values are joined with "," like an HTTP server would.
 */
export function headerValues(headers: Record<string, string>, name: string): string[] {
  const lower = name.toLowerCase();
  return Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === lower)
    .map(([, value]) => String(value));
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length ? values.join(",") : undefined;
}

/** Canonical URI for services other than S3: dot segments and empty segments removed, each segment of
 * the wire path (already percent-encoded once) encoded again. */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return `/${segments.join("/")}${trailing}`;
}

function canonicalQuery(search: string): string {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (!raw) return "";
  const pairs = raw
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? "" : p.slice(eq + 1);
      return [
        uriEncode(safeDecode(key.replace(/\+/g, " "))),
        uriEncode(safeDecode(value.replace(/\+/g, " "))),
      ];
    })
    .sort(([ak, av], [bk, bv]) => (ak! < bk! ? -1 : ak! > bk! ? 1 : av! < bv! ? -1 : av! > bv! ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(" ");
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    // assumption: AWS's reply to an unknown signing algorithm.
    throw new AwsApiError("IncompleteSignature", 400, `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(",")) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf("=");
    if (eq > 0) fields.set(trimmed.slice(0, eq), trimmed.slice(eq + 1));
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature) {
    // assumption: AWS's text for an Authorization header missing one of its three parts.
    throw new AwsApiError(
      "IncompleteSignature",
      400,
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header}`,
    );
  }
  const scope = credential.split("/");
  if (scope.length !== 5 || scope.some((s) => s === "")) {
    throw new AwsApiError(
      "IncompleteSignature",
      400,
      `Credential should have exactly 5 slash-separated components: ${credential}`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string];
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.split(";"),
    signature,
  };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function compactDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/** The host a request reaches: the Host header when present, else the URL's authority (as Go sends it). */
export function requestHost(req: SignedHttpRequest): string {
  return headerValue(req.headers, "host") ?? new URL(req.url).host;
}

export function canonicalRequest(req: SignedHttpRequest, signedHeaders: string[]): string {
  const url = new URL(req.url);
  const rawPath = req.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").replace(/[?#].*$/, "") || "/";
  const lines = signedHeaders.map((name) => {
    const values = name === "host" ? [requestHost(req)] : headerValues(req.headers, name);
    const value = values.map((v) => v.trim().replace(/\s+/g, " ")).join(",");
    return `${name}:${value}\n`;
  });
  return [
    req.method,
    canonicalUri(rawPath),
    canonicalQuery(url.search),
    lines.join(""),
    signedHeaders.join(";"),
    sha256Hex(Buffer.from(req.body, "utf8")),
  ].join("\n");
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

/**
 * Verify a header-signed SigV4 request the way AWS STS would. Throws AwsApiError (an AccessDenied
 * SimError) carrying AWS's error code and status.
 */
export function verifySigV4(
  req: SignedHttpRequest,
  lookupSecret: (accessKeyId: string) => SigV4Secret | undefined,
  now: Date,
): VerifiedSigV4 {
  const authorization = headerValue(req.headers, "authorization");
  if (authorization === undefined) {
    // assumption: STS's answer to an unsigned request to a signed action.
    throw new AwsApiError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
  }
  const auth = parseAuthorization(authorization);

  const amzDateText = headerValue(req.headers, "x-amz-date");
  if (amzDateText === undefined) {
    throw new AwsApiError(
      "IncompleteSignature",
      400,
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const amzDate = parseAmzDate(amzDateText);
  if (!amzDate) {
    // assumption: text for an X-Amz-Date that is not ISO 8601 basic format.
    throw new AwsApiError(
      "IncompleteSignature",
      400,
      `Date must be in ISO-8601 'basic format'. Got '${amzDateText}'.`,
    );
  }

  // assumption: AWS requires the signed header list to be lower-case, sorted, unique, and to cover
  // `host` and `x-amz-date` (the signature must bind the destination and the time).
  const sh = auth.signedHeaders;
  const sortedUnique = sh.every((h, i) => h === h.toLowerCase() && h !== "" && (i === 0 || sh[i - 1]! < h));
  if (!sortedUnique) {
    throw new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
  }
  for (const required of ["host", "x-amz-date"]) {
    if (!sh.includes(required)) {
      throw new AwsApiError(
        "SignatureDoesNotMatch",
        403,
        `Signed request requires setting up SignedHeaders with at least '${required}'.`,
      );
    }
  }
  for (const name of sh) {
    if (name !== "host" && headerValues(req.headers, name).length === 0) {
      throw new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
    }
  }

  const skew = amzDate.getTime() - now.getTime();
  if (skew < -MAX_SKEW_MS) {
    throw new AwsApiError(
      "SignatureDoesNotMatch",
      403,
      `Signature expired: ${amzDateText} is now earlier than ${compactDate(new Date(now.getTime() - MAX_SKEW_MS))} (${compactDate(now)} - 15 min.)`,
    );
  }
  if (skew > MAX_SKEW_MS) {
    throw new AwsApiError(
      "SignatureDoesNotMatch",
      403,
      `Signature not yet current: ${amzDateText} is still later than ${compactDate(new Date(now.getTime() + MAX_SKEW_MS))} (${compactDate(now)} + 15 min.)`,
    );
  }
  if (auth.date !== amzDateText.slice(0, 8)) {
    throw new AwsApiError(
      "SignatureDoesNotMatch",
      403,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDateText.slice(0, 8)}', from '${amzDateText}'.`,
    );
  }
  if (auth.terminator !== "aws4_request") {
    throw new AwsApiError(
      "SignatureDoesNotMatch",
      403,
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`,
    );
  }
  if (auth.service !== "sts") {
    throw new AwsApiError(
      "SignatureDoesNotMatch",
      403,
      "Credential should be scoped to correct service: 'sts'.",
    );
  }

  const secret = lookupSecret(auth.accessKeyId);
  if (!secret) {
    throw new AwsApiError("InvalidClientTokenId", 403, INVALID_TOKEN);
  }
  const token = headerValue(req.headers, "x-amz-security-token");
  if (secret.sessionToken !== undefined) {
    // assumption: temporary credentials are refused unless their session token is sent and signed
    // (aws4 and the Go SDK both sign it).
    if (token !== secret.sessionToken || !sh.includes("x-amz-security-token")) {
      throw new AwsApiError("InvalidClientTokenId", 403, INVALID_TOKEN);
    }
  } else if (token !== undefined) {
    throw new AwsApiError("InvalidClientTokenId", 403, INVALID_TOKEN);
  }
  if (secret.expiration && now.getTime() >= secret.expiration.getTime()) {
    throw new AwsApiError("ExpiredToken", 403, "The security token included in the request is expired");
  }

  const contentSha = headerValue(req.headers, "x-amz-content-sha256");
  if (contentSha !== undefined && contentSha !== sha256Hex(Buffer.from(req.body, "utf8"))) {
    // assumption: a declared payload hash that is not the body's hash is a signature failure.
    throw new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
  }

  const stringToSign = [
    ALGORITHM,
    amzDateText,
    `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`,
    sha256Hex(canonicalRequest(req, sh)),
  ].join("\n");
  const expected = createHmac(
    "sha256",
    signingKey(secret.secretAccessKey, auth.date, auth.region, auth.service),
  )
    .update(stringToSign, "utf8")
    .digest();
  const given = /^[0-9a-f]{64}$/.test(auth.signature) ? Buffer.from(auth.signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
  }
  return {
    accessKeyId: auth.accessKeyId,
    signedHeaders: [...sh],
    region: auth.region,
    service: auth.service,
  };
}
