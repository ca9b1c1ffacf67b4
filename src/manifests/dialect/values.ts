// Reading already type-checked values for the rule checks: a check sees the value as Go would hold it
// after decoding (a missing field and null are both the zero value).
import { entry, type TNode, type TScalar } from "./node.js";

/** A field of a mapping, or undefined when absent, null, or the node is no mapping. */
export function field(node: TNode | undefined, key: string): TNode | undefined {
  if (node?.type !== "map") return undefined;
  const value = entry(node, key)?.value;
  return value?.type === "scalar" && value.value === null ? undefined : value;
}

/** A string field as Go holds it: "" when absent or null. */
export function text(node: TNode | undefined, key: string): string {
  const value = field(node, key);
  return value?.type === "scalar" && typeof value.value === "string" ? value.value : "";
}

/** The string elements of a `[]string` value, with where each is written (null elements are ""). */
export function items(node: TNode | undefined): Array<{ value: string; at: TScalar }> {
  if (node?.type !== "seq") return [];
  return node.items.flatMap((item) =>
    item.type === "scalar" ? [{ value: typeof item.value === "string" ? item.value : "", at: item }] : [],
  );
}

/** The elements of a list of mappings as Go holds them (a null element is an empty struct). */
export function elements(node: TNode | undefined): TNode[] {
  return node?.type === "seq" ? node.items : [];
}

/** A `utils.Strings` value as a list. */
export function stringsOf(node: TNode): string[] {
  if (node.type === "scalar") return [typeof node.value === "string" ? node.value : ""];
  return items(node).map((i) => i.value);
}
