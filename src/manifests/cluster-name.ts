// Workload cluster names. Kept apart from the schema so that inputs naming clusters (the delete mode's
// `cluster-names`) are checked by the same rule as manifests without loading the YAML code.
import { quote } from "./errors.js";

/** A child's address is `<metadata.name>.teleport.sh` (fact: B15 status.domain example). */
export const CHILD_DOMAIN_SUFFIX = "teleport.sh";

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A name can hold thousands of distinct wrong characters; naming a few is enough to find them. */
const BAD_CHARS_NAMED = 5;

/**
 * Why `name` cannot be a workload cluster name, or undefined when it can. The name becomes the child's
 * domain `<name>.teleport.sh`, so it must be one lowercase DNS label (RFC 1123: 1-63 characters of a-z,
 * 0-9 and `-`, not starting or ending with `-`). No stricter Teleport Cloud limit was found in the facts.
 * `subject` starts the message; give "" when the name is not a manifest's `metadata.name`.
 */
export function clusterNameProblem(name: string, subject = "metadata.name"): string | undefined {
  if (DNS_LABEL.test(name)) return undefined;
  const reasons: string[] = [];
  if (name === "") reasons.push("is empty");
  if (name.length > 63) reasons.push(`is ${name.length} characters long`);
  if (/[A-Z]/.test(name)) reasons.push("has uppercase letters");
  const bad = badCharacters(name);
  if (bad.named.length > 0) {
    const more = bad.more > 0 ? ` and ${bad.more} other characters` : "";
    reasons.push(`contains ${bad.named.map((c) => JSON.stringify(c)).join(", ")}${more}`);
  }
  if (/^-|-$/.test(name)) reasons.push('starts or ends with "-"');
  const reason = reasons.join(" and ");
  const suggestion = suggestLabel(name);
  return (
    `${subject ? `${subject} ` : ""}${quote(name)} ${reason}: the name becomes the cluster's domain ` +
    `<name>.${CHILD_DOMAIN_SUFFIX}, so it must be a DNS label of 1-63 lowercase letters, digits and "-" ` +
    `that starts and ends with a letter or digit` +
    (suggestion ? ` (e.g. ${JSON.stringify(suggestion)})` : "")
  );
}

function badCharacters(name: string): { named: string[]; more: number } {
  const seen = new Set<string>();
  for (const ch of name) if (!isLabelCharacter(ch)) seen.add(ch);
  const all = [...seen];
  return { named: all.slice(0, BAD_CHARS_NAMED), more: Math.max(0, all.length - BAD_CHARS_NAMED) };
}

function isLabelCharacter(ch: string): boolean {
  return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch === "-";
}

function suggestLabel(name: string): string | undefined {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  return s !== name && DNS_LABEL.test(s) ? s : undefined;
}
