// The join endpoints (wire.ts) on the proxies' web port: GitHub join into the parent, IAM join into a
// child. Facts: B28 (IAM flow), B29 (GitHub join), B30 (IAM error
// text and wrapping), B31 (allow-rule matching), B25 (identity layout).
import { generateKeyPairSync } from "node:crypto";
import * as https from "node:https";
import aws4 from "aws4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatIdentityFile } from "../cluster/identity.js";
import { resourceServiceDefinition } from "../cluster/resources.js";
import { type Simulator, startSimulator } from "../index.js";
import { type WorkloadClusterMsg, workloadClusterServiceDefinition } from "../parent/parent.js";
import { createUnaryClient } from "../proxy/proxy.js";
import {
  JOIN_CHALLENGE_PATH,
  JOIN_PATH,
  type JoinResponse,
  type SignedHttpRequest,
  type WebErrorBody,
} from "../proxy/wire.js";
import { githubClaims } from "./oidc.js";

let sim: Simulator;
let childAddress = "";

function post<T>(address: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const [host, port] = address.split(":");
    const req = https.request(
      {
        host,
        port: Number(port),
        path,
        method: "POST",
        ca: sim.webCa.certPem,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(text);
  });
}

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

async function awsCredentials() {
  const token = await sim.issuer.mint(githubClaims(sim.env.TELEPORT_SIM_REPOSITORY), "sts.amazonaws.com");
  return sim.sts.assumeRoleWithWebIdentity({
    roleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
    roleSessionName: "gha-run-1",
    webIdentityToken: token,
  });
}

/** The signed sts:GetCallerIdentity request the IAM join client records but never sends (fact: B28). */
async function signedIdentityRequest(challenge: string): Promise<SignedHttpRequest> {
  const creds = await awsCredentials();
  const host = `sts.${sim.env.AWS_REGION}.amazonaws.com`;
  const body = "Action=GetCallerIdentity&Version=2011-06-15";
  const signed = aws4.sign(
    {
      host,
      path: "/",
      method: "POST",
      service: "sts",
      region: sim.env.AWS_REGION,
      body,
      headers: { Accept: "application/json", "X-Teleport-Challenge": challenge },
    },
    {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) headers[k] = String(v);
  return { method: "POST", url: `https://${host}/`, headers, body };
}

async function iamJoin(tokenName: string, address = childAddress) {
  const challenge = await post<{ challenge: string }>(address, JOIN_CHALLENGE_PATH, {
    token_name: tokenName,
  });
  expect(challenge.status).toBe(200);
  const keys = keyPair();
  const res = await post<JoinResponse & WebErrorBody>(address, JOIN_PATH, {
    token_name: tokenName,
    join_method: "iam",
    public_key_pem: keys.publicKeyPem,
    iam: {
      challenge: challenge.body.challenge,
      signed_request: await signedIdentityRequest(challenge.body.challenge),
    },
  });
  return { ...res, keys };
}

beforeAll(async () => {
  sim = await startSimulator({ delayMs: 0 });
  const admin = createUnaryClient(workloadClusterServiceDefinition(), {
    address: sim.parent.address,
    clusterName: sim.parent.cluster.name,
    caPems: sim.admin.tlsCaPems,
    certPem: sim.admin.tlsCertPem,
    keyPem: sim.admin.keyPem,
  });
  const account = sim.env.TELEPORT_SIM_AWS_ACCOUNT;
  const mk = (name: string, arn: string) =>
    admin.call("CreateWorkloadCluster", {
      cluster: {
        metadata: { name },
        spec: {
          regions: [{ name: "us-west-2" }],
          bot: { name: `${name}-bot` },
          token: { join_method: "iam", allow: [{ aws_account: account, aws_arn: arn }] },
        },
      },
    });
  await mk("joinable", `arn:aws:sts::${account}:assumed-role/teleport-workload-sync/*`);
  await mk("elsewhere", `arn:aws:sts::${account}:assumed-role/some-other-role/*`);
  await admin.call("GetWorkloadCluster", { name: "joinable" });
  const got = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "joinable" });
  childAddress = got.status?.domain ?? "";
  admin.close();
});

afterAll(async () => {
  await sim?.stop();
});

