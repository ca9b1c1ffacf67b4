// The stand-in executables as the tarball ships them: single files that run under `node` from their
// shebang, without node_modules, in plain and "type": "module" directories.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildToolBinaries } from "./build.js";
import { STAMP_PLACEHOLDERS } from "./common/version.js";
import { installTools, runExecutable } from "./harness.js";

describe("tool binaries", () => {
  let tools: Awaited<ReturnType<typeof installTools>>;

  beforeAll(async () => {
    tools = await installTools({ version: "17.3.4", edition: "ent" });
  });
  afterAll(async () => {
    await rm(tools.dir, { recursive: true, force: true });
  });

  it("starts with a node shebang and carries no placeholder", async () => {
    const { tctl, tbot } = await buildToolBinaries({ version: "17.3.4", edition: "ent" });
    for (const file of [tctl, tbot]) {
      const text = file.toString("utf8");
      expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
      for (const placeholder of Object.values(STAMP_PLACEHOLDERS)) expect(text).not.toContain(placeholder);
    }
    // tctl carries the .proto sources inlined.
    expect(tctl.toString("utf8")).toContain("package teleport.workloadcluster.v1;");
  });

  it("prints the version line without any network (real example: `Teleport Enterprise v17.3.4 git:v17.3.4-0-gc9d69ba go1.21.8`)", async () => {
    const tctl = await runExecutable(tools.tctl, ["version"]);
    expect(tctl.code).toBe(0);
    expect(tctl.stdout).toMatch(
      /^Teleport Enterprise v17\.3\.4 git:v17\.3\.4-0-g[0-9a-f]{7} go1\.\d+\.\d+\n$/,
    );
    const tbot = await runExecutable(tools.tbot, ["version"]);
    expect(tbot.code).toBe(0);
    expect(tbot.stdout).toBe(tctl.stdout);
  });

  it("stamps other versions and editions from the same bundle", async () => {
    const oss = await installTools({ version: "16.4.2", edition: "oss", fips: true });
    try {
      const result = await runExecutable(oss.tctl, ["version"]);
      expect(result.stdout).toMatch(
        /^Teleport v16\.4\.2 git:v16\.4\.2-0-g[0-9a-f]{7} go1\.\d+\.\d+ X:boringcrypto\n$/,
      );
    } finally {
      await rm(oss.dir, { recursive: true, force: true });
    }
  });

  it("fails with ERROR: and exit code 1 on a bad command line (fact: B3, B10)", async () => {
    const unknownKind = await runExecutable(tools.tctl, ["get", "foo"]);
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.stderr).toBe(
      "\x1b[31mERROR: \x1b[0munsupported resource: \"foo\" - resources should be expressed as 'type/name', for example 'connector/github'\n",
    );
    const identityOnly = await runExecutable(tools.tctl, ["-i", "/nonexistent", "get", "roles"]);
    expect(identityOnly.code).toBe(1);
    expect(identityOnly.stderr).toBe("\x1b[31mERROR: \x1b[0mtctl --identity also requires --auth-server\n");
  });

  it("runs inside a directory whose package.json says type: module", async () => {
    await writeFile(join(tools.dir, "package.json"), '{"type":"module"}\n');
    try {
      const result = await runExecutable(tools.tctl, ["version"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Teleport Enterprise v17.3.4");
    } finally {
      await rm(join(tools.dir, "package.json"));
    }
  });
});
