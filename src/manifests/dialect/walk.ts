// Walks one value against its FieldType the way Go's JSON decoder would fill the Go type: a value of the
// wrong JSON type is an error (the decoder refuses the whole document, B71); a field the Go struct lacks
// is a warning (the decoder drops it silently, B61). A type's checks run only when everything under it
// decoded, because Teleport never reaches CheckAndSetDefaults otherwise.
import type { TEntry, TMap, TNode, TScalar } from "./node.js";
import { describe, isPlainNonString, jsonText, yaml11Advice } from "./scalars.js";
import { closestField } from "./suggest.js";
import type { CheckContext, FieldType } from "./types.js";

/** Checks `node` as a value of `type`; returns whether it decodes. */
export function checkValue(type: FieldType, node: TNode, field: string, ctx: CheckContext): boolean {
  const ok = decodes(type, node, field, ctx);
  if (ok) for (const check of type.checks) check(node, field, ctx);
  return ok;
}

function decodes(type: FieldType, node: TNode, field: string, ctx: CheckContext): boolean {
  const { shape } = type;
  switch (shape.is) {
    case "skip":
      return true;
    case "opaque":
      return (
        node.type === "map" ||
        (node.type === "scalar" && node.value === null) ||
        mismatch(type, node, field, ctx)
      );
    case "ignored":
      ctx.warn(
        node.offset,
        field,
        `${field} is never read by Teleport (its Go field is tagged json:"-"), so it has no effect`,
      );
      return true;
    case "scalar":
      return node.type === "scalar" ? scalar(type, node, field, ctx) : mismatch(type, node, field, ctx);
    case "stringOrList":
      return stringOrList(type, node, field, ctx);
    case "list":
      return list(type, shape.of, node, field, ctx);
    case "map":
      return map(type, shape.values, node, field, ctx);
    case "object":
      return object(type, shape.fields, node, field, ctx);
  }
}

function scalar(type: FieldType, s: TScalar, field: string, ctx: CheckContext): boolean {
  if (type.shape.is !== "scalar") return true;
  const verdict = type.shape.test(s);
  if (verdict === undefined) return true;
  if ("warning" in verdict) {
    ctx.warn(s.offset, field, `${field}: ${verdict.warning}`);
    return true;
  }
  if ("problem" in verdict) {
    ctx.error(s.offset, field, `${field}: ${verdict.problem}`);
    return false;
  }
  return mismatch(type, s, field, ctx);
}

/** The decoder's type error, with the advice a reader needs to fix it. */
function mismatch(type: FieldType, node: TNode, field: string, ctx: CheckContext): false {
  const head = `${field} must be ${type.takes} (Teleport's type is ${type.goType})`;
  // A plain `no` where quoting would do: say what YAML 1.1 made of it rather than only what was found.
  const quoteIt = quotingHelps(type, node) ? `; ${yaml11Advice(node as TScalar)}` : undefined;
  ctx.error(
    node.offset,
    field,
    quoteIt ? `${head}${quoteIt}` : `${head}, found ${describe(node)}${advice(type, node)}`,
  );
  return false;
}

function quotingHelps(type: FieldType, node: TNode): boolean {
  if (!isPlainNonString(node) || type.shape.is !== "scalar") return false;
  const verdict = type.shape.test({ ...node, value: node.source, style: "quoted" });
  return verdict === undefined || "warning" in verdict;
}

function advice(type: FieldType, node: TNode): string {
  const { shape } = type;
  if (
    node.type === "scalar" &&
    typeof node.value === "string" &&
    shape.is === "list" &&
    shape.of.goType === "string"
  ) {
    return `; write [${node.source}]`;
  }
  if (node.type === "seq" && shape.is === "map") {
    return "; write it as one mapping (name: value), not as a list of mappings";
  }
  return "";
}

function stringOrList(type: FieldType, node: TNode, field: string, ctx: CheckContext): boolean {
  if (node.type === "scalar") {
    if (typeof node.value === "string" || node.value === null) return true;
    const head = `${field} must be ${type.takes} (Teleport's type is ${type.goType})`;
    const found = isPlainNonString(node) ? `; ${yaml11Advice(node)}` : `, found ${describe(node)}`;
    ctx.error(node.offset, field, `${head}${found}`);
    return false;
  }
  if (node.type === "map") return mismatch(type, node, field, ctx);
  return list(
    type,
    { ...type, goType: "string", takes: "a string", shape: { is: "scalar", test: stringTest } },
    node,
    field,
    ctx,
  );
}

const stringTest = (s: TScalar) =>
  typeof s.value === "string" || s.value === null ? undefined : ({ mismatch: true } as const);

function list(type: FieldType, of: FieldType, node: TNode, field: string, ctx: CheckContext): boolean {
  if (node.type === "scalar" && node.value === null) return true;
  if (node.type !== "seq") return mismatch(type, node, field, ctx);
  let ok = true;
  node.items.forEach((item, i) => {
    // Go leaves a null element of a slice of structs as the zero struct, whose checks still run.
    const value: TNode =
      item.type === "scalar" && item.value === null && of.shape.is === "object" ? emptyAt(item) : item;
    if (!checkValue(of, value, `${field}[${i}]`, ctx)) ok = false;
  });
  return ok;
}

const emptyAt = (node: TNode): TMap => ({ type: "map", entries: [], offset: node.offset });

function map(type: FieldType, values: FieldType, node: TNode, field: string, ctx: CheckContext): boolean {
  if (node.type === "scalar" && node.value === null) return true;
  if (node.type !== "map") return mismatch(type, node, field, ctx);
  let ok = true;
  for (const e of node.entries) {
    const child = childField(field, e.key);
    keyCoercion(e, child, ctx);
    if (!checkValue(values, e.value, child, ctx)) ok = false;
  }
  return ok;
}

function object(
  type: FieldType,
  fields: Readonly<Record<string, FieldType>>,
  node: TNode,
  field: string,
  ctx: CheckContext,
): boolean {
  if (node.type === "scalar" && node.value === null) return true;
  if (node.type !== "map") return mismatch(type, node, field, ctx);
  let ok = true;
  for (const e of node.entries) {
    const child = field ? `${field}.${e.key}` : e.key;
    const known = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
    if (!known) {
      unknownField(type, Object.keys(fields), e, child, ctx);
      continue;
    }
    if (!checkValue(known, e.value, child, ctx)) ok = false;
  }
  return ok;
}

function unknownField(
  type: FieldType,
  known: readonly string[],
  e: TEntry,
  field: string,
  ctx: CheckContext,
): void {
  const coerced =
    e.key !== e.keySource
      ? ` (YAML 1.1, which Teleport reads, makes the key ${e.keySource} ${jsonText(e.key)})`
      : "";
  const near = closestField(e.key, known);
  const hint = near ? `; did you mean ${near}?` : "";
  ctx.warn(
    e.keyOffset,
    field,
    `${field} is not a field of Teleport's ${type.goType}${coerced}; Teleport drops it silently, so it has no effect${hint}`,
  );
}

/** A plain key YAML 1.1 turns into another string (`on:` is "true"): Teleport keeps that other string. */
function keyCoercion(e: TEntry, field: string, ctx: CheckContext): void {
  if (e.key === e.keySource) return;
  ctx.warn(
    e.keyOffset,
    field,
    `YAML 1.1, which Teleport reads, turns the key ${e.keySource} into ${jsonText(e.key)}; quote it (${JSON.stringify(e.keySource)}) to keep it as written`,
  );
}

/** `a.b` for plain names, `a["x/y"]` for names a dotted path would misread. */
export function childField(field: string, key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}
