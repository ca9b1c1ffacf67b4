// Tool binaries for the simulated CDN's tarballs.
import type { TarballSpec, ToolBinaries } from "../sim/cdn/cdn.js";

/**
 * Minimal stand-ins that only answer `version` the way Teleport prints it. Used by installer tests that
 * never talk to a cluster; the simulator's full stand-ins live in test/sim/tools.
 */
export async function versionOnlyTools(spec: TarballSpec): Promise<ToolBinaries> {
  const product = spec.edition === "ent" ? "Teleport Enterprise" : "Teleport";
  const script = (tool: string) =>
    Buffer.from(
      [
        "#!/usr/bin/env node",
        `// ${tool} stand-in: version only`,
        `if (process.argv[2] === "version") { console.log(${JSON.stringify(`${product} v${spec.version} git:v${spec.version}-0-g1a2b3c4 go1.24.6`)}); process.exit(0); }`,
        `console.error("\\x1b[31mERROR: \\x1b[0m${tool} stand-in supports only 'version'"); process.exit(1);`,
        "",
      ].join("\n"),
    );
  return { tctl: script("tctl"), tbot: script("tbot") };
}
