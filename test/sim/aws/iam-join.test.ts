// Conformance tests for the IAM join verifier and the glob it uses. Requests are signed with the
// maintained `aws4` library, never with the simulator's own signing code.
import aws4 from "aws4";
import { beforeAll, describe, expect, it } from "vitest";
import { GrpcCode, SimError } from "../common/errors.js";
import { globMatch } from "../join/glob.js";
import { createOidcIssuer } from "../join/oidc.js";
import type { SignedHttpRequest } from "../proxy/wire.js";
import { type IamAllowRule, matchIamAllowRules, verifyIamJoin } from "./iam-join.js";
import { verifySigV4 } from "./sigv4.js";
import { createSts, type IssuedAwsCredentials, type SimSts } from "./sts.js";

const ACCOUNT = "012345678901";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gha-role`;
const ASSUMED_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/ci-session`;
const BODY = "Action=GetCallerIdentity&Version=2011-06-15";
const CHALLENGE = "0ezlc3usTAkXeZTcfOazUq0BGrRaKmb4EwODk8U7J5A";
const RULES: IamAllowRule[] = [
  { aws_account: ACCOUNT, aws_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/*` },
];

let sts: SimSts;
let creds: IssuedAwsCredentials;
const clock = new Date();

interface SignOptions {
  host?: string;
  region?: string;
  challenge?: string | null;
  /** Add the challenge header only after signing, so it is not in SignedHeaders. */
  challengeAfterSigning?: boolean;
  accept?: string | null;
  amzDate?: string;
  body?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** An sts:GetCallerIdentity request as the IAM join client builds it (fact: B28). */
function signedRequest(opts: SignOptions = {}): SignedHttpRequest {
  const host = opts.host ?? "sts.us-east-1.amazonaws.com";
  const headers: Record<string, string> = {};
  if (opts.accept !== null) headers["Accept"] = opts.accept ?? "application/json";
  const challenge = opts.challenge === undefined ? CHALLENGE : opts.challenge;
  if (challenge !== null && !opts.challengeAfterSigning) headers["X-Teleport-Challenge"] = challenge;
  if (opts.amzDate) headers["X-Amz-Date"] = opts.amzDate;
  const signed = aws4.sign(
    {
      host,
      path: "/",
      method: "POST",
      service: "sts",
      region: opts.region ?? "us-east-1",
      body: opts.body ?? BODY,
      headers,
    },
    opts.credentials ?? {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    },
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) out[k] = String(v);
  if (challenge !== null && opts.challengeAfterSigning) out["X-Teleport-Challenge"] = challenge;
  return { method: "POST", url: `https://${host}/`, headers: out, body: opts.body ?? BODY };
}

function join(req: SignedHttpRequest, rules = RULES, now = clock) {
  return verifyIamJoin({ challenge: CHALLENGE, signedRequest: req, sts, rules, now, tokenName: "bot-token" });
}

function refusal(fn: () => unknown): SimError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SimError);
    return err as SimError;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  const issuer = await createOidcIssuer({
    baseUrl: "https://127.0.0.1:1/oidc",
    repository: "acme/infra",
    now: () => clock,
  });
  sts = createSts({
    issuer,
    now: () => clock,
    roles: [{ arn: ROLE_ARN, trust: { sub: "repo:acme/infra:*", aud: "sts.amazonaws.com" } }],
  });
  creds = await sts.assumeRoleWithWebIdentity({
    roleArn: ROLE_ARN,
    roleSessionName: "ci-session",
    webIdentityToken: await issuer.mint(issuer.defaultClaims, "sts.amazonaws.com"),
  });
});

describe("globMatch (fact: B31)", () => {
  it.each([
    // `*` is zero or more of anything, including `/` and `:`
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/a/b:c", true],
    ["arn:aws:sts::*:assumed-role/r/s", "arn:aws:sts::123:456:assumed-role/r/s", true],
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/", true],
    ["*", "", true],
    // `?` is exactly one character, `/` included, a multi-byte character counted once
    ["a?c", "abc", true],
    ["a?c", "a/c", true],
    ["a?c", "ac", false],
    ["a?c", "abbc", false],
    ["?", "é", true],
    ["?", "😀", true],
    // case-sensitive
    ["ARN:aws:*", "arn:aws:x", false],
    ["arn:aws:sts::1:assumed-role/Role/*", "arn:aws:sts::1:assumed-role/role/s", false],
    // `.` and other regex characters are literal
    ["a.c", "abc", false],
    ["a.c", "a.c", true],
    ["a+b", "aab", false],
    ["a+b", "a+b", true],
    ["[ab]", "a", false],
    ["[ab]", "[ab]", true],
    ["a|b", "a", false],
    ["(x)", "(x)", true],
    ["^a$", "^a$", true],
    ["a\\d", "a\\d", true],
    ["a\\d", "a1", false],
    ["x{2}", "xx", false],
    // anchored at both ends
    ["abc", "xabc", false],
    ["abc", "abcx", false],
    ["b*", "ab", false],
    ["*b", "ba", false],
    // Go's regexp `.` does not match a newline
    ["a*b", "a\nb", false],
  ])("globMatch(%j, %j) is %s", (pattern, value, want) => {
    expect(globMatch(pattern, value)).toBe(want);
  });
});

