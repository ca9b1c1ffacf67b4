// Conformance tests for the GitHub-Actions-like OIDC issuer, read back with `jose` and plain HTTPS.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimError } from "../common/errors.js";
import { createCertificateAuthority, issueLoopbackServerCertificate } from "../common/pki.js";
import { createOidcIssuer, type OidcIssuer } from "./oidc.js";

const REPO = "acme/infra";
let server: https.Server;
let agent: https.Agent;
let issuer: OidcIssuer;
let base: string;
let clock = new Date();

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent, headers, timeout: 5_000 }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
  });
}

beforeAll(async () => {
  const ca = await createCertificateAuthority("sim test CA");
  const cert = await issueLoopbackServerCertificate(ca);
  agent = new https.Agent({ ca: ca.certPem });
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    if (!issuer.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await createOidcIssuer({ baseUrl: `${base}/oidc`, repository: REPO, now: () => clock });
});

afterAll(async () => {
  agent?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** What tbot does with ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN (fact: B29). */
function tbotTokenRequest(bearer: string | undefined) {
  const headers: Record<string, string> = { Accept: "application/json; api-version=2.0" };
  if (bearer !== undefined) headers["Authorization"] = `Bearer ${bearer}`;
  return get(`${issuer.tokenUrl}&audience=teleport.cluster.local`, headers);
}

describe("OIDC issuer", () => {
  it("publishes discovery and JWKS documents that verify its tokens with jose", async () => {
    const discovery = await get(`${base}/oidc/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const doc = JSON.parse(discovery.body);
    expect(doc.issuer).toBe(`${base}/oidc`);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    const jwksFromUri = JSON.parse((await get(doc.jwks_uri)).body);
    const jwks = JSON.parse((await get(`${base}/oidc/jwks`)).body);
    expect(jwksFromUri).toEqual(jwks);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty("d");

    clock = new Date();
    const token = await issuer.mint(issuer.defaultClaims, "teleport.cluster.local");
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256", kid: jwks.keys[0].kid });
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: doc.issuer,
      audience: "teleport.cluster.local",
    });
    expect(payload.sub).toBe(`repo:${REPO}:ref:refs/heads/main`);
    await expect(
      jwtVerify(token, createLocalJWKSet(jwks), { issuer: doc.issuer, audience: "sts.amazonaws.com" }),
    ).rejects.toThrow();
  });

  it("token endpoint: the exported URL already has a query so tbot's `&audience=` appends (fact: B29)", () => {
    expect(issuer.tokenUrl.startsWith(`${base}/oidc/token?`)).toBe(true);
  });

  it("token endpoint returns {value} with GitHub's claims for the requested audience", async () => {
    clock = new Date();
    const before = issuer.minted.length;
    const res = await tbotTokenRequest(issuer.requestToken);
    expect(res.status).toBe(200);
    const { value } = JSON.parse(res.body) as { value: string };
    expect(issuer.minted.slice(before)).toEqual([value]);
    const claims = await issuer.verify(value, { audience: "teleport.cluster.local" });
    expect(claims).toMatchObject({
      iss: `${base}/oidc`,
      aud: "teleport.cluster.local",
      sub: `repo:${REPO}:ref:refs/heads/main`,
      repository: REPO,
      repository_owner: "acme",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
    });
    for (const name of ["workflow", "actor", "jti", "iat", "nbf", "exp"]) expect(claims).toHaveProperty(name);
    expect(claims).not.toHaveProperty("environment");
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat));
  });

  it("token endpoint requires the request token as bearer (401 otherwise, and mints nothing)", async () => {
    const before = issuer.minted.length;
    expect((await tbotTokenRequest(undefined)).status).toBe(401);
    expect((await tbotTokenRequest(`${issuer.requestToken}x`)).status).toBe(401);
    expect((await tbotTokenRequest("")).status).toBe(401);
    const basic = await get(`${issuer.tokenUrl}&audience=x`, {
      Authorization: `Basic ${issuer.requestToken}`,
    });
    expect(basic.status).toBe(401);
    expect(issuer.minted.length).toBe(before);
  });

  it("token endpoint without an audience uses GitHub's default audience", async () => {
    const res = await get(issuer.tokenUrl, { Authorization: `Bearer ${issuer.requestToken}` });
    const { value } = JSON.parse(res.body) as { value: string };
    const claims = await issuer.verify(value, { audience: "https://github.com/acme" });
    expect(claims.aud).toBe("https://github.com/acme");
  });

  it("verify() refuses expired tokens and other audiences with AccessDenied", async () => {
    clock = new Date();
    const token = await issuer.mint(issuer.defaultClaims, "teleport.cluster.local", 60);
    const wrongAud = await issuer.verify(token, { audience: "sts.amazonaws.com" }).catch((e: unknown) => e);
    expect(wrongAud).toBeInstanceOf(SimError);
    expect((wrongAud as SimError).kind).toBe("AccessDenied");
    expect((wrongAud as SimError).message).toBe(
      'oidc: expected audience "sts.amazonaws.com" got ["teleport.cluster.local"]',
    );
    const saved = clock;
    clock = new Date(saved.getTime() + 61_000);
    try {
      const expired = await issuer
        .verify(token, { audience: "teleport.cluster.local" })
        .catch((e: unknown) => e);
      expect((expired as SimError).kind).toBe("AccessDenied");
      expect((expired as SimError).message).toMatch(/^oidc: token is expired/);
    } finally {
      clock = saved;
    }
  });

  it("answers 404 under its path for unknown documents and leaves other paths alone", async () => {
    expect((await get(`${base}/oidc/nope`)).status).toBe(404);
    expect((await get(`${base}/other`)).status).toBe(404);
  });
});
