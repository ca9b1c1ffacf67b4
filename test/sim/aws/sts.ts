// The simulator's AWS STS: AssumeRoleWithWebIdentity (the GitHub OIDC -> AWS role step a workflow does
// before an IAM join) and GetCallerIdentity (what the auth server "executes" during an IAM join,
// fact: B28). Query API: form-encoded POST to `/`, XML answers like
// AWS's, or JSON when the client sends `Accept: application/json` (Teleport's IAM join client does).
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeJwt } from "jose";
import { badParameter } from "../common/errors.js";
import { globMatch } from "../join/glob.js";
import type { OidcIssuer } from "../join/oidc.js";
import type { SignedHttpRequest } from "../proxy/wire.js";
import { AwsApiError, headerValue, verifySigV4 } from "./sigv4.js";

export interface SimAwsRole {
  /** `arn:aws:iam::<12-digit account>:role/[<path>/]<name>` */
  arn: string;
  /** The role's trust policy: the web identity's `sub` (StringLike glob) and `aud` (exact). */
  trust: { sub: string; aud: string };
  /** IAM's MaxSessionDuration; AWS's default for a role is one hour. */
  maxSessionDurationSeconds?: number;
}

export interface IssuedAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  account: string;
  /** `arn:aws:sts::<acct>:assumed-role/<role>/<session>`, what GetCallerIdentity returns (fact: B31). */
  assumedRoleArn: string;
  /** `<role id>:<session>`, GetCallerIdentity's UserId. */
  assumedRoleId: string;
  roleArn: string;
  sessionName: string;
  /** The web identity's `sub`. */
  subject: string;
}

export interface AssumeRoleWithWebIdentityInput {
  roleArn?: string;
  roleSessionName?: string;
  webIdentityToken?: string;
  /** As sent on the wire (a string) or already a number. */
  durationSeconds?: string | number;
}

/** One HTTP answer as AWS would give it. */
export interface StsHttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface SimSts {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  lookup(accessKeyId: string): IssuedAwsCredentials | undefined;
  issued: IssuedAwsCredentials[];
  addRole(role: SimAwsRole): void;
  roles: SimAwsRole[];
  /** The AssumeRoleWithWebIdentity action without HTTP. Throws AwsApiError. */
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<IssuedAwsCredentials>;
  /**
   * "AWS" receiving a signed request (only sts:GetCallerIdentity is supported) and answering it, the
   * way the auth server's HTTP client would see it. Never throws for AWS-side failures.
   */
  executeSignedRequest(req: SignedHttpRequest, now?: Date): StsHttpResponse;
  /** Faults of the HTTP endpoint: the next N AssumeRoleWithWebIdentity requests are throttled. */
  faults: { throttleNext: number };
  /** Every AssumeRoleWithWebIdentity request over HTTP, with its answer's code. */
  /** `atMs`: wall-clock ms the request arrived. */
  requests: { action: string; code: string; atMs?: number }[];
}

export const STS_API_VERSION = "2011-06-15";
const XMLNS = `https://sts.amazonaws.com/doc/${STS_API_VERSION}/`;
const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_MAX_SESSION_SECONDS = 3600;
const MAX_BODY_BYTES = 64 * 1024;

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
};

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export interface ParsedRoleArn {
  partition: string;
  account: string;
  name: string;
}

export function parseRoleArn(arn: string): ParsedRoleArn | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, account: m[2]!, name: m[4]! };
}

/**
 * The region an STS endpoint serves: the global endpoint is us-east-1, regional endpoints carry theirs.
 * Undefined for anything that is not an AWS STS host name.
 */
export function stsEndpointRegion(host: string): string | undefined {
  if (host === "sts.amazonaws.com") return "us-east-1";
  const m =
    /^sts(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com|amazonaws\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov)$/.exec(
      host,
    );
  return m?.[1];
}

// AWS access key ids and role ids use upper-case letters and digits 2-7.
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function awsId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ID_ALPHABET[b % 32];
  return out;
}

function xmlEscape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function awsTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function wantsJson(accept: string | undefined): boolean {
  return /application\/json/i.test(accept ?? "");
}

