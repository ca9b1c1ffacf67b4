// A GitHub-Actions-like OIDC issuer: discovery document, JWKS, and the Actions ID-token endpoint that
// ACTIONS_ID_TOKEN_REQUEST_URL points at. fact: B29 (tbot calls the URL
// with `&audience=teleport.cluster.local`, `Authorization: Bearer <token>`, and reads `value`).
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from "jose";
import { accessDenied } from "../common/errors.js";

export interface OidcIssuer {
  issuer: string;
  jwks(): { keys: JsonWebKey[] };
  mint(claims: Record<string, unknown>, audience: string, ttlSeconds?: number): Promise<string>;
  verify(token: string, opts: { audience: string }): Promise<Record<string, unknown>>;
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  requestToken: string;
  tokenUrl: string;
  minted: string[];
  /**
   * Claims the token endpoint puts in every token it mints (GitHub's shape for a push to main).
   * Tests may edit them (e.g. set `environment`) before the next token is requested.
   */
  defaultClaims: Record<string, unknown>;
  /** How many token-endpoint requests were answered with a token (for "tbot asked once" checks). */
  tokenRequests: number;
}

// assumption: GitHub's ID tokens live about five minutes; the facts do not say.
const DEFAULT_TTL_SECONDS = 300;

/** The claims GitHub puts in an Actions ID token for a push to `main`. */
export function githubClaims(
  repository: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const owner = repository.split("/")[0] ?? repository;
  const ref = "refs/heads/main";
  return {
    sub: `repo:${repository}:ref:${ref}`,
    repository,
    repository_owner: owner,
    // assumption: numeric ids and the workflow name are fixed sample values.
    repository_id: "100000001",
    repository_owner_id: "100000000",
    repository_visibility: "private",
    ref,
    ref_type: "branch",
    sha: "0000000000000000000000000000000000000000",
    workflow: "workload-clusters",
    workflow_ref: `${repository}/.github/workflows/workload-clusters.yml@${ref}`,
    job_workflow_ref: `${repository}/.github/workflows/workload-clusters.yml@${ref}`,
    actor: owner,
    actor_id: "100000000",
    event_name: "push",
    run_id: "1",
    run_number: "1",
    run_attempt: "1",
    runner_environment: "github-hosted",
    ...overrides,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const RFC3339 = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");

/**
 * The text a verifier like Teleport's (go-oidc based) gives for each failure.
 * assumption: these wordings follow go-oidc's messages; Teleport's exact wrapping is not in the facts.
 */
function describeVerifyError(err: unknown, token: string, issuer: string, audience: string): string {
  let claims: Record<string, unknown> | undefined;
  try {
    claims = decodeJwt(token);
  } catch {
    claims = undefined;
  }
  if (err instanceof joseErrors.JWTExpired) {
    return `oidc: token is expired (Token Expiry: ${RFC3339(Number(claims?.exp))})`;
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "aud") {
      const aud = claims?.aud;
      return `oidc: expected audience "${audience}" got ${JSON.stringify(Array.isArray(aud) ? aud : aud === undefined ? [] : [aud])}`;
    }
    if (err.claim === "iss") {
      return `oidc: id token issued by a different provider, expected "${issuer}" got "${String(claims?.iss ?? "")}"`;
    }
    if (err.claim === "nbf") {
      return `oidc: current time before the nbf (not before) time: ${RFC3339(Number(claims?.nbf))}`;
    }
    return `oidc: invalid claim "${err.claim}": ${err.reason}`;
  }
  if (
    err instanceof joseErrors.JWSSignatureVerificationFailed ||
    err instanceof joseErrors.JWKSNoMatchingKey ||
    err instanceof joseErrors.JOSEAlgNotAllowed
  ) {
    return "failed to verify signature: failed to verify id token signature";
  }
  const detail = err instanceof Error ? err.message : String(err);
  return `oidc: malformed jwt: ${detail}`;
}

export async function createOidcIssuer(opts: {
  baseUrl: string;
  repository: string;
  now?: () => Date;
}): Promise<OidcIssuer> {
  const now = opts.now ?? (() => new Date());
  const issuer = opts.baseUrl.replace(/\/+$/, "");
  const basePath = new URL(issuer).pathname.replace(/\/+$/, "");
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwk = { ...publicJwk, kid, alg: "RS256", use: "sig" } as JsonWebKey;
  const keySet = createLocalJWKSet({
    keys: [jwk as Parameters<typeof createLocalJWKSet>[0]["keys"][number]],
  });
  const requestToken = randomBytes(32).toString("base64url");
  const owner = opts.repository.split("/")[0] ?? opts.repository;

  const self: OidcIssuer = {
    issuer,
    requestToken,
    // The query already has a `?` so tbot's `&audience=...` appends cleanly (fact: B29).
    tokenUrl: `${issuer}/token?api-version=2.0`,
    minted: [],
    defaultClaims: githubClaims(opts.repository),
    tokenRequests: 0,

    jwks: () => ({ keys: [{ ...jwk }] }),

    async mint(claims, audience, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const iat = Math.floor(now().getTime() / 1000);
      const payload = { jti: randomUUID(), ...claims };
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(typeof claims.iss === "string" ? claims.iss : issuer)
        .setAudience(audience)
        .setIssuedAt(typeof claims.iat === "number" ? claims.iat : iat)
        .setNotBefore(typeof claims.nbf === "number" ? claims.nbf : iat)
        .setExpirationTime(typeof claims.exp === "number" ? claims.exp : iat + ttlSeconds)
        .sign(privateKey);
      self.minted.push(token);
      return token;
    },

    async verify(token, { audience }) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer,
          audience,
          algorithms: ["RS256"],
          currentDate: now(),
          requiredClaims: ["iat", "exp", "sub"],
        });
        return payload as Record<string, unknown>;
      } catch (err) {
        throw accessDenied(describeVerifyError(err, token, issuer, audience));
      }
    },

    handle(req, res) {
      const url = new URL(req.url ?? "/", "https://sim.invalid");
      if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return false;
      const sub = url.pathname.slice(basePath.length);
      if (sub === "/.well-known/openid-configuration") {
        if (req.method !== "GET") return methodNotAllowed(res);
        sendJson(res, 200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks`,
          subject_types_supported: ["public", "pairwise"],
          response_types_supported: ["id_token"],
          claims_supported: [
            "sub",
            "aud",
            "exp",
            "iat",
            "iss",
            "jti",
            "nbf",
            "ref",
            "repository",
            "repository_owner",
            "workflow",
            "environment",
            "actor",
            "ref_type",
            "event_name",
          ],
          id_token_signing_alg_values_supported: ["RS256"],
          scopes_supported: ["openid"],
        });
        return true;
      }
      if (sub === "/jwks" || sub === "/.well-known/jwks") {
        if (req.method !== "GET") return methodNotAllowed(res);
        sendJson(res, 200, self.jwks());
        return true;
      }
      if (sub === "/token") {
        if (req.method !== "GET") return methodNotAllowed(res);
        const auth = req.headers.authorization ?? "";
        const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
        if (!bearer || !sameSecret(bearer, requestToken)) {
          // assumption: GitHub's token service answers a bad bearer with 401 and a JSON message.
          sendJson(res, 401, {
            message: "Unauthorized: the ACTIONS_ID_TOKEN_REQUEST_TOKEN is missing or invalid",
          });
          return true;
        }
        // GitHub's default audience is the owner's URL when none is asked for.
        const audience = url.searchParams.get("audience") || `https://github.com/${owner}`;
        self.mint(self.defaultClaims, audience).then(
          (value) => {
            self.tokenRequests++;
            sendJson(res, 200, { value });
          },
          (err: unknown) => sendJson(res, 500, { message: err instanceof Error ? err.message : String(err) }),
        );
        return true;
      }
      sendJson(res, 404, { message: "Not Found" });
      return true;
    },
  };
  return self;
}

function methodNotAllowed(res: ServerResponse): true {
  sendJson(res, 405, { message: "Method Not Allowed" });
  return true;
}