describe("matchIamAllowRules (fact: B31)", () => {
  const id = { account: ACCOUNT, arn: ASSUMED_ARN };
  it.each([
    [[{ aws_account: ACCOUNT }], true],
    // account is exact: no wildcard, leading zeros matter
    [[{ aws_account: "01234567890*" }], false],
    [[{ aws_account: "*" }], false],
    [[{ aws_account: "12345678901" }], false],
    [[{ aws_account: ` ${ACCOUNT}` }], false],
    // arn is a glob against the assumed-role ARN, not the IAM role ARN
    [[{ aws_arn: ASSUMED_ARN }], true],
    [[{ aws_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gha-role/*` }], true],
    [[{ aws_arn: ROLE_ARN }], false],
    [[{ aws_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gha-rol?/ci-session` }], true],
    // fields within a rule are ANDed, rules are ORed, empty fields are not checked
    [[{ aws_account: ACCOUNT, aws_arn: "arn:aws:sts::*:assumed-role/other/*" }], false],
    [[{ aws_account: "999999999999" }, { aws_arn: "arn:aws:sts::*:assumed-role/gha-role/*" }], true],
    [[{ aws_account: "", aws_arn: "" }], true],
    [[], false],
  ])("rules %j -> %s", (rules, want) => {
    expect(matchIamAllowRules(rules, id)).toBe(want);
  });
});

describe("verifyIamJoin (fact: B28, B30)", () => {
  it("accepts an aws4-signed GetCallerIdentity carrying the signed challenge, on regional and global hosts", () => {
    expect(join(signedRequest())).toEqual({ account: ACCOUNT, arn: ASSUMED_ARN });
    expect(join(signedRequest({ host: "sts.amazonaws.com" }))).toEqual({
      account: ACCOUNT,
      arn: ASSUMED_ARN,
    });
    expect(join(signedRequest({ host: "sts.eu-west-1.amazonaws.com", region: "eu-west-1" })).arn).toBe(
      ASSUMED_ARN,
    );
  });

  it("refuses the same request with one byte of the signature changed", () => {
    const req = signedRequest();
    const auth = req.headers["Authorization"]!;
    const last = auth.at(-1) === "0" ? "1" : "0";
    req.headers["Authorization"] = auth.slice(0, -1) + last;
    const err = refusal(() => join(req));
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message).toMatch(
      /^aws sts api returned status: "403 Forbidden" body: ".*SignatureDoesNotMatch/,
    );
  });

  it("refuses the same request with one byte of a signed header changed", () => {
    const req = signedRequest();
    req.headers["Content-Type"] = req.headers["Content-Type"]!.replace("utf-8", "utf-9");
    expect(refusal(() => join(req)).message).toContain("SignatureDoesNotMatch");

    const dated = signedRequest();
    const d = dated.headers["X-Amz-Date"]!;
    dated.headers["X-Amz-Date"] = d.slice(0, -2) + (d.at(-2) === "0" ? "1" : "0") + d.at(-1);
    expect(refusal(() => join(dated)).message).toContain("SignatureDoesNotMatch");

    const challenged = signedRequest();
    challenged.headers["X-Teleport-Challenge"] = `${CHALLENGE.slice(0, -1)}B`;
    expect(refusal(() => join(challenged)).message).toBe(
      "sts identity request does not include challenge header or it does not match",
    );
  });

  it("refuses the same request with one byte of the body changed (Teleport's exact-body check, and AWS's signature)", () => {
    const req = signedRequest();
    req.body = BODY.replace("2011-06-15", "2011-06-16");
    const err = refusal(() => join(req));
    expect(err.kind).toBe("BadParameter");
    expect(err.message).toBe(
      'sts request body "Action=GetCallerIdentity&Version=2011-06-16" does not equal expected "Action=GetCallerIdentity&Version=2011-06-15"',
    );
    // The signature covers the body too.
    const lookup = (k: string) => sts.lookup(k);
    expect(() => verifySigV4(signedRequest(), lookup, clock)).not.toThrow();
    expect(() => verifySigV4(req, lookup, clock)).toThrow(/signature we calculated does not match/);
  });

  it.each([
    "127.0.0.1",
    "127.0.0.1:8443",
    "localhost",
    "sts.amazonaws.com:443",
    "STS.AMAZONAWS.COM",
    "sts.us-east-1.amazonaws.com.evil.example",
    "sts.evil.amazonaws.com",
    "sts-fips.ap-south-1.amazonaws.com",
    "iam.amazonaws.com",
  ])("refuses a correctly signed request aimed at %s", (host) => {
    const req = signedRequest({ host });
    const err = refusal(() => join(req));
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message.startsWith(`IAM join request uses unknown STS host "${host}".`)).toBe(true);
  });

  it("refuses a loopback host even though the simulated STS itself would accept the signature", () => {
    const req = signedRequest({ host: "127.0.0.1:8443" });
    expect(sts.executeSignedRequest(req, clock).status).toBe(200);
    expect(() => join(req)).toThrow(/unknown STS host/);
  });

  it("refuses a request whose URL and Host header disagree", () => {
    const req = signedRequest();
    req.url = "https://127.0.0.1:8443/";
    expect(() => join(req)).toThrow(/unknown STS host "127\.0\.0\.1:8443"/);
  });

  it("refuses a challenge header that is not among SignedHeaders", () => {
    const req = signedRequest({ challengeAfterSigning: true });
    const err = refusal(() => join(req));
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message).toMatch(/does not include x-teleport-challenge as a signed header$/);
  });

  it("refuses a missing challenge header", () => {
    expect(() => join(signedRequest({ challenge: null }))).toThrow(
      "sts identity request does not include challenge header or it does not match",
    );
  });

  it("refuses methods other than POST and request URIs other than /", () => {
    const get = signedRequest();
    get.method = "GET";
    expect(() => join(get)).toThrow(/method "GET" does not match expected method "POST"/);
    const query = signedRequest();
    query.url = "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity";
    expect(() => join(query)).toThrow(/unexpected sts identity request URI/);
  });

  it("refuses credentials the simulated STS never issued", () => {
    const req = signedRequest({
      credentials: {
        accessKeyId: "ASIAZZZZZZZZZZZZZZZZ",
        secretAccessKey: "a".repeat(40),
        sessionToken: "forged",
      },
    });
    const err = refusal(() => join(req));
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message).toContain('aws sts api returned status: "403 Forbidden"');
    expect(err.message).toContain("InvalidClientTokenId");
  });

  it("refuses issued keys used with another secret or session token", () => {
    const wrongSecret = signedRequest({
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: "b".repeat(40),
        sessionToken: creds.sessionToken,
      },
    });
    expect(() => join(wrongSecret)).toThrow(/SignatureDoesNotMatch/);
    const wrongToken = signedRequest({
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: "other",
      },
    });
    expect(() => join(wrongToken)).toThrow(/InvalidClientTokenId/);
    const noToken = signedRequest({
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    });
    expect(() => join(noToken)).toThrow(/InvalidClientTokenId/);
  });

  it("refuses a request signed more than 15 minutes away from now, and expired credentials", () => {
    const old = new Date(clock.getTime() - 16 * 60_000);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, "");
    expect(() => join(signedRequest({ amzDate: stamp(old) }))).toThrow(/Signature expired/);
    const late = new Date(creds.expiration.getTime() + 60_000);
    expect(() => join(signedRequest({ amzDate: stamp(late) }), RULES, late)).toThrow(/ExpiredToken/);
  });

  it("refuses a signature scoped to another region than the endpoint's", () => {
    expect(() => join(signedRequest({ host: "sts.eu-west-1.amazonaws.com", region: "us-east-1" }))).toThrow(
      /Credential should be scoped to a valid region/,
    );
  });

  it("fails like Teleport when the client did not ask for JSON (AWS answers XML)", () => {
    const err = refusal(() => join(signedRequest({ accept: null })));
    expect(err.kind).toBe("Unknown");
    expect(err.message).toBe("invalid character '<' looking for beginning of value");
  });

  it("refuses an identity no allow rule matches with Teleport's text (fact: B30)", () => {
    const err = refusal(() =>
      join(signedRequest(), [{ aws_account: "999999999999" }, { aws_arn: ROLE_ARN }]),
    );
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message).toBe(`instance ${ASSUMED_ARN} did not match any allow rules`);
  });
});
