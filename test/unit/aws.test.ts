// AWS credentials for the IAM join: the ARN tbot will present, the STS retry classifier, and the session
// (OIDC token minted per attempt, every credential masked at once, reuse and refresh), with a fake STS.
import { describe, expect, it } from "vitest";
import {
  type AwsCredentials,
  AwsCredentialsError,
  AwsSession,
  assumedRoleCaller,
  type CredentialEffects,
  isTransientStsError,
  parseRoleArn,
  type StsPort,
} from "../../src/aws/credentials.js";
import { FakeClock } from "../support/fake-parent.js";

describe("the ARN tbot presents (fact: B31: the assumed-role form)", () => {
  it.each([
    ["arn:aws:iam::111122223333:role/deploy", "s1", "arn:aws:sts::111122223333:assumed-role/deploy/s1"],
    [
      "arn:aws:iam::111122223333:role/ci/teams/deploy",
      "s1",
      "arn:aws:sts::111122223333:assumed-role/deploy/s1",
    ],
    ["arn:aws-us-gov:iam::111122223333:role/x", "gha", "arn:aws-us-gov:sts::111122223333:assumed-role/x/gha"],
  ])("%s with session %s -> %s", (role, session, arn) => {
    expect(assumedRoleCaller(role, session)).toEqual({ account: "111122223333", arn });
  });

  it.each([
    "arn:aws:sts::111122223333:assumed-role/deploy/s",
    "arn:aws:iam::11112222333:role/deploy",
    "arn:aws:iam::111122223333:user/deploy",
    "deploy",
  ])("refuses %s as a role ARN", (arn) => {
    expect(() => parseRoleArn(arn)).toThrow(/is not an IAM role ARN/);
  });
});

describe("isTransientStsError", () => {
  it.each([
    [{ name: "Throttling" }, true],
    [{ name: "ThrottlingException" }, true],
    [{ name: "IDPCommunicationError" }, true],
    [{ name: "InternalFailure", $metadata: { httpStatusCode: 500 } }, true],
    [{ name: "Error", code: "ECONNRESET" }, true],
    [{ name: "TimeoutError" }, true],
    [{ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }, false],
    [{ name: "InvalidIdentityToken", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "ValidationError", $metadata: { httpStatusCode: 400 } }, false],
    [new AwsCredentialsError("bad input"), false],
  ])("%j -> %s", (error, transient) => {
    expect(isTransientStsError(error)).toBe(transient);
  });
});

const ROLE = "arn:aws:iam::111122223333:role/deploy";
const settings = {
  roleToAssume: ROLE,
  region: "us-west-2",
  sessionName: "gha",
  durationSeconds: 3600,
  audience: "sts.amazonaws.com",
};

function fakeSts(answers: (() => AwsCredentials | Error)[]) {
  const tokens: string[] = [];
  const sts: StsPort = {
    async assumeRoleWithWebIdentity(input) {
      tokens.push(input.webIdentityToken);
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      const answer = next();
      if (answer instanceof Error) throw answer;
      return { credentials: answer };
    },
    async getCallerIdentity() {
      return { account: "444455556666", arn: "arn:aws:sts::444455556666:assumed-role/ambient/s" };
    },
  };
  return { sts, tokens };
}

function effects(sts: StsPort, clock = new FakeClock(), env: NodeJS.ProcessEnv = {}) {
  const masked: string[] = [];
  const logs: string[] = [];
  let minted = 0;
  const fx: CredentialEffects = {
    sts,
    getIDToken: async (audience) => `oidc-${audience}-${++minted}`,
    mask: (v) => masked.push(v),
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: "https://x", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t", ...env },
    clock,
    log: (m) => logs.push(m),
  };
  return { fx, masked, logs };
}

const creds = (n: number, expiration?: Date): AwsCredentials => ({
  accessKeyId: `AKIA${n}`,
  secretAccessKey: `secret-${n}`,
  sessionToken: `session-${n}`,
  ...(expiration ? { expiration } : {}),
});

