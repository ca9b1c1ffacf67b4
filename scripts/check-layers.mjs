// The layer check of `npm run lint`: every import in src/ goes to a lower layer or stays in its own folder,
// and no file reaches itself through imports. The layer order is written here once; README "Architecture"
// explains it. Exit 1 with one line per problem.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Lowest first. A folder (or a file directly in src/) may import only from a strictly lower layer. */
export const LAYERS = [
  ["core", "util", "cleanup", "generated"],
  ["net"],
  ["manifests", "teleport", "aws", "github"],
  ["join", "provision", "sync", "review"],
  ["tenant"],
  ["report", "inputs"],
  ["run"],
  ["modes"],
  ["main", "post"],
  ["index", "post-entry"],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** The top folder of src/ a file is in, or its own name when it sits directly in src/. */
export function unitOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  return parts.length === 1 ? parts[0].replace(/\.ts$/, "") : parts[0];
}

/** Relative imports and re-exports, type-only ones included: a type import still couples the layers. */
export function importsOf(file, text) {
  const found = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    found.push(path.normalize(path.join(path.dirname(file), m[1].replace(/\.js$/, ".ts"))));
  }
  return found;
}

export function checkLayers(root) {
  const problems = [];
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const targets = importsOf(file, readFileSync(file, "utf8"));
    graph.set(file, targets);
    const from = unitOf(root, file);
    for (const target of targets) {
      const to = unitOf(root, target);
      if (from === to) continue;
      if (!rank.has(from) || !rank.has(to)) {
        problems.push(
          `${path.relative(root, file)}: ${!rank.has(from) ? from : to} is in no layer of scripts/check-layers.mjs`,
        );
      } else if (rank.get(to) >= rank.get(from)) {
        const how = rank.get(to) === rank.get(from) ? "a folder of the same layer" : "a higher layer";
        problems.push(`${path.relative(root, file)} imports ${path.relative(root, target)} (${to}: ${how})`);
      }
    }
  }
  problems.push(
    ...cycles(graph).map((c) => `import circle: ${c.map((f) => path.relative(root, f)).join(" -> ")}`),
  );
  return problems;
}

/** Every strongly connected group of more than one file (Tarjan), each shown as a path back to its start. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const visit = (v) => {
    state.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!state.has(w)) {
        visit(w);
        state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
      } else if (state.get(w).onStack) state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
    }
    if (state.get(v).low === state.get(v).index) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push([...group.sort(), group[0]]);
    }
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayers(path.resolve(process.argv[2] ?? "src"));
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`${problems.length} layer problem(s); the order is LAYERS in scripts/check-layers.mjs`);
    process.exit(1);
  }
  console.log("layers: no upward import, no circle");
}
