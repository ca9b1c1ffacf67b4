// Builds the `tctl` and `tbot` stand-in executables the simulated CDN ships inside its tarballs: each is
// one self-contained file (`#!/usr/bin/env node` + an esbuild bundle with every dependency and the
// .proto sources inlined) that runs under Node 20+ without node_modules. Each tool is bundled once per
// process; versions, editions and FIPS flavours are stamped by replacing placeholder strings.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { SETTINGS_PLACEHOLDER } from "./common/tool-settings.js";
import { STAMP_PLACEHOLDERS } from "./common/version.js";

const TOOLS_DIR = dirname(fileURLToPath(import.meta.url));
const PROTO_DIR = join(TOOLS_DIR, "..", "proto");

/**
 * The bundle is CommonJS. Node loads an extension-less file as ESM when the nearest package.json says
 * "type": "module" (e.g. a tarball unpacked inside such a project), where `require` does not exist, so
 * the banner provides one from process.getBuiltinModule (Node >= 20.16) in that case.
 */
const BANNER = [
  "#!/usr/bin/env node",
  '"use strict";',
  'var require = typeof require === "function" ? require : process.getBuiltinModule("module").createRequire(process.argv[1]);',
].join("\n");

/** Replaces common/proto-files.ts (which reads the files at run time) with the inlined sources. */
const inlineProtoFiles: Plugin = {
  name: "inline-proto-files",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/proto-files\.js$/ }, () => ({
      path: "proto-files",
      namespace: "sim-proto",
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: "sim-proto" }, () => {
      const files = Object.fromEntries(
        readdirSync(PROTO_DIR)
          .filter((name) => name.endsWith(".proto"))
          .sort()
          .map((name) => [name, readFileSync(join(PROTO_DIR, name), "utf8")]),
      );
      return { contents: `export const PROTO_FILES = ${JSON.stringify(files)};`, loader: "js" };
    });
  },
};

async function bundle(tool: "tctl" | "tbot"): Promise<string> {
  const main = tool === "tctl" ? "runTctl" : "runTbot";
  const result = await build({
    stdin: {
      contents: [
        `import { ${main} } from "./${tool}.js";`,
        'import { runAsProcess } from "./common/io.js";',
        `runAsProcess(${main}, { handleSignals: ${tool === "tbot"}, tool: "${tool}" });`,
      ].join("\n"),
      resolveDir: TOOLS_DIR,
      sourcefile: `${tool}-main.ts`,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    minify: false,
    legalComments: "none",
    banner: { js: BANNER },
    plugins: [inlineProtoFiles],
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${tool}`);
  const text = output.text;
  for (const placeholder of [...Object.values(STAMP_PLACEHOLDERS), SETTINGS_PLACEHOLDER]) {
    if (!text.includes(placeholder))
      throw new Error(`${tool} bundle lost the stamp placeholder ${placeholder}`);
  }
  return text;
}

let bundles: Promise<{ tctl: string; tbot: string }> | undefined;

function bundlesOnce(): Promise<{ tctl: string; tbot: string }> {
  bundles ??= Promise.all([bundle("tctl"), bundle("tbot")]).then(([tctl, tbot]) => ({ tctl, tbot }));
  // A failed build is not cached, so a later call can retry.
  bundles.catch(() => {
    bundles = undefined;
  });
  return bundles;
}

interface StampOptions {
  version: string;
  edition: "ent" | "oss";
  fips?: boolean;
  /** The simulator's tool settings file (tools/common/tool-settings.ts); unset: none. */
  settingsFile?: string;
}

function stamp(text: string, opts: StampOptions): Buffer {
  return Buffer.from(
    text
      .split(SETTINGS_PLACEHOLDER)
      .join(opts.settingsFile ?? SETTINGS_PLACEHOLDER)
      .split(STAMP_PLACEHOLDERS.version)
      .join(opts.version)
      .split(STAMP_PLACEHOLDERS.edition)
      .join(opts.edition)
      .split(STAMP_PLACEHOLDERS.fips)
      .join(opts.fips ? "yes" : "no"),
    "utf8",
  );
}

export async function buildToolBinaries(opts: StampOptions): Promise<{ tctl: Buffer; tbot: Buffer }> {
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(opts.version)) {
    throw new Error(
      `buildToolBinaries: version must look like 17.3.4 (no leading v), got ${JSON.stringify(opts.version)}`,
    );
  }
  if (opts.edition !== "ent" && opts.edition !== "oss") {
    throw new Error(`buildToolBinaries: edition must be "ent" or "oss", got ${JSON.stringify(opts.edition)}`);
  }
  const { tctl, tbot } = await bundlesOnce();
  return { tctl: stamp(tctl, opts), tbot: stamp(tbot, opts) };
}
