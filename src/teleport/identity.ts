// Reads a Teleport identity file (what `tbot`'s identity service and `tctl auth sign` write).
// fact: B25: blocks in order: private key PEM (RSA as PKCS#1 "RSA PRIVATE KEY",
// ECDSA/Ed25519 as PKCS#8 "PRIVATE KEY"), one SSH certificate line, the TLS certificate PEM,
// `@cert-authority` lines, then the TLS CA PEMs. The reader trims lines, takes a line with an OpenSSH
// certificate type as the SSH certificate, and assigns PEM blocks by position: 1st key, 2nd certificate,
// the rest CAs; it fails when there is no SSH certificate.
// Error messages name blocks and positions only, never their contents: the file holds a private key.
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";

export interface Identity {
  keyPem: string;
  certPem: string;
  /** The cluster's Host CA certificates: the trust roots for the Auth server (fact: B23). */
  caPems: string[];
  sshCert: string;
  /** `@cert-authority` known_hosts lines (used only by SSH paths; kept for completeness). */
  sshCaLines: string[];
  /** The Teleport user of the TLS certificate (its subject CN), e.g. `bot-workload-admin`. */
  username: string;
  /** The TLS certificate's NotAfter. */
  expires: Date;
}

class IdentityFileError extends Error {
  override name = "IdentityFileError";
}

/** OpenSSH certificate key types end in `-cert-v01@openssh.com` (e.g. `ssh-ed25519-cert-v01@openssh.com`). */
const SSH_CERT_LINE = /^[a-z0-9.@-]+-cert-v0[01]@openssh\.com\s+\S+/i;
const PEM_BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const PEM_END = /^-----END ([A-Z0-9 ]+)-----$/;

interface PemBlock {
  label: string;
  text: string;
  /** 1-based line of the BEGIN line, for error messages. */
  line: number;
}

function ordinal(n: number): string {
  return ["first", "second", "third", "fourth", "fifth"][n - 1] ?? `${n}th`;
}

/** The subject CN from Node's `subject` text (one `KEY=value` per line). */
function commonName(cert: X509Certificate): string {
  for (const line of cert.subject.split("\n")) {
    if (line.startsWith("CN=")) return line.slice(3);
  }
  return "";
}

function parseCertificate(block: PemBlock, role: string): X509Certificate {
  if (block.label !== "CERTIFICATE") {
    throw new IdentityFileError(
      `the ${role} (PEM block at line ${block.line}) is a "${block.label}" block, expected "CERTIFICATE"`,
    );
  }
  try {
    return new X509Certificate(block.text);
  } catch {
    throw new IdentityFileError(
      `the ${role} (PEM block at line ${block.line}) is not a valid X.509 certificate`,
    );
  }
}

export function parseIdentityFile(text: string): Identity {
  const blocks: PemBlock[] = [];
  const sshCerts: string[] = [];
  const sshCaLines: string[] = [];
  let open: { label: string; lines: string[]; line: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (open) {
      open.lines.push(line);
      const end = line.match(PEM_END);
      if (end) {
        if (end[1] !== open.label) {
          throw new IdentityFileError(
            `the PEM block that starts at line ${open.line} ("${open.label}") ends with "${end[1]}" at line ${i + 1}`,
          );
        }
        blocks.push({ label: open.label, text: `${open.lines.join("\n")}\n`, line: open.line });
        open = undefined;
      }
      continue;
    }
    if (line === "") continue;
    const begin = line.match(PEM_BEGIN);
    if (begin) open = { label: begin[1]!, lines: [line], line: i + 1 };
    else if (line.startsWith("@cert-authority")) sshCaLines.push(line);
    else if (SSH_CERT_LINE.test(line)) sshCerts.push(line);
    // Anything else (comments, blank lines, known_hosts without a marker) is ignored like Teleport does.
  }
  if (open)
    throw new IdentityFileError(
      `the PEM block that starts at line ${open.line} ("${open.label}") never ends`,
    );

  const sshCert = sshCerts[0];
  if (!sshCert) {
    throw new IdentityFileError(
      "no SSH certificate line (e.g. `ssh-ed25519-cert-v01@openssh.com AAAA...`) found; is this a Teleport identity file written by tbot or `tctl auth sign --format=file`?",
    );
  }
  const [keyBlock, certBlock, ...caBlocks] = blocks;
  if (!keyBlock)
    throw new IdentityFileError("no private key PEM block found (it must be the first PEM block)");
  if (!certBlock) {
    throw new IdentityFileError(
      "no TLS certificate found (it must be the second PEM block, after the private key)",
    );
  }
  if (!/PRIVATE KEY$/.test(keyBlock.label)) {
    throw new IdentityFileError(
      `the first PEM block (line ${keyBlock.line}) is a "${keyBlock.label}" block; an identity file starts with the private key ("RSA PRIVATE KEY" or "PRIVATE KEY")`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock.text);
  } catch {
    // The parser's own message can quote key bytes; say only where the problem is.
    throw new IdentityFileError(`the private key (PEM block at line ${keyBlock.line}) cannot be read`);
  }
  const cert = parseCertificate(certBlock, "TLS certificate");
  if (!cert.checkPrivateKey(key)) {
    throw new IdentityFileError("the TLS certificate does not belong to the private key in the same file");
  }
  caBlocks.forEach((block, index) => {
    parseCertificate(block, `${ordinal(index + 1)} TLS CA certificate`);
  });
  return {
    keyPem: keyBlock.text,
    certPem: certBlock.text,
    caPems: caBlocks.map((b) => b.text),
    sshCert,
    sshCaLines,
    username: commonName(cert),
    expires: new Date(cert.validTo),
  };
}
