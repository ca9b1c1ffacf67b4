// The simulator's .proto sources. When the stand-ins are bundled (tools/build.ts), this module is
// replaced by one with the file contents inlined, so the executables need no files at run time.
import { readdirSync, readFileSync } from "node:fs";

const PROTO_DIR = new URL("../../proto/", import.meta.url);

export const PROTO_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(PROTO_DIR)
    .filter((name) => name.endsWith(".proto"))
    .sort()
    .map((name) => [name, readFileSync(new URL(name, PROTO_DIR), "utf8")]),
);
