// Teleport's join-rule glob. fact: B31: the pattern is regex-quoted,
// then `*` becomes "zero or more characters" (including `/` and `:`), `?` becomes "exactly one
// character", the whole thing is anchored and case-sensitive; everything else is literal.

// Go's regexp `.` matches any code point except `\n`; `[^\n]` with the `u` flag is the same in JS
// (JS's own `.` would also refuse `\r`, U+2028 and U+2029).
const ANY_ONE = "[^\\n]";

const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += `${ANY_ONE}*`;
    else if (ch === "?") source += ANY_ONE;
    else source += ch.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^(?:${source})$`, "u");
}

export function globMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = compile(pattern);
    // Bounded: patterns come from a handful of token rules per test.
    if (compiled.size < 1000) compiled.set(pattern, re);
  }
  return re.test(value);
}
