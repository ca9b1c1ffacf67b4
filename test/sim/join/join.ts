// The join endpoints of wire.ts on a cluster's web port: GitHub join (parent bot token) and IAM join
// (children's tokens). A join returns an identity signed by the cluster's CAs for the bot's public key.
// fact: B28-B30 and B31; the verifiers live in github-join.ts and
// aws/iam-join.ts.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type IamAllowRule, verifyIamJoin } from "../aws/iam-join.js";
import type { SimSts } from "../aws/sts.js";
import type { SimCluster } from "../cluster/cluster.js";
import { issueIdentity } from "../cluster/identity.js";
import type { SimClock } from "../common/clock.js";
import { accessDenied, badParameter, GrpcCode, SimError } from "../common/errors.js";
import type { RouteHandler } from "../proxy/webapi.js";
import {
  JOIN_CHALLENGE_PATH,
  JOIN_PATH,
  type JoinChallengeRequest,
  type JoinChallengeResponse,
  type JoinRequest,
  type JoinResponse,
  type WebErrorBody,
} from "../proxy/wire.js";
import { type GithubAllowRule, verifyGithubJoin } from "./github-join.js";
import type { OidcIssuer } from "./oidc.js";

const CODE_NAMES: Record<number, string> = {
  [GrpcCode.UNKNOWN]: "Unknown",
  [GrpcCode.INVALID_ARGUMENT]: "InvalidArgument",
  [GrpcCode.NOT_FOUND]: "NotFound",
  [GrpcCode.ALREADY_EXISTS]: "AlreadyExists",
  [GrpcCode.PERMISSION_DENIED]: "PermissionDenied",
  [GrpcCode.RESOURCE_EXHAUSTED]: "ResourceExhausted",
  [GrpcCode.FAILED_PRECONDITION]: "FailedPrecondition",
  [GrpcCode.UNIMPLEMENTED]: "Unimplemented",
  [GrpcCode.UNAVAILABLE]: "Unavailable",
};

const HTTP_STATUS: Record<number, number> = {
  [GrpcCode.INVALID_ARGUMENT]: 400,
  [GrpcCode.PERMISSION_DENIED]: 403,
  [GrpcCode.NOT_FOUND]: 404,
  [GrpcCode.ALREADY_EXISTS]: 409,
  [GrpcCode.FAILED_PRECONDITION]: 412,
  [GrpcCode.RESOURCE_EXHAUSTED]: 429,
  [GrpcCode.UNIMPLEMENTED]: 501,
  [GrpcCode.UNAVAILABLE]: 503,
};

/** The body and HTTP status of an error on the join endpoints (wire.ts WebErrorBody). */
export function webError(err: unknown): { status: number; body: WebErrorBody } {
  const code = err instanceof SimError ? err.code : GrpcCode.UNKNOWN;
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: HTTP_STATUS[code] ?? 500,
    body: { error: { code: CODE_NAMES[code] ?? "Unknown", message } },
  };
}

/**
 * trace's user message for an error wrapped with messages (outermost first, one more tab per level).
 * fact: B3.
 */
export function wrapMessages(inner: string, ...outerToInner: string[]): string {
  const lines = outerToInner.map((m, i) => `${"\t".repeat(i)}${m}`);
  return [...lines, `${"\t".repeat(outerToInner.length)}${inner}`].join("\n");
}

// assumption: how long an IAM challenge stays valid (it lives in one gRPC stream in Teleport).
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_CHALLENGES = 1000;
const MAX_BODY = 256 * 1024;

export interface JoinServiceOptions {
  cluster: SimCluster;
  clock: SimClock;
  issuer: OidcIssuer;
  sts: SimSts;
}

