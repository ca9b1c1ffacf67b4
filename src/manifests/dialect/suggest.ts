// The known field a misspelt or reworded one most likely means. Plain edit distance misses the usual
// mistakes (`database_users` for `db_users`, `role_options` for `options`), so names are first reduced to
// Teleport's own short words and then compared, and a known name a key ends or starts with also counts.
import { editDistance } from "../yaml-walker.js";

// Words people write out where Teleport's field names abbreviate them.
const SHORT_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/database/g, "db"],
  [/k8s|kube(?!rnetes)/g, "kubernetes"],
  [/certificate/g, "cert"],
  [/windows_(?!desktop)/g, "windows_desktop_"],
  [/-/g, "_"],
];

const reduce = (name: string): string =>
  SHORT_WORDS.reduce((text, [from, to]) => text.replace(from, to), name.toLowerCase());

/** The closest of `known` to `key`, when one is close enough to be a likely meaning. */
export function closestField(key: string, known: readonly string[]): string | undefined {
  const wanted = reduce(key);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const score = distance(wanted, reduce(name));
    if (score < bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= allowance(wanted) ? best : undefined;
}

function distance(wanted: string, name: string): number {
  if (wanted === name) return 0;
  // `role_options` ends with `options`; a whole known word inside the key is as good as a small typo.
  if (name.length >= 4 && (wanted.endsWith(`_${name}`) || wanted.startsWith(`${name}_`))) return 1;
  return editDistance(wanted, name);
}

const allowance = (name: string): number => (name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3);