describe("AwsSession with role-to-assume", () => {
  it("knows the ARN before any call, and masks the token and every credential the moment they exist", async () => {
    const { sts, tokens } = fakeSts([() => creds(1)]);
    const { fx, masked } = effects(sts);
    const session = await AwsSession.open(settings, fx);
    expect(session.caller.arn).toBe("arn:aws:sts::111122223333:assumed-role/deploy/gha");
    expect(tokens).toEqual([]);
    const env = await session.tbotEnvironment();
    expect(env).toEqual({
      AWS_ACCESS_KEY_ID: "AKIA1",
      AWS_SECRET_ACCESS_KEY: "secret-1",
      AWS_SESSION_TOKEN: "session-1",
      AWS_REGION: "us-west-2",
    });
    expect(masked).toEqual(["oidc-sts.amazonaws.com-1", "AKIA1", "secret-1", "session-1"]);
  });

  it("mints a new OIDC token for every attempt and retries throttling, then succeeds", async () => {
    const throttled = () => Object.assign(new Error("Rate exceeded"), { name: "Throttling" });
    const { sts, tokens } = fakeSts([throttled, throttled, () => creds(1)]);
    const { fx, logs } = effects(sts);
    const session = await AwsSession.open(settings, fx);
    await session.prepare();
    expect(tokens).toEqual([
      "oidc-sts.amazonaws.com-1",
      "oidc-sts.amazonaws.com-2",
      "oidc-sts.amazonaws.com-3",
    ]);
    expect(logs.filter((l) => l.includes("attempt"))).toHaveLength(2);
  });

  it("does not retry access denied, and says what to check in the trust policy", async () => {
    const denied = () =>
      Object.assign(new Error("Not authorized to perform sts:AssumeRoleWithWebIdentity"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      });
    const { sts, tokens } = fakeSts([denied, () => creds(1)]);
    const session = await AwsSession.open(settings, effects(sts).fx);
    await expect(session.prepare()).rejects.toThrow(/Could not assume .*trust policy.*repo:<owner>\/<repo>/);
    expect(tokens).toHaveLength(1);
  });

  it("without id-token: write, says so and shows the permissions block, with no call", async () => {
    const { sts, tokens } = fakeSts([() => creds(1)]);
    const { fx } = effects(sts, new FakeClock(), {
      ACTIONS_ID_TOKEN_REQUEST_URL: "",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "",
    });
    const session = await AwsSession.open(settings, fx);
    await expect(session.prepare()).rejects.toThrow(/permissions:\n {2}id-token: write/);
    expect(tokens).toEqual([]);
  });

  it("reuses credentials while valid and refreshes them before they expire", async () => {
    const clock = new FakeClock();
    clock.t = Date.parse("2026-12-01T10:00:00Z");
    const hour = (h: number) => new Date(clock.t + h * 3_600_000);
    const { sts, tokens } = fakeSts([() => creds(1, hour(1)), () => creds(2, hour(2))]);
    const session = await AwsSession.open(settings, effects(sts, clock).fx);
    expect((await session.tbotEnvironment()).AWS_ACCESS_KEY_ID).toBe("AKIA1");
    clock.t += 30 * 60_000;
    expect((await session.tbotEnvironment()).AWS_ACCESS_KEY_ID).toBe("AKIA1");
    clock.t += 25 * 60_000; // 5 minutes left: less than the refresh margin
    expect((await session.tbotEnvironment()).AWS_ACCESS_KEY_ID).toBe("AKIA2");
    expect(tokens).toHaveLength(2);
  });

  it("shares one STS request between joins that ask at the same time", async () => {
    const { sts, tokens } = fakeSts([() => creds(1), () => creds(2)]);
    const session = await AwsSession.open(settings, effects(sts).fx);
    const envs = await Promise.all([1, 2, 3].map(() => session.tbotEnvironment()));
    expect(new Set(envs.map((e) => e.AWS_ACCESS_KEY_ID))).toEqual(new Set(["AKIA1"]));
    expect(tokens).toHaveLength(1);
  });
});

describe("AwsSession with ambient credentials", () => {
  it("asks STS who they are, and leaves them in tbot's inherited environment", async () => {
    const { sts } = fakeSts([]);
    const { fx } = effects(sts, new FakeClock(), { AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "s" });
    const session = await AwsSession.open({ ...settings, roleToAssume: undefined }, fx);
    expect(session.caller).toEqual({
      account: "444455556666",
      arn: "arn:aws:sts::444455556666:assumed-role/ambient/s",
    });
    expect(await session.tbotEnvironment()).toEqual({ AWS_REGION: "us-west-2" });
  });
});
