import { describe, expect, it } from "vitest";
import {
  normalizeReportedVersion,
  parseChecksumFile,
  parseChecksumInput,
  parseExactVersion,
  parseToolVersion,
  type ReleaseTarget,
  tarballName,
  tarballUrl,
  teleportArch,
  toolCacheName,
} from "../../src/teleport/release.js";

const target = (over: Partial<ReleaseTarget> = {}): ReleaseTarget => ({
  version: "18.2.1",
  edition: "ent",
  fips: false,
  arch: "amd64",
  ...over,
});

describe("versions", () => {
  it.each(["18.2.1", "17.0.0", "16.4.10", "18.0.0-rc.1", "17.1.0+build.5"])("accepts %s", (v) => {
    expect(parseExactVersion(v)).toBe(v);
  });
  it.each([
    ["v17.0.1", /leading "v"/],
    ["v17", /is not a Teleport version/],
    ["latest", /is not a Teleport version/],
    ["17", /not a full version.*"17\.0\.0"/],
    ["17.1", /not a full version.*"17\.1\.0"/],
    ["17.1.x", /is not a Teleport version/],
    ["", /is not a Teleport version/],
  ])("rejects %j", (v, message) => {
    expect(() => parseExactVersion(v)).toThrow(message);
  });
  it.each([
    ["v17.4.2", "17.4.2"],
    ["17.4.2", "17.4.2"],
    ["none", undefined],
  ])("normalizes a reported version %j", (v, want) => {
    expect(normalizeReportedVersion(v)).toBe(want);
  });
});

describe("architectures", () => {
  it.each([
    ["x64", "amd64"],
    ["arm64", "arm64"],
  ])("maps %s to %s", (node, teleport) => expect(teleportArch(node)).toBe(teleport));
  it.each(["ia32", "arm", "s390x", "ppc64"])("rejects %s with a clear error", (node) => {
    expect(() => teleportArch(node)).toThrow(`runner architecture "${node}" is not supported`);
  });
});

describe("tarball names (fact: B74 CDN URL patterns)", () => {
  it.each([
    [target(), "teleport-ent-v18.2.1-linux-amd64-bin.tar.gz", "teleport-ent"],
    [target({ arch: "arm64" }), "teleport-ent-v18.2.1-linux-arm64-bin.tar.gz", "teleport-ent"],
    [target({ edition: "oss" }), "teleport-v18.2.1-linux-amd64-bin.tar.gz", "teleport"],
    [target({ fips: true }), "teleport-ent-v18.2.1-linux-amd64-fips-bin.tar.gz", "teleport-ent-fips"],
  ])("%j -> %s", (t, name, cacheName) => {
    expect(tarballName(t)).toBe(name);
    expect(toolCacheName(t)).toBe(cacheName);
  });
  it("refuses an OSS FIPS build, which Teleport does not publish", () => {
    expect(() => tarballName(target({ edition: "oss", fips: true }))).toThrow(
      /FIPS builds of Teleport are enterprise/,
    );
  });
  it.each([
    ["https://cdn.teleport.dev", "https://cdn.teleport.dev/teleport-ent-v18.2.1-linux-amd64-bin.tar.gz"],
    [
      "https://mirror.example.com/teleport/",
      "https://mirror.example.com/teleport/teleport-ent-v18.2.1-linux-amd64-bin.tar.gz",
    ],
    [
      "https://mirror.example.com/teleport",
      "https://mirror.example.com/teleport/teleport-ent-v18.2.1-linux-amd64-bin.tar.gz",
    ],
  ])("joins mirror %s", (mirror, url) => {
    expect(tarballUrl(new URL(mirror), target()).href).toBe(url);
  });
});

describe(".sha256 files (fact: B74 Checksums)", () => {
  const digest = "ab".repeat(32);
  const name = "teleport-ent-v18.2.1-linux-amd64-bin.tar.gz";
  it.each([
    [`${digest}  ${name}\n`],
    [`${digest} *${name}\n`],
    [`${digest}\n`],
    [`${digest.toUpperCase()}  ${name}`],
    [`\n${digest}  ./dist/${name}\n`],
  ])("reads %j", (text) => {
    expect(parseChecksumFile(text, name)).toBe(digest);
  });
  it.each([
    ["", /holds no SHA-256 digest/],
    ["<html><body>404</body></html>", /holds no SHA-256 digest/],
    [`${digest.slice(2)}  ${name}`, /holds no SHA-256 digest/],
    [
      `${digest}  teleport-v18.2.1-linux-amd64-bin.tar.gz`,
      /is for "teleport-v18\.2\.1-linux-amd64-bin\.tar\.gz"/,
    ],
  ])("rejects %j", (text, message) => {
    expect(() => parseChecksumFile(text, name)).toThrow(message);
  });
  it("accepts a pinned digest in either case and rejects anything else", () => {
    expect(parseChecksumInput(` ${digest.toUpperCase()} `)).toBe(digest);
    expect(() => parseChecksumInput("sha256:" + digest)).toThrow(/64 hex digits/);
  });
});

describe("tool version output", () => {
  it.each([
    ["Teleport Enterprise v17.3.4 git:v17.3.4-0-gc9d69ba go1.21.8", "17.3.4"],
    ["Teleport v13.1.0 git:v13.1.0-0-gd83ec74 go1.20.4", "13.1.0"],
    ["Teleport Enterprise FIPS v16.1.0 git:x go1.22", "16.1.0"],
    ["Teleport v18.0.0-rc.1 git:x go1.24", "18.0.0-rc.1"],
    ["tctl: command not found", undefined],
  ])("%j -> %s", (out, v) => expect(parseToolVersion(out)).toBe(v));
});
