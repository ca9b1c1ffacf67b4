// Identities the simulated clusters issue: TLS client certificates that carry the Teleport user and its
// roles, OpenSSH user certificates signed by the cluster's SSH user CA, and the `identity` file tbot writes.
// fact: B25 (identity file layout) and B23 (mutual TLS with it).
import "reflect-metadata";
import {
  createPublicKey,
  generateKeyPair as generateNodeKeyPair,
  KeyObject,
  X509Certificate as NodeX509Certificate,
  randomBytes,
  sign,
  webcrypto,
} from "node:crypto";
import { promisify } from "node:util";
import * as x509 from "@peculiar/x509";
import {
  type CertificateAuthority,
  generateKeyPair,
  issueCertificate,
  type KeyAlgorithm,
  privateKeyPem,
} from "../common/pki.js";

const generateKeyPairAsync = promisify(generateNodeKeyPair);

// ---------------------------------------------------------------------------------------------------
// OpenSSH wire encoding (RFC 4251 §5, PROTOCOL.certkeys). Written from the format description.

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

function sshString(value: Buffer | string): Buffer {
  const data = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  return Buffer.concat([u32(data.length), data]);
}

/** A positive multiple-precision integer from unsigned big-endian bytes. */
function mpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  let body = unsigned.subarray(i);
  if (body.length === 1 && body[0] === 0) body = Buffer.alloc(0);
  else if (body.length > 0 && (body[0]! & 0x80) !== 0) body = Buffer.concat([Buffer.from([0]), body]);
  return sshString(body);
}

const b64url = (s: string | undefined) => Buffer.from(s ?? "", "base64url");

interface SshKeyShape {
  /** e.g. `ecdsa-sha2-nistp256` or `ssh-rsa`. */
  type: string;
  /** The key fields that follow the type string in the public key blob. */
  fields: Buffer;
}

function sshKeyShape(publicKey: KeyObject): SshKeyShape {
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.kty === "EC") {
    if (jwk.crv !== "P-256") throw new Error(`unsupported curve ${jwk.crv}`);
    const point = Buffer.concat([Buffer.from([4]), b64url(jwk.x), b64url(jwk.y)]);
    return { type: "ecdsa-sha2-nistp256", fields: Buffer.concat([sshString("nistp256"), sshString(point)]) };
  }
  if (jwk.kty === "RSA") {
    return { type: "ssh-rsa", fields: Buffer.concat([mpint(b64url(jwk.e)), mpint(b64url(jwk.n))]) };
  }
  throw new Error(`unsupported key type ${jwk.kty}`);
}

/** The SSH public key blob (what an authorized_keys line carries in base64). */
export function sshPublicKeyBlob(publicKey: KeyObject): Buffer {
  const shape = sshKeyShape(publicKey);
  return Buffer.concat([sshString(shape.type), shape.fields]);
}

/** `<type> <base64 blob>`, the authorized_keys form of a public key. */
export function sshAuthorizedKey(publicKey: KeyObject): string {
  return `${sshKeyShape(publicKey).type} ${sshPublicKeyBlob(publicKey).toString("base64")}`;
}

function sshSignature(privateKey: KeyObject, data: Buffer): Buffer {
  if (privateKey.asymmetricKeyType === "ec") {
    const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const half = raw.length / 2;
    const rs = Buffer.concat([mpint(raw.subarray(0, half)), mpint(raw.subarray(half))]);
    return Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString(rs)]);
  }
  // assumption: RSA CAs sign with rsa-sha2-512, the SHA-2 variant OpenSSH and x/crypto prefer.
  const raw = sign("sha512", data, privateKey);
  return Buffer.concat([sshString("rsa-sha2-512"), sshString(raw)]);
}

export interface SshCertificateAuthority {
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** authorized_keys form of the CA public key. */
  authorizedKey: string;
}

export async function createSshCertificateAuthority(
  algorithm: KeyAlgorithm = "ecdsa",
): Promise<SshCertificateAuthority> {
  const { privateKey, publicKey } =
    algorithm === "ecdsa"
      ? await generateKeyPairAsync("ec", { namedCurve: "P-256" })
      : await generateKeyPairAsync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  return { algorithm, privateKey, publicKey, authorizedKey: sshAuthorizedKey(publicKey) };
}

export interface SshUserCertificateOptions {
  ca: SshCertificateAuthority;
  publicKey: KeyObject;
  keyId: string;
  principals: string[];
  validAfter: Date;
  validBefore: Date;
  /** Extension name -> value; an empty value is a flag extension. */
  extensions?: Record<string, string>;
}

/**
 * An OpenSSH user certificate as one authorized-key line, e.g. `ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA...`
 * (identity file block 2, fact: B25).
 */
