// The bot's key pair: ECDSA P-256 (PKCS#8 PEM) or RSA 2048 (PKCS#1 PEM) depending on the cluster's
// signature algorithm suite, plus its OpenSSH public key line for `key.pub`.
// fact: B25 block 1 (PEM types), B22 (`auth.signature_algorithm_suite` in find).
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export type BotKeyAlgorithm = "ecdsa" | "rsa";

/**
 * assumption: the suite `legacy` (or its enum number 1) means RSA 2048; every other value, including
 * none, means ECDSA P-256.
 */
export function keyAlgorithmForSuite(suite: unknown): BotKeyAlgorithm {
  return suite === "legacy" || suite === 1 || suite === "SIGNATURE_ALGORITHM_SUITE_LEGACY" ? "rsa" : "ecdsa";
}

export interface BotKey {
  algorithm: BotKeyAlgorithm;
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM (wire.ts JoinRequest.public_key_pem). */
  publicKeyPem: string;
  /** `ecdsa-sha2-nistp256 AAAA...` / `ssh-rsa AAAA...` without a trailing newline. */
  sshPublicKey: string;
}

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let bytes = unsigned;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

export function sshPublicKeyLine(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.kty === "EC") {
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, "base64url"),
      Buffer.from(jwk.y!, "base64url"),
    ]);
    const blob = Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp256"), sshString(point)]);
    return `ecdsa-sha2-nistp256 ${blob.toString("base64")}`;
  }
  const blob = Buffer.concat([
    sshString("ssh-rsa"),
    sshMpint(Buffer.from(jwk.e!, "base64url")),
    sshMpint(Buffer.from(jwk.n!, "base64url")),
  ]);
  return `ssh-rsa ${blob.toString("base64")}`;
}

export function generateBotKey(algorithm: BotKeyAlgorithm): BotKey {
  const { privateKey, publicKey } =
    algorithm === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    algorithm,
    privateKeyPem: privateKey
      .export({ format: "pem", type: algorithm === "rsa" ? "pkcs1" : "pkcs8" })
      .toString(),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    sshPublicKey: sshPublicKeyLine(publicKey),
  };
}
