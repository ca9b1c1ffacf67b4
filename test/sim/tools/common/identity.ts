// Identity files as tbot writes them and tctl reads them. fact: B25 (block order:
// private key PEM, SSH certificate line, TLS certificate PEM, `@cert-authority` lines, TLS CA PEMs; reader
// rules: trimmed lines, SSH cert-type lines and `@cert-authority` lines by prefix, PEM blocks by position).
import { X509Certificate } from "node:crypto";
import { badParameter } from "./trace.js";

export interface IdentityFile {
  privateKeyPem: string;
  sshCert: string;
  tlsCertPem: string;
  sshCaLines: string[];
  tlsCaPems: string[];
}

const withNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

/** identityfile.Encode: every block ends with a newline. */
export function encodeIdentityFile(identity: IdentityFile): string {
  return [
    withNewline(identity.privateKeyPem),
    withNewline(identity.sshCert.trim()),
    withNewline(identity.tlsCertPem),
    ...identity.sshCaLines.map((line) => withNewline(line.trim())),
    ...identity.tlsCaPems.map(withNewline),
  ].join("");
}

/** An OpenSSH certificate type such as `ecdsa-sha2-nistp256-cert-v01@openssh.com`. */
function isSshCertLine(line: string): boolean {
  const type = line.split(/\s+/, 1)[0] ?? "";
  return /^[a-z0-9.@-]+-cert-v0[01]@openssh\.com$/.test(type);
}

/**
 * identityfile decode. assumption: the error texts for a file without an SSH certificate or without
 * the key/certificate PEM blocks are the stand-in's own.
 */
export function decodeIdentityFile(text: string): IdentityFile {
  const pems: string[] = [];
  let sshCert = "";
  const sshCaLines: string[] = [];
  let pem: string[] | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (pem) {
      pem.push(line);
      if (line.startsWith("-----END ")) {
        pems.push(`${pem.join("\n")}\n`);
        pem = undefined;
      }
      continue;
    }
    if (line.startsWith("-----BEGIN ")) pem = [line];
    else if (line.startsWith("@cert-authority")) sshCaLines.push(line);
    else if (isSshCertLine(line)) sshCert = line;
  }
  if (!sshCert) throw badParameter("identity file does not contain an SSH certificate");
  const [privateKeyPem, tlsCertPem, ...tlsCaPems] = pems;
  if (!privateKeyPem || !tlsCertPem) {
    throw badParameter("identity file does not contain a private key and a TLS certificate");
  }
  return { privateKeyPem, sshCert, tlsCertPem, sshCaLines, tlsCaPems };
}

/** The TLS certificate's validity end, for tctl's "credentials have expired" check. */
export function tlsCertNotAfter(identity: IdentityFile): Date {
  return new Date(new X509Certificate(identity.tlsCertPem).validTo);
}