export function signSshUserCertificate(options: SshUserCertificateOptions): string {
  const shape = sshKeyShape(options.publicKey);
  const certType = `${shape.type}-cert-v01@openssh.com`;
  const extensionNames = Object.keys(options.extensions ?? {}).sort();
  const extensions = Buffer.concat(
    extensionNames.map((name) => {
      const value = options.extensions?.[name] ?? "";
      return Buffer.concat([sshString(name), sshString(value === "" ? Buffer.alloc(0) : sshString(value))]);
    }),
  );
  const seconds = (d: Date) => BigInt(Math.floor(d.getTime() / 1000));
  const body = Buffer.concat([
    sshString(certType),
    sshString(randomBytes(32)),
    shape.fields,
    u64(BigInt(`0x${randomBytes(8).toString("hex")}`) & 0x7fffffffffffffffn),
    u32(1), // SSH_CERT_TYPE_USER
    sshString(options.keyId),
    sshString(Buffer.concat(options.principals.map((p) => sshString(p)))),
    u64(seconds(options.validAfter)),
    u64(seconds(options.validBefore)),
    sshString(Buffer.alloc(0)), // critical options
    sshString(extensions),
    sshString(Buffer.alloc(0)), // reserved
    sshString(sshPublicKeyBlob(options.ca.publicKey)),
  ]);
  const cert = Buffer.concat([body, sshString(sshSignature(options.ca.privateKey, body))]);
  return `${certType} ${cert.toString("base64")}`;
}

/** `@cert-authority <cluster>,*.<cluster> <key> type=host` (fact: B25 block 4). */
export function sshHostCaLine(clusterName: string, hostCa: SshCertificateAuthority): string {
  return `@cert-authority ${clusterName},*.${clusterName} ${hostCa.authorizedKey} type=host`;
}

// ---------------------------------------------------------------------------------------------------
// TLS identities.

/**
 * Who a client certificate says the caller is.
 * assumption: like Teleport, the user name is the subject CN and the roles are the subject O values; a
 * certificate from the cluster's Host CA is a builtin (host/service) identity, not a user.
 */
export interface CallerIdentity {
  kind: "user" | "builtin";
  user: string;
  roles: string[];
  /** Bots are local users named `bot-<name>` (fact: B59). */
  bot: boolean;
}

const OID_CN = "2.5.4.3";
const OID_O = "2.5.4.10";

function escapeDnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, "\\$&")
    .replace(/^([ #])/, "\\$1")
    .replace(/ $/, "\\ ");
}

export function identitySubject(user: string, roles: string[]): string {
  return [`CN=${escapeDnValue(user)}`, ...roles.map((r) => `O=${escapeDnValue(r)}`)].join(", ");
}

/** Reads the caller from a verified client certificate; `hostCa` tells builtin identities apart. */
export function callerFromCertificate(raw: Buffer, hostCa: CertificateAuthority): CallerIdentity {
  const cert = new x509.X509Certificate(new Uint8Array(raw));
  const user = cert.subjectName.getField(OID_CN)[0] ?? "";
  const roles = cert.subjectName.getField(OID_O);
  const hostIssued = new NodeX509Certificate(raw).verify(createPublicKey(hostCa.certPem));
  return { kind: hostIssued ? "builtin" : "user", user, roles, bot: !hostIssued && user.startsWith("bot-") };
}

/** Whether `raw` was signed by one of `cas` (used to refuse another cluster's certificates). */
export function issuedBy(raw: Buffer, cas: CertificateAuthority[]): boolean {
  const cert = new NodeX509Certificate(raw);
  return cas.some(
    (ca) => cert.checkIssued(new NodeX509Certificate(ca.certPem)) && cert.verify(createPublicKey(ca.certPem)),
  );
}

export async function importPublicKeyPem(
  pem: string,
): Promise<{ cryptoKey: CryptoKey; keyObject: KeyObject; algorithm: KeyAlgorithm }> {
  const keyObject = createPublicKey(pem);
  const der = keyObject.export({ format: "der", type: "spki" });
  if (keyObject.asymmetricKeyType === "ec") {
    const cryptoKey = await webcrypto.subtle.importKey(
      "spki",
      der,
      { name: "ECDSA", namedCurve: "P-256" },
      true,
      ["verify"],
    );
    return { cryptoKey, keyObject, algorithm: "ecdsa" };
  }
  if (keyObject.asymmetricKeyType === "rsa") {
    const cryptoKey = await webcrypto.subtle.importKey(
      "spki",
      der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    return { cryptoKey, keyObject, algorithm: "rsa" };
  }
  throw new Error(`unsupported public key type ${keyObject.asymmetricKeyType}`);
}

/** The cluster CAs an identity is issued from. */
export interface IdentityIssuer {
  clusterName: string;
  hostCa: CertificateAuthority;
  userCa: CertificateAuthority;
  sshHostCa: SshCertificateAuthority;
  sshUserCa: SshCertificateAuthority;
}

export interface IssuedIdentity {
  user: string;
  roles: string[];
  /** Empty when the caller supplied the public key (the private key stays with it). */
  keyPem: string;
  tlsCertPem: string;
  sshCert: string;
  tlsCaPems: string[];
  sshCaLines: string[];
  notAfter: Date;
}

export interface IssueIdentityOptions {
  user: string;
  roles: string[];
  /** SubjectPublicKeyInfo PEM; a key pair of `algorithm` is generated when absent. */
  publicKeyPem?: string;
  algorithm?: KeyAlgorithm;
  /** assumption: one hour, tbot's default credential_ttl (fact: B27). */
  ttlMs?: number;
  /** Logins on the SSH certificate. */
  principals?: string[];
  /** Real time: X.509 validity is checked by TLS against the wall clock, not the simulator clock. */
  now?: Date;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;

export async function issueIdentity(
  issuer: IdentityIssuer,
  options: IssueIdentityOptions,
): Promise<IssuedIdentity> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + (options.ttlMs ?? DEFAULT_TTL_MS));
  let keyPem = "";
  let cryptoKey: CryptoKey;
  let keyObject: KeyObject;
  if (options.publicKeyPem) {
    ({ cryptoKey, keyObject } = await importPublicKeyPem(options.publicKeyPem));
  } else {
    const pair = await generateKeyPair(options.algorithm ?? "ecdsa");
    keyPem = await privateKeyPem(pair.privateKey);
    cryptoKey = pair.publicKey;
    keyObject = KeyObject.from(pair.publicKey);
  }
  const tls = await issueCertificate(issuer.userCa, {
    subject: identitySubject(options.user, options.roles),
    client: true,
    publicKey: cryptoKey,
    notBefore,
    notAfter,
  });
  const sshCert = signSshUserCertificate({
    ca: issuer.sshUserCa,
    publicKey: keyObject,
    keyId: options.user,
    // assumption: Teleport's internal join principal plus any logins; the stand-ins never SSH anywhere.
    principals: options.principals ?? ["-teleport-internal-join"],
    validAfter: notBefore,
    validBefore: notAfter,
    extensions: {
      "permit-agent-forwarding": "",
      "permit-port-forwarding": "",
      "permit-pty": "",
      "teleport-roles": JSON.stringify({ version: "v1", roles: options.roles }),
    },
  });
  return {
    user: options.user,
    roles: [...options.roles],
    keyPem,
    tlsCertPem: tls.certPem,
    sshCert,
    tlsCaPems: [issuer.hostCa.certPem],
    sshCaLines: [sshHostCaLine(issuer.clusterName, issuer.sshHostCa)],
    notAfter,
  };
}

/** A builtin (service) identity signed by the Host CA, e.g. role `Proxy`. Not a user. */
export async function issueBuiltinIdentity(issuer: IdentityIssuer, role: string): Promise<IssuedIdentity> {
  const pair = await generateKeyPair("ecdsa");
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + DEFAULT_TTL_MS);
  const tls = await issueCertificate(issuer.hostCa, {
    subject: identitySubject(`${randomBytes(8).toString("hex")}.${issuer.clusterName}`, [role]),
    client: true,
    server: true,
    publicKey: pair.publicKey,
    notBefore,
    notAfter,
  });
  return {
    user: "",
    roles: [role],
    keyPem: await privateKeyPem(pair.privateKey),
    tlsCertPem: tls.certPem,
    sshCert: "",
    tlsCaPems: [issuer.hostCa.certPem],
    sshCaLines: [],
    notAfter,
  };
}

const block = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

/**
 * The `identity` file: private key PEM, SSH certificate line, TLS certificate PEM, `@cert-authority`
 * lines, Host CA PEMs, in that order, each ending with a newline. fact: B25.
 */
export function formatIdentityFile(
  identity: Pick<IssuedIdentity, "keyPem" | "sshCert" | "tlsCertPem" | "sshCaLines" | "tlsCaPems">,
): string {
  if (!identity.keyPem) throw new Error("an identity file needs the private key");
  return [
    block(identity.keyPem),
    block(identity.sshCert),
    block(identity.tlsCertPem),
    ...identity.sshCaLines.map(block),
    ...identity.tlsCaPems.map(block),
  ].join("");
}
