// The simulator's own X.509 code. It shares nothing with src/ so that a mistake in the product's
// certificate handling cannot be hidden by the same mistake here.
import "reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeyAlgorithm = "ecdsa" | "rsa";

const ECDSA: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const RSA: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};

function params(alg: KeyAlgorithm): EcKeyGenParams | RsaHashedKeyGenParams {
  return alg === "ecdsa" ? ECDSA : RSA;
}

export async function generateKeyPair(alg: KeyAlgorithm = "ecdsa"): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(params(alg), true, ["sign", "verify"])) as CryptoKeyPair;
}

/**
 * PEM of a private key the way Teleport writes it: RSA as PKCS#1 ("RSA PRIVATE KEY"), ECDSA as PKCS#8
 * ("PRIVATE KEY"). fact: B25 block 1.
 */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  const keyObject = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  if (keyObject.asymmetricKeyType === "rsa") {
    return keyObject.export({ format: "pem", type: "pkcs1" }).toString();
  }
  return keyObject.export({ format: "pem", type: "pkcs8" }).toString();
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
}

export interface CertificateAuthority extends IssuedCertificate {
  keys: CryptoKeyPair;
  algorithm: KeyAlgorithm;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)))
    .toString("hex")
    .replace(/^0+/, "1");
}

function signingAlgorithm(alg: KeyAlgorithm): Algorithm {
  return alg === "ecdsa" ? ECDSA : RSA;
}

export async function createCertificateAuthority(
  commonName: string,
  options: { algorithm?: KeyAlgorithm; organization?: string; notBefore?: Date; days?: number } = {},
): Promise<CertificateAuthority> {
  const algorithm = options.algorithm ?? "ecdsa";
  const keys = await generateKeyPair(algorithm);
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const org = options.organization ? `, O=${options.organization}` : "";
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}${org}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.days ?? 365) * 86_400_000),
    keys,
    signingAlgorithm: signingAlgorithm(algorithm),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert,
    certPem: cert.toString("pem"),
    keyPem: await privateKeyPem(keys.privateKey),
    keys,
    algorithm,
  };
}

export interface IssueOptions {
  /** Subject, as an RFC 4514-like string, e.g. `CN=alice, O=editor, O=access`. */
  subject: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  server?: boolean;
  client?: boolean;
  /** Subject public key; a fresh key pair of `algorithm` is generated when absent. */
  publicKey?: CryptoKey;
  algorithm?: KeyAlgorithm;
  notBefore?: Date;
  notAfter?: Date;
  extensions?: x509.Extension[];
}

export async function issueCertificate(
  ca: CertificateAuthority,
  options: IssueOptions,
): Promise<IssuedCertificate & { keys?: CryptoKeyPair }> {
  const keys = options.publicKey ? undefined : await generateKeyPair(options.algorithm ?? "ecdsa");
  const publicKey = options.publicKey ?? keys!.publicKey;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const altNames: x509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  const usages: string[] = [];
  if (options.server) usages.push(x509.ExtendedKeyUsage.serverAuth);
  if (options.client) usages.push(x509.ExtendedKeyUsage.clientAuth);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    ...(usages.length ? [new x509.ExtendedKeyUsageExtension(usages, false)] : []),
    ...(altNames.length ? [new x509.SubjectAlternativeNameExtension(altNames, false)] : []),
    ...(options.extensions ?? []),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: options.subject,
    issuer: ca.cert.subject,
    notBefore,
    notAfter: options.notAfter ?? new Date(notBefore.getTime() + 30 * 86_400_000),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(ca.algorithm),
    extensions,
  });
  return {
    cert,
    certPem: cert.toString("pem"),
    keyPem: keys ? await privateKeyPem(keys.privateKey) : "",
    ...(keys ? { keys } : {}),
  };
}

/** A server certificate for loopback services (the CDN mirror, STS, OIDC issuer, web proxies). */
export async function issueLoopbackServerCertificate(
  ca: CertificateAuthority,
  extraDnsNames: string[] = [],
): Promise<IssuedCertificate> {
  return issueCertificate(ca, {
    subject: "CN=127.0.0.1",
    dnsNames: ["localhost", ...extraDnsNames],
    ipAddresses: ["127.0.0.1"],
    server: true,
  });
}
