// Identities: the TLS subject carries user and roles, the OpenSSH certificate is a valid user certificate
// signed by the cluster's SSH user CA, and the key block follows Teleport's encoding.
// Facts: B25 (identity file blocks, PKCS#1 for RSA, PKCS#8 for ECDSA).
import { execFileSync } from "node:child_process";
import { createHash, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCluster, type SimCluster } from "./cluster.js";
import {
  callerFromCertificate,
  formatIdentityFile,
  issueBuiltinIdentity,
  issuedBy,
  issueIdentity,
} from "./identity.js";

let ecdsa: SimCluster;
let rsa: SimCluster;

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");

/**
 * Splits an OpenSSH certificate into the signed part and the signature: the signature is the string that
 * follows the CA's public key blob at the end of the certificate.
 */
function splitCertificate(line: string, caAuthorizedKey: string) {
  const blob = Buffer.from(line.split(" ")[1] ?? "", "base64");
  const caBlob = Buffer.from(caAuthorizedKey.split(" ")[1] ?? "", "base64");
  const lenPrefix = Buffer.alloc(4);
  lenPrefix.writeUInt32BE(caBlob.length);
  const at = blob.lastIndexOf(Buffer.concat([lenPrefix, caBlob]));
  expect(at).toBeGreaterThan(0);
  const end = at + 4 + caBlob.length;
  const sigLen = blob.readUInt32BE(end);
  expect(end + 4 + sigLen).toBe(blob.length);
  return { signed: blob.subarray(0, end), signature: blob.subarray(end + 4) };
}

function hasSshKeygen(): boolean {
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined && (err as { code?: string }).code !== "ENOENT";
  }
}

beforeAll(async () => {
  [ecdsa, rsa] = await Promise.all([
    createCluster({ name: "ec.teleport.sh", version: "18.2.0" }),
    createCluster({ name: "rsa.teleport.sh", version: "18.2.0", keyAlgorithm: "rsa" }),
  ]);
});

describe("TLS identities", () => {
  it("encodes the user and roles in the certificate and tells builtin identities apart", async () => {
    const id = await issueIdentity(ecdsa, { user: "bot-a,b", roles: ["editor", "r+1"] });
    expect(callerFromCertificate(der(id.tlsCertPem), ecdsa.hostCa)).toEqual({
      kind: "user",
      user: "bot-a,b",
      roles: ["editor", "r+1"],
      bot: true,
    });
    expect(issuedBy(der(id.tlsCertPem), [ecdsa.userCa])).toBe(true);
    expect(issuedBy(der(id.tlsCertPem), [rsa.userCa, rsa.hostCa])).toBe(false);
    const builtin = await issueBuiltinIdentity(ecdsa, "Proxy");
    expect(callerFromCertificate(der(builtin.tlsCertPem), ecdsa.hostCa)).toMatchObject({
      kind: "builtin",
      roles: ["Proxy"],
    });
  });

  it("writes RSA keys as PKCS#1 and ECDSA keys as PKCS#8 (fact: B25 block 1)", async () => {
    const r = await issueIdentity(rsa, { user: "bot-r", roles: ["x"], algorithm: "rsa" });
    const e = await issueIdentity(ecdsa, { user: "bot-e", roles: ["x"] });
    expect(formatIdentityFile(r).split("\n")[0]).toBe("-----BEGIN RSA PRIVATE KEY-----");
    expect(formatIdentityFile(e).split("\n")[0]).toBe("-----BEGIN PRIVATE KEY-----");
    expect(r.sshCert).toMatch(/^ssh-rsa-cert-v01@openssh\.com AAAA/);
  });
});

describe("OpenSSH user certificates", () => {
  it.each([
    "ecdsa",
    "rsa",
  ] as const)("signs a %s certificate that verifies with the SSH user CA", async (alg) => {
    const cluster = alg === "ecdsa" ? ecdsa : rsa;
    const id = await issueIdentity(cluster, { user: "bot-ssh", roles: ["r1"], algorithm: alg });
    const { signed, signature } = splitCertificate(id.sshCert, cluster.sshUserCa.authorizedKey);
    // signature = string(algorithm) + string(signature bytes)
    const algLen = signature.readUInt32BE(0);
    const sigAlg = signature.subarray(4, 4 + algLen).toString();
    const sig = signature.subarray(8 + algLen);
    const caKey = cluster.sshUserCa.publicKey;
    if (alg === "ecdsa") {
      expect(sigAlg).toBe("ecdsa-sha2-nistp256");
      // sig = mpint r + mpint s; convert to IEEE P1363 to verify independently of the signer's code.
      const rLen = sig.readUInt32BE(0);
      const r = sig.subarray(4, 4 + rLen);
      const s = sig.subarray(8 + rLen);
      const pad = (b: Buffer) => Buffer.concat([Buffer.alloc(32), b]).subarray(-32);
      const p1363 = Buffer.concat([pad(r.subarray(r[0] === 0 ? 1 : 0)), pad(s.subarray(s[0] === 0 ? 1 : 0))]);
      expect(verify("sha256", signed, { key: caKey, dsaEncoding: "ieee-p1363" }, p1363)).toBe(true);
    } else {
      expect(sigAlg).toBe("rsa-sha2-512");
      expect(verify("sha512", signed, caKey, sig)).toBe(true);
    }
  });

  it.skipIf(!hasSshKeygen())(
    "is parsed by ssh-keygen as a user certificate with the key id and CA",
    async () => {
      const id = await issueIdentity(ecdsa, { user: "bot-ssh", roles: ["r1"] });
      const dir = mkdtempSync(join(tmpdir(), "sim-ssh-"));
      try {
        const file = join(dir, "key-cert.pub");
        writeFileSync(file, `${id.sshCert}\n`);
        const out = execFileSync("ssh-keygen", ["-L", "-f", file], { encoding: "utf8" });
        expect(out).toContain("user certificate");
        expect(out).toContain('Key ID: "bot-ssh"');
        const caBlob = Buffer.from(ecdsa.sshUserCa.authorizedKey.split(" ")[1] ?? "", "base64");
        const fingerprint = createHash("sha256").update(caBlob).digest("base64").replace(/=+$/, "");
        expect(out).toContain(`Signing CA: ECDSA SHA256:${fingerprint}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("writes the host CA as a known_hosts @cert-authority line (fact: B25 block 4)", async () => {
    const id = await issueIdentity(ecdsa, { user: "bot-x", roles: [] });
    expect(id.sshCaLines).toEqual([
      `@cert-authority ec.teleport.sh,*.ec.teleport.sh ${ecdsa.sshHostCa.authorizedKey} type=host`,
    ]);
  });
});
