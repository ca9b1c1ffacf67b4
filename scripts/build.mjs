// Bundles the action's two entry points with @vercel/ncc into dist/ (or the directory given as the first
// argument, which the dist freshness test uses). The output must not depend on where the repository lives.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const entries = { main: "src/index.ts", post: "src/post-entry.ts" };
const ncc = path.join(root, "node_modules", "@vercel", "ncc", "dist", "ncc", "cli.js");

fs.rmSync(out, { recursive: true, force: true });
for (const [name, entry] of Object.entries(entries)) {
  execFileSync(
    process.execPath,
    [ncc, "build", entry, "-t", "-o", path.join(out, name), "--license", "licenses.txt", "-q"],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
}

// The notices of every runtime package, beside the bundles (scripts/notices.mjs says why not ncc's alone).
execFileSync(process.execPath, [path.join(root, "scripts", "notices.mjs"), out], { stdio: "inherit" });