describe("GitHub join into the parent (fact: B29)", () => {
  it("issues an identity for the bot that works against the WorkloadClusterService", async () => {
    const keys = keyPair();
    const idToken = await sim.issuer.mint(
      githubClaims(sim.env.TELEPORT_SIM_REPOSITORY),
      "teleport.cluster.local",
    );
    const res = await post<JoinResponse>(sim.parent.address, JOIN_PATH, {
      token_name: sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
      join_method: "github",
      public_key_pem: keys.publicKeyPem,
      id_token: idToken,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster_name: sim.parent.cluster.name,
      user: "bot-workload-admin",
      roles: ["workload-cluster-admin"],
    });
    expect(res.body.ssh_cert).toMatch(/^ecdsa-sha2-nistp256-cert-v01@openssh\.com AAAA/);
    expect(res.body.ssh_ca_lines[0]).toMatch(
      /^@cert-authority sim-tenant\.teleport\.sh,\*\.sim-tenant\.teleport\.sh ecdsa-sha2-nistp256 \S+ type=host$/,
    );
    // The identity file built from it (blocks in B25 order) connects with mutual TLS.
    const file = formatIdentityFile({
      keyPem: keys.keyPem,
      sshCert: res.body.ssh_cert,
      tlsCertPem: res.body.tls_cert_pem,
      sshCaLines: res.body.ssh_ca_lines,
      tlsCaPems: res.body.tls_ca_pems,
    });
    expect(file.indexOf("PRIVATE KEY")).toBeLessThan(file.indexOf("-cert-v01@openssh.com"));
    expect(file.indexOf("-cert-v01@openssh.com")).toBeLessThan(file.indexOf("BEGIN CERTIFICATE"));
    const client = createUnaryClient(workloadClusterServiceDefinition(), {
      address: sim.parent.address,
      clusterName: res.body.cluster_name,
      caPems: res.body.tls_ca_pems,
      certPem: res.body.tls_cert_pem,
      keyPem: keys.keyPem,
    });
    try {
      const list = await client.call<{ clusters?: WorkloadClusterMsg[] }>("ListWorkloadClusters", {});
      expect(list.clusters?.map((c) => c.metadata?.name)).toContain("joinable");
    } finally {
      client.close();
    }
  });

  it("refuses a token from another repository", async () => {
    const idToken = await sim.issuer.mint(githubClaims("someone/else"), "teleport.cluster.local");
    const res = await post<WebErrorBody>(sim.parent.address, JOIN_PATH, {
      token_name: sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
      join_method: "github",
      public_key_pem: keyPair().publicKeyPem,
      id_token: idToken,
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: { code: "PermissionDenied", message: "id token claims did not match any allow rules" },
    });
  });

  it("refuses an IAM challenge for the GitHub token (fact: B30 method mismatch)", async () => {
    const res = await post<WebErrorBody>(sim.parent.address, JOIN_CHALLENGE_PATH, {
      token_name: sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("this token does not support the IAM join method");
  });
});

describe("IAM join into the parent (fact: B28, B31)", () => {
  it("the admin bot joins with TELEPORT_SIM_PARENT_IAM_TOKEN when the assumed-role ARN matches its allow rule", async () => {
    const token = sim.parent.cluster.get("token", sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN);
    expect(token?.spec).toEqual({
      roles: ["Bot"],
      join_method: "iam",
      bot_name: "workload-admin",
      allow: [
        {
          aws_account: sim.env.TELEPORT_SIM_AWS_ACCOUNT,
          aws_arn: `arn:aws:sts::${sim.env.TELEPORT_SIM_AWS_ACCOUNT}:assumed-role/teleport-workload-sync/*`,
        },
      ],
    });
    const res = await iamJoin(sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN, sim.parent.address);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster_name: sim.parent.cluster.name,
      user: "bot-workload-admin",
      roles: ["workload-cluster-admin"],
    });
    const client = createUnaryClient(workloadClusterServiceDefinition(), {
      address: sim.parent.address,
      clusterName: res.body.cluster_name,
      caPems: res.body.tls_ca_pems,
      certPem: res.body.tls_cert_pem,
      keyPem: res.keys.keyPem,
    });
    try {
      const list = await client.call<{ clusters?: WorkloadClusterMsg[] }>("ListWorkloadClusters", {});
      expect(list.clusters?.map((c) => c.metadata?.name)).toContain("joinable");
    } finally {
      client.close();
    }
  });

  it("the IAM token refuses a GitHub join (fact: B30 method mismatch)", async () => {
    const idToken = await sim.issuer.mint(
      githubClaims(sim.env.TELEPORT_SIM_REPOSITORY),
      "teleport.cluster.local",
    );
    const res = await post<WebErrorBody>(sim.parent.address, JOIN_PATH, {
      token_name: sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN,
      join_method: "github",
      public_key_pem: keyPair().publicKeyPem,
      id_token: idToken,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("this token does not support the GitHub join method");
  });
});

describe("IAM join into a child (fact: B28, B30, B31)", () => {
  it("joins the seeded bot when the assumed-role ARN matches the token's allow rule", async () => {
    const res = await iamJoin("joinable-bot");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cluster_name: "joinable.teleport.sh",
      user: "bot-joinable-bot",
      roles: ["joinable-bot"],
    });
    const client = createUnaryClient(resourceServiceDefinition(), {
      address: childAddress,
      clusterName: res.body.cluster_name,
      caPems: res.body.tls_ca_pems,
      certPem: res.body.tls_cert_pem,
      keyPem: res.keys.keyPem,
    });
    try {
      await expect(client.call("Ping", {})).resolves.toMatchObject({
        user: "bot-joinable-bot",
        roles: ["joinable-bot"],
      });
    } finally {
      client.close();
    }
  });

  it("refuses a caller ARN outside the allow rules with Teleport's wrapped text", async () => {
    // The "elsewhere" child's token is looked up on its own proxy.
    const elsewhere = await sim.child("elsewhere");
    const saved = childAddress;
    childAddress = elsewhere!.address;
    try {
      const res = await iamJoin("elsewhere-bot");
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("PermissionDenied");
      expect(res.body.error.message).toMatch(
        /^verifying challenge response\n\tchecking allow rules\n\t\tinstance arn:aws:sts::111122223333:assumed-role\/teleport-workload-sync\/gha-run-1 did not match any allow rules$/,
      );
    } finally {
      childAddress = saved;
    }
  });

  it("refuses a challenge it never issued and an unknown token", async () => {
    const forged = await post<WebErrorBody>(childAddress, JOIN_PATH, {
      token_name: "joinable-bot",
      join_method: "iam",
      public_key_pem: keyPair().publicKeyPem,
      iam: { challenge: "Zm9yZ2Vk", signed_request: await signedIdentityRequest("Zm9yZ2Vk") },
    });
    expect(forged.status).toBe(403);
    const unknown = await post<WebErrorBody>(childAddress, JOIN_CHALLENGE_PATH, {
      token_name: "no-such-token",
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.code).toBe("PermissionDenied");
  });
});
