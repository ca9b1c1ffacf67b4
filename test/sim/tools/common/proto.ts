// The WorkloadClusterService messages (test/sim/proto, package teleport.workloadcluster.v1) and their
// protojson form. fact: B16 (workload_cluster is printed with protojson, UseProtoNames,
// empty fields omitted; decoded with DisallowUnknown, keys are proto field names).
import protobuf from "protobufjs";
import { type JsonDocument, type JsonNode, lineColumn, rawToken } from "./json.js";
import { PROTO_FILES } from "./proto-files.js";
import { badParameter } from "./trace.js";

export const WORKLOAD_CLUSTER_SERVICE = "teleport.workloadcluster.v1.WorkloadClusterService";

let cachedRoot: protobuf.Root | undefined;

/** All simulator protos in one resolved root, with google.protobuf well-known types from protobufjs. */
export function protoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  const common = protobuf.common as unknown as {
    get(file: string): { nested: protobuf.INamespace["nested"] };
  };
  for (const file of ["google/protobuf/timestamp.proto", "google/protobuf/empty.proto"]) {
    root.addJSON(common.get(file).nested!);
  }
  // Dependencies first: a file is parsed after every simulator file it imports.
  const pending = new Map(Object.entries(PROTO_FILES));
  for (let round = 0; pending.size > 0 && round < 32; round++) {
    for (const [name, source] of pending) {
      const imports = [...source.matchAll(/^\s*import\s+"([^"]+)"\s*;/gm)].map((m) => m[1]!);
      if (imports.some((file) => pending.has(file) && file !== name)) continue;
      protobuf.parse(source, root, { keepCase: true });
      pending.delete(name);
    }
  }
  if (pending.size > 0) throw new Error(`unresolvable proto imports in ${[...pending.keys()].join(", ")}`);
  root.resolveAll();
  cachedRoot = root;
  return root;
}

export function protoType(name: string): protobuf.Type {
  return protoRoot().lookupType(name);
}

const TIMESTAMP = ".google.protobuf.Timestamp";
const EMPTY = ".google.protobuf.Empty";

function longToString(value: unknown): string {
  if (value && typeof value === "object" && "toString" in value)
    return (value as { toString(): string }).toString();
  return String(value);
}

/** RFC 3339 with 0, 3, 6 or 9 fraction digits, as protojson writes google.protobuf.Timestamp. */
export function formatTimestamp(seconds: number, nanos: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (nanos === 0) return `${base}Z`;
  let fraction = String(nanos).padStart(9, "0");
  if (nanos % 1_000_000 === 0) fraction = fraction.slice(0, 3);
  else if (nanos % 1000 === 0) fraction = fraction.slice(0, 6);
  return `${base}.${fraction}Z`;
}

function scalarToJson(field: protobuf.Field, value: unknown): unknown {
  switch (field.type) {
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return longToString(value);
    case "bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    default:
      if (field.resolvedType instanceof protobuf.Enum) {
        return field.resolvedType.valuesById[value as number] ?? value;
      }
      return value;
  }
}

function isDefaultScalar(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (value === "" || value === 0 || value === false) return true;
  if (value instanceof Uint8Array) return value.length === 0;
  if (typeof value === "object" && "low" in value && "high" in value) {
    const long = value as { low: number; high: number };
    return long.low === 0 && long.high === 0;
  }
  return false;
}

function valueToJson(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return messageToProtoJson(field.resolvedType, value);
  return scalarToJson(field, value);
}

/**
 * protojson.Marshal with UseProtoNames: fields in declaration order, proto3 fields with default values,
 * empty lists/maps and unset messages omitted, int64 as strings, map keys sorted, Timestamp as RFC 3339.
 */
export function messageToProtoJson(type: protobuf.Type, message: unknown): unknown {
  const msg = message as Record<string, unknown>;
  if (type.fullName === TIMESTAMP) {
    return formatTimestamp(Number(longToString(msg["seconds"] ?? 0)), Number(msg["nanos"] ?? 0));
  }
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const value = msg[field.name];
    if (field.map) {
      const entries = Object.entries((value ?? {}) as Record<string, unknown>);
      if (entries.length === 0) continue;
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v)]));
    } else if (field.repeated) {
      const list = (value ?? []) as unknown[];
      if (list.length === 0) continue;
      out[field.name] = list.map((item) => valueToJson(field, item));
    } else if (field.resolvedType instanceof protobuf.Type) {
      if (value === undefined || value === null) continue;
      out[field.name] = messageToProtoJson(field.resolvedType, value);
    } else {
      if (isDefaultScalar(value)) continue;
      out[field.name] = scalarToJson(field, value);
    }
  }
  return out;
}

/** Decodes a protobuf message and renders it as protojson. */
export function decodeToProtoJson(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = protoType(typeName);
  return messageToProtoJson(type, type.decode(bytes)) as Record<string, unknown>;
}

