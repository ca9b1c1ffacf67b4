// Pure facts about Teleport's release artifacts: versions, editions, architectures, tarball names and
// checksum files. No I/O here, so every rule is a row in a table test.

export type Edition = "oss" | "ent";

export interface ReleaseTarget {
  version: string;
  edition: Edition;
  fips: boolean;
  /** Teleport's architecture name (amd64, arm64). */
  arch: string;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

class ReleaseError extends Error {
  override name = "ReleaseError";
}

/**
 * An exact Teleport version such as `18.2.1`. Teleport's setup action takes full semver without a `v`
 * (fact: B74 "teleport-actions/setup"), and so do the CDN file names.
 */
export function parseExactVersion(value: string): string {
  const v = value.trim();
  if (SEMVER.test(v)) return v;
  if (/^v\d/.test(v) && SEMVER.test(v.slice(1))) {
    throw new ReleaseError(
      `"${value}" has a leading "v"; write the version without it, e.g. "${v.slice(1)}"`,
    );
  }
  if (/^\d+(\.\d+)?$/.test(v)) {
    throw new ReleaseError(
      `"${value}" is not a full version; give major.minor.patch (e.g. "${v.includes(".") ? v : `${v}.0`}.0"), or "auto" to match the cluster`,
    );
  }
  throw new ReleaseError(
    `"${value}" is not a Teleport version; give an exact version such as "18.2.1", or "auto"`,
  );
}

/**
 * Versions reported by a proxy may carry a leading `v` (the upgrade channels print `v17.4.2`).
 * fact: B75.
 */
export function normalizeReportedVersion(value: string): string | undefined {
  const v = value.trim().replace(/^v/, "");
  return SEMVER.test(v) ? v : undefined;
}

/** Node's `process.arch` to Teleport's architecture name. fact: B74 setup action arch map. */
export function teleportArch(nodeArch: string): string {
  switch (nodeArch) {
    case "x64":
      return "amd64";
    case "arm64":
      return "arm64";
    default:
      throw new ReleaseError(
        `runner architecture "${nodeArch}" is not supported: Teleport publishes Linux tarballs for x64 (amd64) and arm64 runners`,
      );
  }
}

export function assertLinux(platform: string): void {
  if (platform !== "linux") {
    throw new ReleaseError(
      `runner OS "${platform}" is not supported: this action installs Teleport's Linux tarballs`,
    );
  }
}

/**
 * File name on the CDN. fact: B74:
 * `teleport-v{V}-linux-{arch}-bin.tar.gz`, `teleport-ent-v{V}-linux-{arch}-bin.tar.gz`,
 * FIPS `teleport-ent-v{V}-linux-{arch}-fips-bin.tar.gz`.
 */
export function tarballName(target: ReleaseTarget): string {
  if (target.fips && target.edition !== "ent") {
    throw new ReleaseError("FIPS builds of Teleport are enterprise builds; use edition ent (or auto)");
  }
  const product = target.edition === "ent" ? "teleport-ent" : "teleport";
  const fips = target.fips ? "-fips" : "";
  return `${product}-v${target.version}-linux-${target.arch}${fips}-bin.tar.gz`;
}

export function tarballUrl(mirror: URL, target: ReleaseTarget): URL {
  const base = mirror.href.endsWith("/") ? mirror.href : `${mirror.href}/`;
  return new URL(tarballName(target), base);
}

/** A human description for errors: "Teleport Enterprise 18.2.1 (FIPS) for linux-amd64". */
export function describeTarget(target: ReleaseTarget): string {
  const edition = target.edition === "ent" ? "Enterprise" : "Community/OSS";
  return `Teleport ${edition} ${target.version}${target.fips ? " (FIPS)" : ""} for linux-${target.arch}`;
}

/** Name under the runner tool cache, so that builds of different editions never share a directory. */
export function toolCacheName(target: ReleaseTarget): string {
  return target.edition === "ent" ? (target.fips ? "teleport-ent-fips" : "teleport-ent") : "teleport";
}

/**
 * A `.sha256` file: 64 hex digits, optionally followed by the file name in sha256sum's text (`  name`) or
 * binary (` *name`) form. fact: B74 (install.sh runs `sha256sum -c`; Teleport's own
 * updater reads only the first 64 characters).
 */
export function parseChecksumFile(text: string, expectedFileName: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "");
  const match = line?.trim().match(/^([0-9a-fA-F]{64})(?:\s+\*?(\S.*))?$/);
  if (!match) {
    throw new ReleaseError(
      `the mirror's checksum file holds no SHA-256 digest (expected 64 hex digits, optionally followed by "${expectedFileName}")`,
    );
  }
  const name = match[2]?.trim();
  if (name !== undefined && name.replace(/^.*\//, "") !== expectedFileName) {
    throw new ReleaseError(`the mirror's checksum file is for "${name}", not for "${expectedFileName}"`);
  }
  return match[1]!.toLowerCase();
}

export function parseChecksumInput(value: string): string {
  const v = value.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(v)) {
    throw new ReleaseError("must be the tarball's SHA-256 digest: exactly 64 hex digits");
  }
  return v.toLowerCase();
}

/**
 * The version a Teleport binary reports. Real output: `Teleport Enterprise v17.3.4 git:v17.3.4-0-gc9d69ba go1.21.8`
 * (Teleport's enterprise guide), `Teleport v13.1.0 git:... go1.20.4` (teleport-actions/root tbot.ts comment).
 */
export function parseToolVersion(output: string): string | undefined {
  const match = output.match(/Teleport (?:Enterprise )?(?:FIPS )?v(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)/);
  return match?.[1];
}
