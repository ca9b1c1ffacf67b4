// Writes the inputs and outputs tables of README.md from action.yml, between marker comments.
// `node scripts/readme-tables.mjs` rewrites README.md; the unit tests check that it is up to date.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ").trim();

export function renderTables(actionYml) {
  const action = parse(actionYml);
  const inputs = [
    "| input | default | description |",
    "| --- | --- | --- |",
    ...Object.entries(action.inputs).map(
      ([name, spec]) =>
        `| \`${name}\` | ${spec.default ? `\`${cell(spec.default)}\`` : ""} | ${cell(spec.description)} |`,
    ),
  ].join("\n");
  const outputs = [
    "| output | description |",
    "| --- | --- |",
    ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
  ].join("\n");
  return { inputs, outputs };
}

export function applyTables(readme, tables) {
  let out = readme;
  for (const [name, table] of Object.entries(tables)) {
    const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
    if (!re.test(out))
      throw new Error(`README.md lacks the <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
    out = out.replace(re, `$1${table}$2`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = path.join(root, "README.md");
  const tables = renderTables(fs.readFileSync(path.join(root, "action.yml"), "utf8"));
  fs.writeFileSync(readmePath, applyTables(fs.readFileSync(readmePath, "utf8"), tables));
}
