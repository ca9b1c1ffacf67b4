// Conformance tests for the GitHub join verifier. fact: B29.
import { beforeAll, describe, expect, it } from "vitest";
import { GrpcCode, SimError } from "../common/errors.js";
import { type GithubAllowRule, verifyGithubJoin } from "./github-join.js";
import { createOidcIssuer, type OidcIssuer } from "./oidc.js";

const REPO = "acme/infra";
const AUD = "teleport.cluster.local";
let issuer: OidcIssuer;
const clock = new Date();

beforeAll(async () => {
  issuer = await createOidcIssuer({
    baseUrl: "https://127.0.0.1:1/oidc",
    repository: REPO,
    now: () => clock,
  });
});

async function token(claims: Record<string, unknown> = {}, aud = AUD, ttl?: number): Promise<string> {
  return issuer.mint({ ...issuer.defaultClaims, ...claims }, aud, ttl);
}

async function refusal(p: Promise<unknown>): Promise<SimError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SimError);
  return err as SimError;
}

describe("verifyGithubJoin (fact: B29)", () => {
  it.each<[string, GithubAllowRule[], Record<string, unknown>, boolean]>([
    ["repository exact", [{ repository: REPO }], {}, true],
    ["repository is case-sensitive", [{ repository: "ACME/infra" }], {}, false],
    ["sub glob across `:` and `/`", [{ sub: "repo:acme/*" }], {}, true],
    ["sub glob anchored", [{ sub: "repo:acme/*:ref:refs/heads/release" }], {}, false],
    ["repository_owner", [{ repository_owner: "acme" }], {}, true],
    ["workflow glob", [{ workflow: "workload-*" }], {}, true],
    ["actor glob with ?", [{ actor: "acm?" }], {}, true],
    ["ref glob", [{ ref: "refs/heads/*" }], {}, true],
    ["ref glob refuses tags", [{ ref: "refs/heads/*" }], { ref: "refs/tags/v1" }, false],
    ["ref_type exact", [{ ref_type: "branch" }], {}, true],
    ["ref_type is not a glob", [{ ref_type: "bran*" }], {}, false],
    ["environment required but absent", [{ environment: "production" }], {}, false],
    ["environment present", [{ environment: "prod*" }], { environment: "production" }, true],
    ["fields in a rule are ANDed", [{ repository: REPO, ref: "refs/heads/release" }], {}, false],
    ["rules are ORed", [{ repository: "other/repo" }, { repository_owner: "acme" }], {}, true],
    ["no rules", [], {}, false],
  ])("%s", async (_name, rules, claims, accepted) => {
    const t = await token(claims);
    if (accepted) {
      const out = await verifyGithubJoin(t, issuer, rules);
      expect(out.repository).toBe(REPO);
    } else {
      const err = await refusal(verifyGithubJoin(t, issuer, rules));
      expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
      expect(err.message).toBe("id token claims did not match any allow rules");
    }
  });

  it("refuses a token minted for another audience even when the rules match", async () => {
    const err = await refusal(
      verifyGithubJoin(await token({}, "sts.amazonaws.com"), issuer, [{ repository: REPO }]),
    );
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.message).toContain('expected audience "teleport.cluster.local"');
  });

  it("refuses a token signed by another key under the same issuer URL", async () => {
    const impostor = await createOidcIssuer({ baseUrl: issuer.issuer, repository: REPO, now: () => clock });
    const forged = await impostor.mint(impostor.defaultClaims, AUD);
    const err = await refusal(verifyGithubJoin(forged, issuer, [{ repository: REPO }]));
    expect(err.kind).toBe("AccessDenied");
    expect(err.message).toContain("failed to verify signature");
  });

  it("refuses an expired token and a token from another issuer", async () => {
    const expired = await token({}, AUD, -1);
    expect((await refusal(verifyGithubJoin(expired, issuer, [{ repository: REPO }]))).message).toMatch(
      /^oidc: token is expired/,
    );
    const foreign = await token({ iss: "https://token.actions.githubusercontent.com" });
    expect((await refusal(verifyGithubJoin(foreign, issuer, [{ repository: REPO }]))).message).toContain(
      "issued by a different provider",
    );
    expect((await refusal(verifyGithubJoin("not-a-jwt", issuer, [{ repository: REPO }]))).kind).toBe(
      "AccessDenied",
    );
  });
});
