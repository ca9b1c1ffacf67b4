// Conformance tests for the simulated AWS STS. The real @aws-sdk/client-sts talks to it over loopback
// HTTPS, so the wire (Query API in, XML out, SigV4 on GetCallerIdentity) is checked by AWS's own client.
import https from "node:https";
import type { AddressInfo } from "node:net";
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSServiceException,
} from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueLoopbackServerCertificate } from "../common/pki.js";
import { createOidcIssuer, type OidcIssuer } from "../join/oidc.js";
import { createSts, type SimSts } from "./sts.js";

const ROLE_ARN = "arn:aws:iam::123456789012:role/gha-role";
const ROLE_LONG_ARN = "arn:aws:iam::123456789012:role/ci/gha-long";
const REPO = "acme/infra";

let server: https.Server;
let issuer: OidcIssuer;
let sts: SimSts;
let endpoint: string;
let agent: https.Agent;
let clock = new Date();

function client(credentials?: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): STSClient {
  return new STSClient({
    region: "us-east-1",
    endpoint,
    maxAttempts: 1,
    requestHandler: { httpsAgent: agent, requestTimeout: 5_000 },
    ...(credentials ? { credentials } : {}),
  });
}

async function webIdentityToken(
  claims: Record<string, unknown> = {},
  aud = "sts.amazonaws.com",
): Promise<string> {
  return issuer.mint({ ...issuer.defaultClaims, ...claims }, aud);
}

