// The build stamp of a stand-in executable. tools/build.ts replaces the placeholder strings in the
// bundled text, so one bundle serves every version, edition and FIPS flavour.
import { createHash } from "node:crypto";

export const STAMP_PLACEHOLDERS = {
  version: "__SIM_STAMP_VERSION_0d6c1f__",
  edition: "__SIM_STAMP_EDITION_0d6c1f__",
  fips: "__SIM_STAMP_FIPS_0d6c1f__",
} as const;

export interface BuildStamp {
  version: string;
  edition: "ent" | "oss";
  fips: boolean;
}

/** The stamp of this executable; unstamped (test) runs report a development build. */
export function currentStamp(): BuildStamp {
  const version: string = STAMP_PLACEHOLDERS.version;
  const edition: string = STAMP_PLACEHOLDERS.edition;
  const fips: string = STAMP_PLACEHOLDERS.fips;
  return {
    version: version.startsWith("__SIM_STAMP") ? "0.0.0-dev" : version,
    edition: edition === "oss" ? "oss" : "ent",
    fips: fips === "yes",
  };
}

/**
 * assumption: the Go toolchain in the version line is fixed at go1.24.6; FIPS builds show Go's
 * boringcrypto marker (`X:boringcrypto`) after it, as runtime.Version() does for such builds.
 */
export const GO_VERSION = "go1.24.6";

/** A stable fake commit for a version: the `g<7 hex>` part of `git describe`. */
export function gitCommit(version: string): string {
  return createHash("sha1").update(`teleport v${version}`).digest("hex").slice(0, 7);
}

/**
 * `Teleport Enterprise v17.3.4 git:v17.3.4-0-gc9d69ba go1.21.8` (real example from the brief);
 * `Teleport v<V> ...` for OSS builds.
 */
export function versionLine(stamp: BuildStamp): string {
  const product = stamp.edition === "ent" ? "Teleport Enterprise" : "Teleport";
  const go = stamp.fips ? `${GO_VERSION} X:boringcrypto` : GO_VERSION;
  return `${product} v${stamp.version} git:v${stamp.version}-0-g${gitCommit(stamp.version)} ${go}`;
}