interface TokenSpec {
  join_method?: string;
  bot_name?: string;
  allow?: IamAllowRule[];
  github?: { allow?: GithubAllowRule[] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(badParameter("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export class JoinService {
  private readonly challenges = new Map<string, { token: string; expiresMs: number }>();

  constructor(private readonly options: JoinServiceOptions) {}

  /** The route handler for the proxy's web API. */
  readonly handle: RouteHandler = (req, res) => {
    const path = new URL(req.url ?? "/", "https://127.0.0.1").pathname;
    if (path !== JOIN_CHALLENGE_PATH && path !== JOIN_PATH) return false;
    void this.serve(path, req, res);
    return true;
  };

  private async serve(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      if (req.method !== "POST") throw badParameter(`method ${req.method} is not allowed, use POST`);
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (err) {
        if (err instanceof SimError) throw err;
        throw badParameter("request body is not valid JSON");
      }
      const result =
        path === JOIN_CHALLENGE_PATH
          ? this.challenge(body as JoinChallengeRequest)
          : await this.join(body as JoinRequest);
      send(200, result);
    } catch (err) {
      const { status, body } = webError(err);
      send(status, body);
    }
  }

  private token(name: unknown): { name: string; spec: TokenSpec } {
    if (typeof name !== "string" || name === "") throw badParameter("token name is required");
    const token = this.options.cluster.get("token", name);
    // assumption: the text for an unknown join token.
    if (!token) throw accessDenied("token expired or not found");
    return { name, spec: (token.spec ?? {}) as TokenSpec };
  }

  challenge(request: JoinChallengeRequest): JoinChallengeResponse {
    const token = this.token(request?.token_name);
    if (token.spec.join_method !== "iam")
      throw accessDenied("this token does not support the IAM join method");
    const now = this.options.clock.nowMs();
    for (const [key, c] of this.challenges) if (c.expiresMs <= now) this.challenges.delete(key);
    if (this.challenges.size >= MAX_CHALLENGES) this.challenges.delete(this.challenges.keys().next().value!);
    const challenge = randomBytes(32).toString("base64");
    this.challenges.set(challenge, { token: token.name, expiresMs: now + CHALLENGE_TTL_MS });
    return { challenge };
  }

  async join(request: JoinRequest): Promise<JoinResponse> {
    const { cluster, clock, issuer, sts } = this.options;
    const token = this.token(request?.token_name);
    const method = request.join_method;
    if (method !== "github" && method !== "iam")
      throw badParameter(`unsupported join method "${String(method)}"`);
    if (token.spec.join_method !== method) {
      throw accessDenied(
        `this token does not support the ${method === "iam" ? "IAM" : "GitHub"} join method`,
      );
    }
    if (typeof request.public_key_pem !== "string" || !request.public_key_pem.includes("PUBLIC KEY")) {
      throw badParameter("public_key_pem must be a PEM SubjectPublicKeyInfo");
    }
    if (method === "github") {
      if (!request.id_token) throw badParameter("id_token is required for the GitHub join method");
      await verifyGithubJoin(request.id_token, issuer, token.spec.github?.allow ?? []);
    } else {
      const challenge = request.iam?.challenge ?? "";
      const issued = this.challenges.get(challenge);
      // assumption: a challenge the server never issued (or that expired) is refused up front.
      if (!issued || issued.token !== token.name || issued.expiresMs <= clock.nowMs()) {
        throw accessDenied("IAM join challenge is unknown or expired, request a new one");
      }
      this.challenges.delete(challenge);
      if (!request.iam?.signed_request)
        throw badParameter("iam.signed_request is required for the IAM join method");
      try {
        verifyIamJoin({
          challenge,
          signedRequest: request.iam.signed_request,
          sts,
          rules: token.spec.allow ?? [],
          now: clock.now(),
          tokenName: token.name,
        });
      } catch (err) {
        // fact: B30 the rule mismatch is wrapped "checking allow rules", then "verifying challenge response".
        if (
          err instanceof SimError &&
          err.kind === "AccessDenied" &&
          /did not match any allow rules/.test(err.message)
        ) {
          throw accessDenied(
            wrapMessages(err.message, "verifying challenge response", "checking allow rules"),
          );
        }
        throw err;
      }
    }
    const botName = token.spec.bot_name ?? "";
    const bot = botName ? cluster.get("bot", botName) : undefined;
    // assumption: a token whose bot is gone refuses the join.
    if (!bot) throw accessDenied(`bot "${botName}" not found`);
    const roles = ((bot.spec as { roles?: string[] } | undefined)?.roles ?? []).map(String);
    const user = `bot-${botName.replace(/ /g, "-")}`;
    const identity = await issueIdentity(cluster, { user, roles, publicKeyPem: request.public_key_pem });
    return {
      cluster_name: cluster.name,
      user,
      roles,
      tls_cert_pem: identity.tlsCertPem,
      ssh_cert: identity.sshCert,
      tls_ca_pems: identity.tlsCaPems,
      ssh_ca_lines: identity.sshCaLines,
    };
  }
}