async function rejection(p: Promise<unknown>): Promise<STSServiceException> {
  try {
    await p;
  } catch (err) {
    return err as STSServiceException;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  const ca = await createCertificateAuthority("sim test CA");
  const cert = await issueLoopbackServerCertificate(ca);
  agent = new https.Agent({ ca: ca.certPem, keepAlive: false });
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    if (issuer.handle(req, res)) return;
    if (sts.handle(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await createOidcIssuer({ baseUrl: `${endpoint}/oidc`, repository: REPO, now: () => clock });
  sts = createSts({
    issuer,
    now: () => clock,
    roles: [
      { arn: ROLE_ARN, trust: { sub: `repo:${REPO}:*`, aud: "sts.amazonaws.com" } },
      {
        arn: ROLE_LONG_ARN,
        trust: { sub: `repo:${REPO}:ref:refs/heads/main`, aud: "sts.amazonaws.com" },
        maxSessionDurationSeconds: 43200,
      },
    ],
  });
});

afterAll(async () => {
  agent?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("AssumeRoleWithWebIdentity through the real AWS SDK (Query API over loopback HTTPS)", () => {
  it("issues AWS-shaped temporary credentials for a trusted sub, and GetCallerIdentity signed with them returns the assumed-role ARN (fact: B31)", async () => {
    clock = new Date();
    const out = await client().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: "ci-session",
        WebIdentityToken: await webIdentityToken(),
      }),
    );
    const creds = out.Credentials!;
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(creds.SessionToken!.length).toBeGreaterThan(100);
    // Default session: one hour.
    expect(Math.abs(creds.Expiration!.getTime() - (clock.getTime() + 3600_000))).toBeLessThan(2_000);
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/gha-role/ci-session");
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:ci-session$/);
    expect(out.SubjectFromWebIdentityToken).toBe(`repo:${REPO}:ref:refs/heads/main`);
    expect(sts.lookup(creds.AccessKeyId!)?.secretAccessKey).toBe(creds.SecretAccessKey);

    const who = await client({
      accessKeyId: creds.AccessKeyId!,
      secretAccessKey: creds.SecretAccessKey!,
      sessionToken: creds.SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe("123456789012");
    expect(who.Arn).toBe("arn:aws:sts::123456789012:assumed-role/gha-role/ci-session");
    expect(who.UserId).toBe(out.AssumedRoleUser?.AssumedRoleId);
  });

  it("uses only the role name, not its path, in the assumed-role ARN", async () => {
    const out = await client().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE_LONG_ARN,
        RoleSessionName: "s1",
        WebIdentityToken: await webIdentityToken(),
        DurationSeconds: 43200,
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/gha-long/s1");
  });

  it("refuses a token whose sub the trust policy does not allow with AccessDenied 403", async () => {
    const before = sts.issued.length;
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: "ci-session",
          WebIdentityToken: await webIdentityToken({ sub: "repo:evil/infra:ref:refs/heads/main" }),
        }),
      ),
    );
    expect(err.name).toBe("AccessDenied");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    expect(sts.issued.length).toBe(before);
  });

  it("refuses a role that does not exist with AccessDenied", async () => {
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: "arn:aws:iam::123456789012:role/no-such-role",
          RoleSessionName: "ci-session",
          WebIdentityToken: await webIdentityToken(),
        }),
      ),
    );
    expect(err.name).toBe("AccessDenied");
  });

  it("refuses a token for an audience no role trusts with InvalidIdentityToken 400", async () => {
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: "ci-session",
          WebIdentityToken: await webIdentityToken({}, "teleport.cluster.local"),
        }),
      ),
    );
    expect(err.name).toBe("InvalidIdentityTokenException");
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toBe("Incorrect token audience");
  });

  it("refuses an expired token with ExpiredTokenException and a forged one with InvalidIdentityToken", async () => {
    const expired = await issuer.mint(issuer.defaultClaims, "sts.amazonaws.com", -10);
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: "ci",
          WebIdentityToken: expired,
        }),
      ),
    );
    expect(err.name).toBe("ExpiredTokenException");

    // Same issuer URL, different signing key: an attacker's issuer.
    const other = await createOidcIssuer({ baseUrl: issuer.issuer, repository: REPO, now: () => clock });
    const forged = await other.mint(other.defaultClaims, "sts.amazonaws.com");
    const err2 = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: "ci",
          WebIdentityToken: forged,
        }),
      ),
    );
    expect(err2.name).toBe("InvalidIdentityTokenException");
  });

  it("refuses a token from an unknown issuer with InvalidIdentityToken", async () => {
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: "ci",
          WebIdentityToken: await webIdentityToken({ iss: "https://token.actions.githubusercontent.com" }),
        }),
      ),
    );
    expect(err.name).toBe("InvalidIdentityTokenException");
    expect(err.message).toContain("No OpenIDConnect provider found");
  });

  it.each([
    [
      "a",
      undefined,
      "at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    ["x".repeat(65), undefined, "Member must have length less than or equal to 64"],
    ["bad name!", undefined, "Member must satisfy regular expression pattern: [\\w+=,.@-]*"],
    [
      "ok-name",
      899,
      "at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    ["ok-name", 43201, "Member must have value less than or equal to 43200"],
    ["ok-name", 7200, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."],
  ])("refuses RoleSessionName %j / DurationSeconds %j with ValidationError", async (name, duration, text) => {
    const err = await rejection(
      client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: name,
          WebIdentityToken: await webIdentityToken(),
          ...(duration !== undefined ? { DurationSeconds: duration } : {}),
        }),
      ),
    );
    expect(err.name).toBe("ValidationError");
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toContain(text);
  });

  it("accepts session names with every allowed punctuation character and durations at the bounds", async () => {
    const out = await client().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: "a_b+c=d,e.f@g-h",
        WebIdentityToken: await webIdentityToken(),
        DurationSeconds: 900,
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/gha-role/a_b+c=d,e.f@g-h");
  });

  it("refuses GetCallerIdentity signed with credentials it never issued (InvalidClientTokenId) or after they expire (ExpiredToken)", async () => {
    const err = await rejection(
      client({
        accessKeyId: "ASIAAAAAAAAAAAAAAAAA",
        secretAccessKey: "x".repeat(40),
        sessionToken: "not-issued",
      }).send(new GetCallerIdentityCommand({})),
    );
    expect(err.name).toBe("InvalidClientTokenId");
    expect(err.$metadata.httpStatusCode).toBe(403);

    // Issue 900-second credentials ten minutes "ago", then move the simulated clock past their expiry
    // while staying inside the 15-minute signing skew of the SDK's real-time signature.
    const saved = clock;
    clock = new Date(Date.now() - 10 * 60_000);
    const creds = await sts.assumeRoleWithWebIdentity({
      roleArn: ROLE_ARN,
      roleSessionName: "short",
      webIdentityToken: await webIdentityToken(),
      durationSeconds: 900,
    });
    const signWith = (secretAccessKey: string) =>
      client({ accessKeyId: creds.accessKeyId, secretAccessKey, sessionToken: creds.sessionToken });
    try {
      clock = new Date();
      const wrongSecret = await rejection(
        signWith(`${creds.secretAccessKey}x`).send(new GetCallerIdentityCommand({})),
      );
      expect(wrongSecret.name).toBe("SignatureDoesNotMatch");
      expect((await signWith(creds.secretAccessKey).send(new GetCallerIdentityCommand({}))).Account).toBe(
        "123456789012",
      );

      clock = new Date(creds.expiration.getTime() + 1000);
      const expired = await rejection(signWith(creds.secretAccessKey).send(new GetCallerIdentityCommand({})));
      expect(expired.name).toBe("ExpiredToken");
      expect(expired.$metadata.httpStatusCode).toBe(403);
    } finally {
      clock = saved;
    }
  });

  it("answers errors as AWS XML ErrorResponse documents", async () => {
    const body = new URLSearchParams({
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      RoleArn: ROLE_ARN,
      RoleSessionName: "ci",
      WebIdentityToken: await webIdentityToken({ sub: "repo:evil/x:ref:refs/heads/main" }),
    }).toString();
    const { status, text, contentType } = await new Promise<{
      status: number;
      text: string;
      contentType: string;
    }>((resolve, reject) => {
      const req = https.request(
        `${endpoint}/`,
        {
          method: "POST",
          agent,
          timeout: 5_000,
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        },
        (res) => {
          let data = "";
          res.on("data", (c) => {
            data += c;
          });
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              text: data,
              contentType: String(res.headers["content-type"]),
            }),
          );
        },
      );
      req.on("error", reject);
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.end(body);
    });
    expect(status).toBe(403);
    expect(contentType).toBe("text/xml");
    expect(text).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    expect(text).toContain("<Code>AccessDenied</Code>");
    expect(text).toContain("<Type>Sender</Type>");
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });
});
