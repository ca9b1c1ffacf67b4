// Writes dist/THIRD-PARTY-NOTICES.txt: every package the action's runtime dependencies pull in (the
// packages of package-lock.json not marked dev), with its version, its license and the license text it ships.
// ncc's own --license output misses packages that only lazily loaded chunks use (yaml, tinyglobby,
// tar-stream), so the notices are made from the lock file instead; listing a package the bundle does not
// end up using is harmless, leaving one out is not.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The runtime packages of the lock file: `{name, version, license, dir}`, by name. */
export function runtimePackages(lock) {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith("node_modules/") && !entry.dev && !entry.devOptional)
    .map(([key, entry]) => ({
      name: key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length),
      version: entry.version,
      license: entry.license ?? "",
      dir: key,
    }))
    .sort((a, b) => (a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1));
}

function licenseText(dir) {
  const full = path.join(root, dir);
  const file = fs.existsSync(full)
    ? fs.readdirSync(full).find((f) => /^(licen[cs]e|copying)([-.][\w.-]+)?$/i.test(f))
    : undefined;
  return file ? fs.readFileSync(path.join(full, file), "utf8").trim() : "";
}

/** A package that ships no license file but names Apache-2.0 gets that license's text, from our LICENSE. */
function textOf(p) {
  const own = licenseText(p.dir);
  if (own) return own;
  if (p.license === "Apache-2.0") {
    const apache = fs.readFileSync(path.join(root, "LICENSE"), "utf8").trim();
    return `(The package ships no license file; its package.json names Apache-2.0, whose text follows.)\n\n${apache}`;
  }
  return "(no license file in the package)";
}

export function notices(lock) {
  const parts = runtimePackages(lock).map(
    (p) => `${p.name} ${p.version}\nLicense: ${p.license}\n\n${textOf(p)}`,
  );
  return `Third-party software bundled in dist/ by the teleport-workload-cluster-action build.\n\n${parts.join(
    `\n\n${"-".repeat(78)}\n\n`,
  )}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? path.join(root, "dist"));
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "THIRD-PARTY-NOTICES.txt"), notices(lock));
}
