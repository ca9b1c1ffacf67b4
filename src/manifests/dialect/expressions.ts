// `where` clauses and label expressions: Teleport parses them when a role is written but only logs a
// warning when they do not parse (lib/services/role.go ValidateRole / validateRoleExpressions), so the role
// is stored with a clause that can never match as meant. Only the shape is checked here (brackets and
// string quotes), which is enough to catch a clause cut short; a finding is always a warning.
import type { Check } from "./types.js";

const PAIRS: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };

/** Why an expression cannot parse, judged by its brackets and quotes only, or undefined. */
function expressionShapeProblem(text: string): string | undefined {
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "`") {
      const end = closingQuote(text, i);
      if (end < 0) return `the string opened at character ${i + 1} is never closed`;
      i = end;
    } else if (c === "(" || c === "[" || c === "{") {
      open.push(c);
    } else if (c in PAIRS) {
      if (open.pop() !== PAIRS[c])
        return `${JSON.stringify(c)} at character ${i + 1} closes nothing that is open`;
    }
  }
  return open.length > 0 ? `${JSON.stringify(open[open.length - 1])} is opened but never closed` : undefined;
}

function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** On a string field holding an expression: a warning when it cannot parse. */
export const expressionShape =
  (what: string): Check =>
  (node, path, ctx) => {
    if (node.type !== "scalar" || typeof node.value !== "string" || node.value === "") return;
    const problem = expressionShapeProblem(node.value);
    if (!problem) return;
    ctx.warn(
      node.offset,
      path,
      `could not parse ${what} ${JSON.stringify(node.value)}: ${problem}; Teleport only logs this and stores the ` +
        "role, so the condition never works as written",
    );
  };
