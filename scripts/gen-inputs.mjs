// Writes src/generated/inputs.ts from action.yml, the one definition of the inputs: their names (the type
// the code reads inputs by) and defaults. The runner fills in action.yml's defaults and the code applies the
// same ones to an input given as "", so they must not be written twice. Generated as TypeScript, not read
// from action.yml at run time, so the bundle parses no YAML at start-up.
// `npm run build` runs it; a unit test fails when the committed file is not what action.yml gives.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATED_INPUTS = "src/generated/inputs.ts";

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

export function renderInputs(actionYml) {
  const { inputs } = parse(actionYml);
  const entries = Object.entries(inputs).map(([name, spec]) => [name, String(spec?.default ?? "")]);
  return [
    "// Generated from action.yml by scripts/gen-inputs.mjs (npm run build): edit action.yml, not this file.",
    ...(entries.some(([, value]) => value.includes("${"))
      ? [
          "// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a default may be runner expression text, as action.yml writes it.",
        ]
      : []),
    "",
    "/** Every input of action.yml, with action.yml's default. */",
    "export const INPUT_DEFAULTS = {",
    ...entries.map(([name, value]) => `  ${key(name)}: ${JSON.stringify(value)},`),
    "} as const satisfies Record<string, string>;",
    "",
    "export type InputName = keyof typeof INPUT_DEFAULTS;",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = renderInputs(fs.readFileSync(path.join(root, "action.yml"), "utf8"));
  fs.mkdirSync(path.dirname(path.join(root, GENERATED_INPUTS)), { recursive: true });
  fs.writeFileSync(path.join(root, GENERATED_INPUTS), text);
}
