// The rules on names, regions and IAM allow rules, function by function.
import { describe, expect, it } from "vitest";
import { allowRuleMatches, arnGlobMatches, awsArnProblem, globMatches } from "../../src/manifests/aws-arn.js";
import { clusterNameProblem } from "../../src/manifests/cluster-name.js";
import { regionNameProblem } from "../../src/manifests/workload-cluster.js";

const strict = { allowAccountWideJoin: false };

describe("cluster names become <name>.teleport.sh (DNS labels)", () => {
  it.each([
    "a",
    "acme",
    "acme-prod",
    "0",
    "123",
    "x".repeat(63),
    "a-b-c-1",
    "xn--bcher-kva",
  ])("accepts %j", (name) => {
    expect(clusterNameProblem(name)).toBeUndefined();
  });
  it.each([
    ["", /is empty/],
    ["x".repeat(64), /is 64 characters long/],
    ["Acme", /has uppercase letters: .*\(e\.g\. "acme"\)/],
    ["acme.prod", /contains "\.": .*\(e\.g\. "acme-prod"\)/],
    ["acme prod", /contains " "/],
    ["-acme", /starts or ends with "-".*\(e\.g\. "acme"\)/],
    ["acme-", /starts or ends with "-"/],
    ["ünïcode", /contains "ü", "ï"/],
  ])("rejects %j", (name, message) => {
    const problem = clusterNameProblem(name);
    expect(problem).toMatch(message);
    expect(problem).toContain("<name>.teleport.sh, so it must be a DNS label of 1-63 lowercase letters");
  });
});

describe("region names", () => {
  it.each([
    "us-west-2",
    "eu-central-1",
    "us-gov-west-1",
    "ap-southeast-4",
    "cn-north-1",
    "il-central-1",
  ])("accepts %s", (name) => expect(regionNameProblem(name)).toBeUndefined());
  it.each([
    "us-west2",
    "US-WEST-2",
    "oregon",
    "us_west_2",
    "uswest-2",
    " ",
  ])("rejects %j with an example", (name) => {
    expect(regionNameProblem(name)).toMatch(/us-west-2/);
  });
});

describe("Teleport's aws_arn glob (fact: B31)", () => {
  it.each([
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/s", true],
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/a/b:c", true], // * spans / and :
    ["arn:aws:sts::1:assumed-role/r/*", "arn:aws:sts::1:assumed-role/r/", true], // * may be empty
    ["arn:aws:sts::1:assumed-role/r/?", "arn:aws:sts::1:assumed-role/r/ab", false], // ? is exactly one
    ["arn:aws:sts::1:assumed-role/r.x/s", "arn:aws:sts::1:assumed-role/rzx/s", false], // . is literal
    ["arn:aws:sts::1:assumed-role/R/s", "arn:aws:sts::1:assumed-role/r/s", false], // case-sensitive
    ["arn:aws:sts::1:assumed-role/r", "arn:aws:sts::1:assumed-role/r/s", false], // anchored
    ["*", "", true],
    ["a**b", "ab", true],
  ])("%j against %j: %s", (pattern, value, want) => {
    expect(globMatches(pattern, value)).toBe(want);
    expect(arnGlobMatches(pattern, value)).toBe(want);
  });

  const caller = { account: "012345678901", arn: "arn:aws:sts::012345678901:assumed-role/deploy/gha-42" };
  it.each([
    [{ aws_account: "012345678901", aws_arn: "arn:aws:sts::012345678901:assumed-role/deploy/*" }, true],
    [{ aws_account: "012345678901" }, true], // an empty aws_arn is not checked
    [{ aws_arn: "arn:aws:sts::*:assumed-role/deploy/*" }, true], // nor an empty aws_account
    [{ aws_account: "210987654321", aws_arn: "arn:aws:sts::*:assumed-role/deploy/*" }, false],
    [{ aws_account: "012345678901", aws_arn: "arn:aws:iam::012345678901:role/deploy" }, false],
  ])("rule %j admits the run's caller: %s", (rule, want) => {
    expect(allowRuleMatches(rule, caller)).toBe(want);
  });
});

