// How tctl addresses a role or user on its command line (fact B8, lib/services/resource.go ParseRefs and
// ParseRef): `tctl get` and `tctl rm` split their argument into references at commas that no odd run of
// backslashes escapes, and each reference into kind, sub-kind and name at spaces, tabs and `/`. A name
// holding one of those is read as another name (`role/Dev Team` is the role "Team"), so such names are never
// handed to tctl: manifests refuse them, and every path that builds a reference checks again.

export interface TctlRef {
  kind: string;
  name: string;
}

/** Why tctl cannot address `name` as one reference, or undefined when it can. */
export function unaddressableName(name: string): string | undefined {
  if (name === "") return "it is empty";
  const found = [...name].find((c) => c === " " || c === "\t" || c === "/" || c === ",");
  if (found === undefined) return undefined;
  const what =
    found === " " ? "a space" : found === "\t" ? "a tab" : found === "/" ? "a slash (/)" : "a comma";
  return (
    `it holds ${what}, and tctl splits a reference at spaces, tabs and slashes (kind/sub-kind/name) and a ` +
    "list of references at commas, so tctl get and tctl rm would read it as another name"
  );
}

/** `kind/name`, refused when tctl would read it as another reference. */
export function tctlRef(ref: TctlRef): string {
  const problem = unaddressableName(ref.name);
  if (problem) throw new UnaddressableNameError(ref, problem);
  return `${ref.kind}/${ref.name}`;
}

class UnaddressableNameError extends Error {
  constructor(
    readonly ref: TctlRef,
    problem: string,
  ) {
    super(`${ref.kind} ${JSON.stringify(ref.name)} cannot be named to tctl: ${problem}`);
    this.name = "UnaddressableNameError";
  }
}

/** A name ending in an odd run of backslashes escapes the comma written after it (ParseRefs). */
export function escapesNextComma(name: string): boolean {
  const trailing = /\\*$/.exec(name)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

/**
 * The argument of one `tctl get` for several references, or undefined when they cannot share one: a name
 * ending in an escaping backslash must be the last of its list.
 */
export function joinRefs(refs: readonly TctlRef[]): string {
  const parts = refs.map(tctlRef);
  refs.slice(0, -1).forEach((ref) => {
    if (escapesNextComma(ref.name)) {
      throw new UnaddressableNameError(ref, "it ends in a backslash that would escape the comma after it");
    }
  });
  return parts.join(",");
}