export function encodeMessage(typeName: string, value: Record<string, unknown>): Buffer {
  const type = protoType(typeName);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** protoc's json_name: lowerCamelCase of the field name. */
function jsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/**
 * protojson.Unmarshal without DiscardUnknown (Teleport's DisallowUnknown), returning the plain object
 * protobufjs' fromObject takes. Like protojson it accepts the proto name and the json_name of a field.
 * assumption: error texts follow protojson's `proto: (line L:C): ...` form with the positions of the
 * JSON tctl decodes (the YAML converted to compact JSON with sorted keys, or the JSON document as given).
 */
export function protoJsonToObject(typeName: string, doc: JsonDocument): Record<string, unknown> {
  const fail = (node: { pos: number }, message: string): never => {
    throw badParameter(`proto: (line ${lineColumn(doc.text, node.pos)}): ${message}`);
  };
  const syntax = (node: JsonNode): never => {
    throw badParameter(
      `proto: syntax error (line ${lineColumn(doc.text, node.pos)}): unexpected token ${rawToken(node)}`,
    );
  };

  const scalar = (field: protobuf.Field, node: JsonNode): unknown => {
    const invalid = () =>
      fail(node, `invalid value for ${field.type} field ${jsonName(field.name)}: ${rawToken(node)}`);
    switch (field.type) {
      case "string":
        return node.type === "string" ? node.value : invalid();
      case "bool":
        return node.type === "bool" ? node.value : invalid();
      case "bytes":
        return node.type === "string" ? Buffer.from(node.value, "base64") : invalid();
      case "double":
      case "float":
        if (node.type === "number") return node.value;
        if (node.type === "string" && node.value.trim() !== "" && !Number.isNaN(Number(node.value))) {
          return Number(node.value);
        }
        return invalid();
      case "int32":
      case "uint32":
      case "sint32":
      case "fixed32":
      case "sfixed32":
      case "int64":
      case "uint64":
      case "sint64":
      case "fixed64":
      case "sfixed64": {
        const raw = node.type === "number" ? node.raw : node.type === "string" ? node.value : undefined;
        if (raw === undefined || !/^-?\d+(\.0*)?([eE]\+?\d+)?$/.test(raw)) return invalid();
        const number = Number(raw);
        if (!Number.isInteger(number)) return invalid();
        if (field.type.includes("32")) return number;
        return raw.includes("e") || raw.includes("E") || raw.includes(".") ? String(number) : raw;
      }
      default:
        if (field.resolvedType instanceof protobuf.Enum) {
          const values = field.resolvedType.values;
          if (node.type === "string" && node.value in values) return values[node.value];
          if (node.type === "number" && Number.isInteger(node.value)) return node.value;
          return invalid();
        }
        return invalid();
    }
  };

  const timestamp = (node: JsonNode): unknown => {
    const match =
      node.type === "string"
        ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(node.value)
        : null;
    const ms = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
    if (!match || Number.isNaN(ms)) {
      return fail(node, `invalid google.protobuf.Timestamp value ${rawToken(node)}`);
    }
    return { seconds: Math.floor(ms / 1000), nanos: Number((match[2] ?? "").padEnd(9, "0")) };
  };

  const message = (type: protobuf.Type, node: JsonNode): Record<string, unknown> => {
    if (node.type !== "object") return syntax(node);
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const entry of node.entries) {
      const field = type.fieldsArray.find((f) => f.name === entry.key || jsonName(f.name) === entry.key);
      if (!field) return fail({ pos: entry.keyPos }, `unknown field ${entry.keyRaw}`);
      if (seen.has(field.name)) return fail({ pos: entry.keyPos }, `duplicate field ${entry.keyRaw}`);
      seen.add(field.name);
      if (entry.value.type === "null") continue;
      out[field.name] = fieldValue(field, entry.value);
    }
    return out;
  };

  const single = (field: protobuf.Field, node: JsonNode): unknown => {
    if (field.resolvedType instanceof protobuf.Type) {
      if (field.resolvedType.fullName === TIMESTAMP) return timestamp(node);
      if (field.resolvedType.fullName === EMPTY) return message(field.resolvedType, node);
      return message(field.resolvedType, node);
    }
    return scalar(field, node);
  };

  const fieldValue = (field: protobuf.Field, node: JsonNode): unknown => {
    if (field.map) {
      if (node.type !== "object") return syntax(node);
      return Object.fromEntries(
        node.entries.map((entry) => {
          if (entry.value.type === "null")
            return fail(entry.value, `map value for field ${field.name} is null`);
          return [entry.key, single(field, entry.value)];
        }),
      );
    }
    if (field.repeated) {
      if (node.type !== "array") return syntax(node);
      return node.items.map((item) => single(field, item));
    }
    return single(field, node);
  };

  return message(protoType(typeName), doc.root);
}
