// Identity-file parsing. Identities come from the simulator's own issuer (test/sim), which shares no code
// with src/. fact: B25 (layout), B23 (client cert + CA pool).
import { beforeAll, describe, expect, it } from "vitest";
import { parseIdentityFile } from "../../src/teleport/identity.js";
import { createCluster, type SimCluster } from "../sim/cluster/cluster.js";
import { formatIdentityFile, type IssuedIdentity, issueIdentity } from "../sim/cluster/identity.js";

let rsaCluster: SimCluster;
let ecCluster: SimCluster;
let rsa: IssuedIdentity;
let ec: IssuedIdentity;

beforeAll(async () => {
  [rsaCluster, ecCluster] = await Promise.all([
    createCluster({ name: "rsa.teleport.sh", version: "18.2.0", keyAlgorithm: "rsa" }),
    createCluster({ name: "ec.teleport.sh", version: "18.2.0", keyAlgorithm: "ecdsa" }),
  ]);
  [rsa, ec] = await Promise.all([
    issueIdentity(rsaCluster, { user: "bot-rsa-admin", roles: ["workload-cluster-admin"], algorithm: "rsa" }),
    issueIdentity(ecCluster, { user: "alice@example.com", roles: ["editor"], algorithm: "ecdsa" }),
  ]);
});

describe("parseIdentityFile", () => {
  it("reads an RSA identity (PKCS#1 key) with the user, expiry and Host CA", () => {
    const text = formatIdentityFile(rsa);
    expect(rsa.keyPem).toContain("BEGIN RSA PRIVATE KEY");
    const id = parseIdentityFile(text);
    expect(id.username).toBe("bot-rsa-admin");
    expect(id.keyPem.trim()).toBe(rsa.keyPem.trim());
    expect(id.certPem.trim()).toBe(rsa.tlsCertPem.trim());
    expect(id.caPems.map((p) => p.trim())).toEqual([rsaCluster.hostCa.certPem.trim()]);
    expect(id.sshCert).toMatch(/^ssh-rsa-cert-v01@openssh\.com /);
    expect(id.sshCaLines).toHaveLength(1);
    expect(id.sshCaLines[0]).toMatch(/^@cert-authority rsa\.teleport\.sh,\*\.rsa\.teleport\.sh /);
    // X.509 times have second precision.
    expect(Math.abs(id.expires.getTime() - rsa.notAfter.getTime())).toBeLessThan(1000);
  });

  it("reads an ECDSA identity (PKCS#8 key)", () => {
    expect(ec.keyPem).toContain("BEGIN PRIVATE KEY");
    const id = parseIdentityFile(formatIdentityFile(ec));
    expect(id.username).toBe("alice@example.com");
    expect(id.sshCert).toMatch(/^ecdsa-sha2-nistp256-cert-v01@openssh\.com /);
    expect(id.caPems).toHaveLength(1);
  });

  it("keeps every trailing CA block (CA rotation) and tolerates CRLF and indentation", () => {
    const text = formatIdentityFile({
      ...ec,
      tlsCaPems: [ecCluster.hostCa.certPem, rsaCluster.hostCa.certPem],
    });
    const crlf = text
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\r\n");
    const id = parseIdentityFile(crlf);
    expect(id.caPems).toHaveLength(2);
    expect(id.username).toBe("alice@example.com");
  });

  it("accepts an identity without SSH CA lines or TLS CAs (the caller decides what it needs)", () => {
    const id = parseIdentityFile(formatIdentityFile({ ...ec, sshCaLines: [], tlsCaPems: [] }));
    expect(id.caPems).toEqual([]);
    expect(id.sshCaLines).toEqual([]);
  });

  const failures: [string, () => string, RegExp][] = [
    [
      "no SSH certificate line",
      () => formatIdentityFile(ec).replace(/^ecdsa-sha2.*$/m, ""),
      /no SSH certificate line/,
    ],
    ["no PEM block at all", () => `${ec.sshCert}\n`, /no private key PEM block/],
    [
      "only a key",
      () => `${ec.keyPem}${ec.sshCert}\n`,
      /no TLS certificate found \(it must be the second PEM block/,
    ],
    [
      "certificate before the key",
      () => `${ec.tlsCertPem.trim()}\n${ec.sshCert}\n${ec.keyPem}`,
      /first PEM block \(line 1\) is a "CERTIFICATE" block/,
    ],
    [
      "a key that is not a key",
      () => formatIdentityFile(ec).replace(/(BEGIN PRIVATE KEY-----\n)[A-Za-z0-9+/]{8}/, "$1AAAAAAAA"),
      /the private key \(PEM block at line 1\) cannot be read/,
    ],
    [
      "a certificate of another key",
      () => formatIdentityFile({ ...ec, tlsCertPem: rsa.tlsCertPem }),
      /does not belong to the private key/,
    ],
    [
      "an unterminated block",
      () => formatIdentityFile(ec).replace(/-----END CERTIFICATE-----\n$/, ""),
      /never ends/,
    ],
  ];

  it.each(failures)("fails clearly on %s", (_name, text, message) => {
    expect(() => parseIdentityFile(text())).toThrow(message);
  });

  it("never puts key material into an error message", () => {
    const body = ec.keyPem.split("\n")[1]!;
    const broken = formatIdentityFile(ec).replace(body, body.slice(0, 20));
    let message = "";
    try {
      parseIdentityFile(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe("");
    for (const line of ec.keyPem.split("\n").filter((l) => l && !l.startsWith("-----"))) {
      expect(message).not.toContain(line.slice(0, 16));
    }
  });
});