function errorResponse(err: AwsApiError, json: boolean): StsHttpResponse {
  const requestId = randomUUID();
  const type = err.httpStatus >= 500 ? "Receiver" : "Sender";
  const body = json
    ? JSON.stringify({ Error: { Code: err.awsCode, Message: err.message, Type: type }, RequestId: requestId })
    : `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(err.awsCode)}</Code>\n    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return {
    status: err.httpStatus,
    statusText: STATUS_TEXT[err.httpStatus] ?? "Error",
    headers: { "content-type": json ? "application/json" : "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}

function okResponse(action: string, result: Record<string, unknown>, json: boolean): StsHttpResponse {
  const requestId = randomUUID();
  const body = json
    ? JSON.stringify({
        [`${action}Response`]: { [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } },
      })
    : `<${action}Response xmlns="${XMLNS}">\n  <${action}Result>\n${toXml(result, 4)}  </${action}Result>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`;
  return {
    status: 200,
    statusText: "OK",
    headers: { "content-type": json ? "application/json" : "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}

function toXml(value: Record<string, unknown>, indent: number): string {
  const pad = " ".repeat(indent);
  let out = "";
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v && typeof v === "object") {
      out += `${pad}<${key}>\n${toXml(v as Record<string, unknown>, indent + 2)}${pad}</${key}>\n`;
    } else {
      out += `${pad}<${key}>${xmlEscape(String(v))}</${key}>\n`;
    }
  }
  return out;
}

/** AWS's "N validation error(s) detected: ..." aggregate. */
function validationError(problems: string[]): AwsApiError {
  const n = problems.length;
  return new AwsApiError(
    "ValidationError",
    400,
    `${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`,
    "BadParameter",
  );
}

const notAuthorized = () =>
  new AwsApiError("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity");

// assumption: AWS's text for a token whose signature or claims it cannot validate.
const invalidToken = (message: string) =>
  new AwsApiError("InvalidIdentityToken", 400, message, "AccessDenied");

export function createSts(opts: { issuer: OidcIssuer; roles: SimAwsRole[]; now?: () => Date }): SimSts {
  const now = opts.now ?? (() => new Date());
  const roles = new Map<string, SimAwsRole>();
  const roleIds = new Map<string, string>();
  const byKey = new Map<string, IssuedAwsCredentials>();
  const issued: IssuedAwsCredentials[] = [];

  const addRole = (role: SimAwsRole) => {
    if (!parseRoleArn(role.arn)) throw badParameter(`invalid IAM role ARN ${JSON.stringify(role.arn)}`);
    roles.set(role.arn, role);
    if (!roleIds.has(role.arn)) roleIds.set(role.arn, awsId("AROA", 17));
  };
  for (const role of opts.roles) addRole(role);

  async function assumeRoleWithWebIdentity(
    input: AssumeRoleWithWebIdentityInput,
  ): Promise<IssuedAwsCredentials> {
    const { roleArn, roleSessionName, webIdentityToken } = input;
    const problems: string[] = [];
    const at = (value: unknown, field: string, constraint: string) =>
      problems.push(
        `Value ${value === undefined ? "null" : `'${value}'`} at '${field}' failed to satisfy constraint: Member must ${constraint}`,
      );

    if (roleArn === undefined) at(undefined, "roleArn", "not be null");
    else if (roleArn.length < 20) at(roleArn, "roleArn", "have length greater than or equal to 20");
    else if (roleArn.length > 2048) at(roleArn, "roleArn", "have length less than or equal to 2048");
    if (roleSessionName === undefined) at(undefined, "roleSessionName", "not be null");
    else if (roleSessionName.length < 2)
      at(roleSessionName, "roleSessionName", "have length greater than or equal to 2");
    else if (roleSessionName.length > 64)
      at(roleSessionName, "roleSessionName", "have length less than or equal to 64");
    else if (!/^[\w+=,.@-]*$/.test(roleSessionName)) {
      at(roleSessionName, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*");
    }
    if (webIdentityToken === undefined) at(undefined, "webIdentityToken", "not be null");
    else if (webIdentityToken.length < 4)
      at("***", "webIdentityToken", "have length greater than or equal to 4");
    else if (webIdentityToken.length > 20000)
      at("***", "webIdentityToken", "have length less than or equal to 20000");
    let duration = DEFAULT_DURATION_SECONDS;
    if (input.durationSeconds !== undefined) {
      const text = String(input.durationSeconds);
      if (!/^-?\d+$/.test(text)) {
        // assumption: AWS's text for a non-integer DurationSeconds.
        at(text, "durationSeconds", "be an integer");
      } else {
        duration = Number(text);
        if (duration < 900) at(text, "durationSeconds", "have value greater than or equal to 900");
        else if (duration > 43200) at(text, "durationSeconds", "have value less than or equal to 43200");
      }
    }
    if (problems.length) throw validationError(problems);

    const parsedArn = parseRoleArn(roleArn!);
    if (!parsedArn) throw new AwsApiError("ValidationError", 400, "Request ARN is invalid", "BadParameter");

    // The OIDC provider: its URL is the issuer, its client-ID list the audiences the roles trust.
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(webIdentityToken!);
    } catch {
      throw invalidToken(
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)",
      );
    }
    const iss = typeof claims.iss === "string" ? claims.iss : "";
    if (iss !== opts.issuer.issuer) {
      throw invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);
    }
    const tokenAudiences = Array.isArray(claims.aud)
      ? claims.aud.map(String)
      : claims.aud === undefined
        ? []
        : [String(claims.aud)];
    const clientIds = new Set([...roles.values()].map((r) => r.trust.aud));
    const audience = tokenAudiences.find((a) => clientIds.has(a));
    if (audience === undefined) throw invalidToken("Incorrect token audience");
    const nowDate = now();
    try {
      claims = await opts.issuer.verify(webIdentityToken!, { audience });
    } catch {
      const exp = typeof claims.exp === "number" ? claims.exp : undefined;
      const nowSeconds = Math.floor(nowDate.getTime() / 1000);
      if (exp !== undefined && nowSeconds >= exp) {
        throw new AwsApiError(
          "ExpiredTokenException",
          400,
          `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${exp}`,
        );
      }
      throw invalidToken(
        "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.",
      );
    }

    const role = roles.get(roleArn!);
    const subject = typeof claims.sub === "string" ? claims.sub : "";
    // IAM's StringLike has the same `*`/`?` semantics as the join glob.
    if (!role || role.trust.aud !== audience || !globMatch(role.trust.sub, subject)) throw notAuthorized();
    if (duration > (role.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS)) {
      throw new AwsApiError(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        "BadParameter",
      );
    }

    const expiration = new Date(Math.floor(nowDate.getTime() / 1000) * 1000 + duration * 1000);
    const roleId = roleIds.get(role.arn)!;
    const creds: IssuedAwsCredentials = {
      accessKeyId: awsId("ASIA", 16),
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(360).toString("base64")}`,
      expiration,
      account: parsedArn.account,
      assumedRoleArn: `arn:${parsedArn.partition}:sts::${parsedArn.account}:assumed-role/${parsedArn.name}/${roleSessionName}`,
      assumedRoleId: `${roleId}:${roleSessionName}`,
      roleArn: role.arn,
      sessionName: roleSessionName!,
      subject,
    };
    issued.push(creds);
    byKey.set(creds.accessKeyId, creds);
    return creds;
  }

  function lookupSecret(accessKeyId: string) {
    const creds = byKey.get(accessKeyId);
    return (
      creds && {
        secretAccessKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
        expiration: creds.expiration,
      }
    );
  }

  function executeSignedRequest(req: SignedHttpRequest, at: Date = now()): StsHttpResponse {
    const json = wantsJson(headerValue(req.headers, "accept"));
    try {
      const identity = getCallerIdentity(req, at);
      return okResponse(
        "GetCallerIdentity",
        { Arn: identity.assumedRoleArn, UserId: identity.assumedRoleId, Account: identity.account },
        json,
      );
    } catch (err) {
      if (err instanceof AwsApiError) return errorResponse(err, json);
      throw err;
    }
  }

  function getCallerIdentity(req: SignedHttpRequest, at: Date): IssuedAwsCredentials {
    const params = new URLSearchParams(req.body);
    const action = params.get("Action");
    if (action !== "GetCallerIdentity" || params.get("Version") !== STS_API_VERSION) {
      throw new AwsApiError(
        "InvalidAction",
        400,
        `Could not find operation ${action ?? ""} for version ${params.get("Version") ?? ""}`,
        "BadParameter",
      );
    }
    const verified = verifySigV4(req, lookupSecret, at);
    const host = new URL(req.url).host;
    const region = stsEndpointRegion(host);
    // A real endpoint only accepts signatures scoped to its own region. The simulator's own loopback
    // address has no region, so there any region a client picked is accepted.
    if (region !== undefined && verified.region !== region) {
      // assumption: AWS's text for a signature scoped to another region.
      throw new AwsApiError(
        "SignatureDoesNotMatch",
        403,
        `Credential should be scoped to a valid region, not '${verified.region}'.`,
      );
    }
    return byKey.get(verified.accessKeyId)!;
  }

  const faults = { throttleNext: 0 };
  const requests: SimSts["requests"] = [];
  const sts: SimSts = {
    issued,
    faults,
    requests,
    get roles() {
      return [...roles.values()];
    },
    lookup: (accessKeyId) => byKey.get(accessKeyId),
    addRole,
    assumeRoleWithWebIdentity,
    executeSignedRequest,

    handle(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (path !== "/" || req.method !== "POST") return false;
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) tooLarge = true;
        else chunks.push(chunk);
      });
      req.on("end", () => {
        const json = wantsJson(req.headers.accept);
        const send = (r: StsHttpResponse) => {
          res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
          res.end(r.body);
        };
        if (tooLarge) {
          send(errorResponse(new AwsApiError("RequestEntityTooLarge", 413, "Request body too large"), json));
          return;
        }
        const body = Buffer.concat(chunks).toString("utf8");
        const params = new URLSearchParams(body);
        const action = params.get("Action");
        if (action === "AssumeRoleWithWebIdentity" && faults.throttleNext > 0) {
          faults.throttleNext--;
          requests.push({ action, code: "Throttling", atMs: Date.now() });
          // assumption: STS throttling as AWS documents it for the Query API: 400, code Throttling.
          send(errorResponse(new AwsApiError("Throttling", 400, "Rate exceeded"), json));
          return;
        }
        if (action === "AssumeRoleWithWebIdentity" && params.get("Version") === STS_API_VERSION) {
          requests.push({ action, code: "pending", atMs: Date.now() });
          const logged = requests[requests.length - 1]!;
          const input: AssumeRoleWithWebIdentityInput = {};
          const set = (key: keyof AssumeRoleWithWebIdentityInput, name: string) => {
            const v = params.get(name);
            if (v !== null) input[key] = v;
          };
          set("roleArn", "RoleArn");
          set("roleSessionName", "RoleSessionName");
          set("webIdentityToken", "WebIdentityToken");
          set("durationSeconds", "DurationSeconds");
          assumeRoleWithWebIdentity(input).then(
            (creds) => {
              logged.code = "OK";
              send(
                okResponse(
                  "AssumeRoleWithWebIdentity",
                  {
                    Credentials: {
                      AccessKeyId: creds.accessKeyId,
                      SecretAccessKey: creds.secretAccessKey,
                      SessionToken: creds.sessionToken,
                      Expiration: awsTime(creds.expiration),
                    },
                    SubjectFromWebIdentityToken: creds.subject,
                    AssumedRoleUser: { Arn: creds.assumedRoleArn, AssumedRoleId: creds.assumedRoleId },
                    Provider: opts.issuer.issuer,
                    Audience: roles.get(creds.roleArn)?.trust.aud,
                  },
                  json,
                ),
              );
            },
            (err: unknown) => {
              logged.code = err instanceof AwsApiError ? err.awsCode : "InternalFailure";
              if (err instanceof AwsApiError) send(errorResponse(err, json));
              else send(errorResponse(new AwsApiError("InternalFailure", 500, String(err)), json));
            },
          );
          return;
        }
        if (action === "GetCallerIdentity") {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) {
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
          }
          const host = req.headers.host ?? "";
          send(
            executeSignedRequest({
              method: req.method ?? "POST",
              url: `https://${host}${req.url ?? "/"}`,
              headers,
              body,
            }),
          );
          return;
        }
        if (action === null) {
          send(errorResponse(new AwsApiError("MissingAction", 400, "Missing Action", "BadParameter"), json));
          return;
        }
        send(
          errorResponse(
            new AwsApiError(
              "InvalidAction",
              400,
              `Could not find operation ${action} for version ${params.get("Version") ?? ""}`,
              "BadParameter",
            ),
            json,
          ),
        );
      });
      return true;
    },
  };
  return sts;
}
