// The GitHub join verifier. fact: B29: the ID token must be for the
// audience `teleport.cluster.local`; `github.allow` rules match sub, repository, repository_owner,
// workflow, environment, actor and ref by glob and ref_type exactly; no match is AccessDenied
// "id token claims did not match any allow rules".
import { accessDenied } from "../common/errors.js";
import { globMatch } from "./glob.js";
import type { OidcIssuer } from "./oidc.js";

export const GITHUB_JOIN_AUDIENCE = "teleport.cluster.local";

export interface GithubAllowRule {
  sub?: string;
  repository?: string;
  repository_owner?: string;
  workflow?: string;
  environment?: string;
  actor?: string;
  ref?: string;
  ref_type?: string;
}

const GLOB_FIELDS = [
  "sub",
  "repository",
  "repository_owner",
  "workflow",
  "environment",
  "actor",
  "ref",
] as const;

function claimText(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  // A missing claim (e.g. `environment` outside a deployment job) compares as the empty string.
  return typeof value === "string" ? value : "";
}

/** Rules are ORed; within a rule every non-empty field must match (fact: B29, same shape as B31). */
export function matchGithubAllowRules(rules: GithubAllowRule[], claims: Record<string, unknown>): boolean {
  return rules.some((rule) => {
    for (const field of GLOB_FIELDS) {
      const pattern = rule[field];
      if (pattern && !globMatch(pattern, claimText(claims, field))) return false;
    }
    if (rule.ref_type && rule.ref_type !== claimText(claims, "ref_type")) return false;
    return true;
  });
}

export async function verifyGithubJoin(
  idToken: string,
  issuer: OidcIssuer,
  rules: GithubAllowRule[],
): Promise<Record<string, unknown>> {
  // Signature, issuer, expiry and audience failures are AccessDenied from issuer.verify.
  const claims = await issuer.verify(idToken, { audience: GITHUB_JOIN_AUDIENCE });
  if (!matchGithubAllowRules(rules, claims)) {
    throw accessDenied("id token claims did not match any allow rules");
  }
  return claims;
}
