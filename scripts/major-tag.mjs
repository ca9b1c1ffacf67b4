// The major tag a release tag moves (`v1.2.3` -> `v1`), for .github/workflows/release.yml. Callers of the action
// pin `@v0`/`@v1`, so the major tag must only ever move forward to a stable release: a prerelease
// (`v1.2.3-rc.1`) moves nothing, and neither does a patch of an older line (`v1.2.4` once `v1.3.0` exists).
// Anything that is not `v` + a semantic version is refused, so a mistyped tag publishes nothing.
//   node scripts/major-tag.mjs v1.2.3 [existing tags...]
// writes `major=v1` (empty when nothing moves) and `prerelease=false` to $GITHUB_OUTPUT (stdout without one);
// a refused tag is an `::error::` annotation on stdout and exit 1.
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// Semantic versioning 2.0.0: no leading zeros in the numbers or in numeric prerelease identifiers.
const NUMBER = "(0|[1-9]\\d*)";
const IDENTIFIER = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const RELEASE_TAG = new RegExp(
  `^v${NUMBER}\\.${NUMBER}\\.${NUMBER}(-${IDENTIFIER}(?:\\.${IDENTIFIER})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

function parse(tag) {
  const m = RELEASE_TAG.exec(tag);
  if (!m) return undefined;
  return { numbers: [Number(m[1]), Number(m[2]), Number(m[3])], prerelease: m[4] !== undefined };
}

/** Whether the tag is a prerelease. Throws when it is not a release tag. */
export function isPrerelease(tag) {
  const version = parse(tag);
  if (!version) {
    const hint = /^v\d+$/.test(tag) ? ` (${tag} is a major tag: the release workflow moves it)` : "";
    throw new Error(`"${tag}" is not a release tag: expected v<major>.<minor>.<patch>[-<prerelease>]${hint}`);
  }
  return version.prerelease;
}

/**
 * The major tag to move to this release, or `""` when none moves: a prerelease, or a stable release older
 * than one of `existing` (other tags of the repository; the ones that are not release tags are skipped).
 */
export function majorTag(tag, existing = []) {
  if (isPrerelease(tag)) return "";
  const [major, minor, patch] = parse(tag).numbers;
  const newer = existing.map(parse).some((v) => {
    if (!v || v.prerelease || v.numbers[0] !== major) return false;
    return v.numbers[1] > minor || (v.numbers[1] === minor && v.numbers[2] > patch);
  });
  return newer ? "" : `v${major}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [tag = "", ...existing] = process.argv.slice(2);
  try {
    const lines = `major=${majorTag(tag, existing)}\nprerelease=${isPrerelease(tag)}\n`;
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines);
    else process.stdout.write(lines);
  } catch (err) {
    process.stdout.write(`::error::${err.message}\n`);
    process.exit(1);
  }
}