describe("aws_arn rules", () => {
  const account = "012345678901";
  it.each([
    "arn:aws:sts::012345678901:assumed-role/deploy/*",
    "arn:aws:sts::012345678901:assumed-role/deploy/GitHubActions",
    "arn:aws:sts::012345678901:assumed-role/gha-?/*",
    "arn:aws:sts::012345678901:assumed-role/teleport-*/*",
    "arn:aws:sts::*:assumed-role/deploy/*", // the account is pinned by aws_account
    "arn:aws:sts::0123*:assumed-role/deploy/*",
    "arn:aws-cn:sts::012345678901:assumed-role/deploy/*",
    "arn:aws-us-gov:sts::012345678901:assumed-role/deploy/*",
    "arn:*:sts::012345678901:assumed-role/deploy/*",
    "arn:aws:iam::012345678901:user/deployer",
    "arn:aws:iam::012345678901:user/ci/team/deployer",
    "arn:aws:iam::012345678901:user/ci/*-deployer",
  ])("accepts %s", (arn) => {
    expect(awsArnProblem(arn, account, strict)).toBeUndefined();
  });

  it.each([
    [
      "arn:aws:iam::012345678901:role/deploy",
      /is an IAM role ARN, which never matches.* Use "arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    [
      "arn:aws:iam::012345678901:role/service-role/deploy",
      /IAM role ARN.*"arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/, // STS drops the role's path
    ],
    [
      "arn:aws-cn:iam::012345678901:role/deploy",
      /IAM role ARN.*"arn:aws-cn:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    ["arn:aws:iam::012345678901:role/*", /IAM role ARN.*assumed-role\/\*\/\*"$/],
    [
      "arn:aws:sts::111111111111:assumed-role/deploy/*",
      /names account "111111111111" but aws_account is "012345678901"/,
    ],
    ["arn:aws:sts::1111*:assumed-role/deploy/*", /names account "1111\*" but aws_account is "012345678901"/],
    ["arn:aws:iam::111111111111:user/deployer", /names account "111111111111"/],
    [
      "arn:aws:sts::12345:assumed-role/deploy/*",
      /cannot match any identity that STS GetCallerIdentity returns/,
    ],
    [
      "arn:aws-eu:sts::012345678901:assumed-role/deploy/*",
      /has partition "aws-eu"; the partition is one of aws, aws-cn, aws-us-gov/,
    ],
    [
      "arn:aws:sts::012345678901:assumed-role/deploy",
      /has no session part.*"arn:aws:sts::012345678901:assumed-role\/deploy\/\*"$/,
    ],
    ["arn:aws:iam::012345678901:root", /is the account's root user; join with a role/],
    ["arn:aws:sts::012345678901:federated-user/bob", /cannot match any identity/],
    ["ARN:AWS:sts::012345678901:assumed-role/deploy/*", /cannot match any identity/], // case-sensitive
    ["arn:aws:sts::012345678901:assumed-role/deploy/*/extra?", /cannot match any identity/],
    [
      "deploy",
      /cannot match any identity.*"arn:aws:sts::012345678901:assumed-role\/<role>\/\*".*user\/<name>"$/,
    ],
    ["*", /matches every assumed role in account 012345678901, which is as broad as a rule without aws_arn/],
    ["arn:aws:sts::012345678901:*", /matches every assumed role/],
    ["arn:aws:sts::012345678901:assumed-role/*", /matches every assumed role/],
    ["arn:aws:sts::012345678901:assumed-role/*/i-*", /matches every assumed role/], // the caller picks the session
    ["arn:aws:iam::012345678901:user/*", /matches every IAM user .*allow-account-wide-join: true/],
    ["x".repeat(2049), /at most 2048/],
  ])("rejects %s", (arn, message) => {
    expect(awsArnProblem(arn, account, strict)).toMatch(message);
  });

  it.each([
    "*",
    "arn:aws:sts::012345678901:assumed-role/*",
  ])("accepts the account-wide %s when allow-account-wide-join is true", (arn) => {
    expect(awsArnProblem(arn, account, { allowAccountWideJoin: true })).toBeUndefined();
  });

  it("stays fast on a long pattern full of wildcards", () => {
    const pattern = `arn:aws:sts::012345678901:assumed-role/${"*a?".repeat(600)}/*`;
    const start = performance.now();
    awsArnProblem(pattern, account, strict);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
