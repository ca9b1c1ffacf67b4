// Protocol Buffers binary encoding for the messages in schema.ts, written from the public wire-format
// description (varints, tags = field number << 3 | wire type, length-delimited strings and messages).
// Decoded messages are plain objects keyed by proto field names with empty fields omitted, the same shape
// protojson (UseProtoNames) gives and tctl prints, so one converter serves both transports.
import { ACCESS_MESSAGES } from "./access-schema.js";
import { type FieldDef, MESSAGES } from "./schema.js";

type ProtoValue = string | number | ProtoObject | ProtoValue[] | Record<string, string>;
export interface ProtoObject {
  [field: string]: ProtoValue | undefined;
}

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

export class ProtoDecodeError extends Error {
  override name = "ProtoDecodeError";
}

function schemaOf(type: string): FieldDef[] {
  const fields = MESSAGES[type] ?? ACCESS_MESSAGES[type];
  if (!fields) throw new Error(`no schema for message ${type}`);
  return fields;
}

// ------------------------------------------------------------------------------------------------
// Encoding

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

const tag = (no: number, wireType: number) => varint(BigInt((no << 3) | wireType));

function lengthDelimited(no: number, body: Buffer): Buffer {
  return Buffer.concat([tag(no, LEN), varint(BigInt(body.length)), body]);
}

function integer(value: unknown, field: FieldDef): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`field ${field.name}: ${JSON.stringify(value)} is not an integer`);
}

function encodeSingle(field: FieldDef, value: unknown): Buffer {
  switch (field.type) {
    case "string":
      if (typeof value !== "string") throw new TypeError(`field ${field.name}: expected a string`);
      return lengthDelimited(field.no, Buffer.from(value, "utf8"));
    case "int32": {
      // Negative int32 values are sign-extended to 64 bits on the wire.
      const n = BigInt.asIntN(32, integer(value, field));
      return Buffer.concat([tag(field.no, VARINT), varint(n)]);
    }
    case "int64":
      return Buffer.concat([tag(field.no, VARINT), varint(BigInt.asIntN(64, integer(value, field)))]);
    case "message":
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new TypeError(`field ${field.name}: expected a message`);
      }
      return lengthDelimited(field.no, encodeMessage(field.message!, value as ProtoObject));
    case "map":
      throw new Error("unreachable");
  }
}

/** Proto3 leaves default values off the wire, as Go's encoder does. */
function isDefault(field: FieldDef, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (field.type === "string") return value === "";
  if (field.type === "int32" || field.type === "int64") return integer(value, field) === 0n;
  return false;
}

export function encodeMessage(type: string, value: ProtoObject): Buffer {
  const parts: Buffer[] = [];
  for (const field of schemaOf(type)) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.type === "map") {
      for (const [key, entry] of Object.entries(v as Record<string, string>)) {
        const body = Buffer.concat([
          ...(key === "" ? [] : [lengthDelimited(1, Buffer.from(key, "utf8"))]),
          ...(entry === "" ? [] : [lengthDelimited(2, Buffer.from(String(entry), "utf8"))]),
        ]);
        parts.push(lengthDelimited(field.no, body));
      }
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`field ${field.name}: expected a list`);
      for (const item of v) parts.push(encodeSingle(field, item));
    } else if (!isDefault(field, v)) {
      parts.push(encodeSingle(field, v));
    }
  }
  return Buffer.concat(parts);
}

// ------------------------------------------------------------------------------------------------
// Decoding

class Reader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    readonly end = buf.length,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new ProtoDecodeError("truncated varint");
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtoDecodeError("varint longer than 10 bytes");
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.end)
      throw new ProtoDecodeError("length-delimited field runs past its message");
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.advance(8);
        return;
      case LEN:
        this.bytes();
        return;
      case FIXED32:
        this.advance(4);
        return;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wireType}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new ProtoDecodeError("truncated fixed-width field");
    this.pos += n;
  }
}

function decodeMapEntry(body: Buffer): [string, string] {
  const reader = new Reader(body);
  let key = "";
  let value = "";
  while (!reader.done()) {
    const t = reader.varint();
    const no = Number(t >> 3n);
    const wireType = Number(t & 7n);
    if ((no === 1 || no === 2) && wireType === LEN) {
      const text = reader.bytes().toString("utf8");
      if (no === 1) key = text;
      else value = text;
    } else {
      reader.skip(wireType);
    }
  }
  return [key, value];
}

function decodeInto(type: string, body: Buffer, out: ProtoObject): ProtoObject {
  const fields = schemaOf(type);
  const reader = new Reader(body);
  while (!reader.done()) {
    const t = reader.varint();
    const no = Number(t >> 3n);
    const wireType = Number(t & 7n);
    if (no === 0) throw new ProtoDecodeError("field number 0");
    const field = fields.find((f) => f.no === no);
    // Unknown fields (a newer Teleport may add some) are skipped, as every protobuf reader does.
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const expected = field.type === "int32" || field.type === "int64" ? VARINT : LEN;
    if (wireType !== expected) {
      throw new ProtoDecodeError(`${type}.${field.name}: wire type ${wireType}, expected ${expected}`);
    }
    switch (field.type) {
      case "string": {
        const text = reader.bytes().toString("utf8");
        if (field.repeated) out[field.name] = [...((out[field.name] ?? []) as ProtoValue[]), text];
        else out[field.name] = text;
        break;
      }
      case "int32":
        out[field.name] = Number(BigInt.asIntN(32, reader.varint()));
        break;
      case "int64":
        out[field.name] = BigInt.asIntN(64, reader.varint()).toString();
        break;
      case "map": {
        const [key, value] = decodeMapEntry(reader.bytes());
        const map = (out[field.name] ?? {}) as Record<string, string>;
        map[key] = value;
        out[field.name] = map;
        break;
      }
      case "message": {
        const bytes = reader.bytes();
        if (field.repeated) {
          const list = (out[field.name] ?? []) as ProtoValue[];
          list.push(decodeInto(field.message!, bytes, {}));
          out[field.name] = list;
        } else {
          // A non-repeated message seen twice merges into the first (protobuf's merge rule).
          const existing = out[field.name];
          out[field.name] = decodeInto(
            field.message!,
            bytes,
            typeof existing === "object" && !Array.isArray(existing) ? (existing as ProtoObject) : {},
          );
        }
        break;
      }
    }
  }
  for (const field of fields) {
    if (field.type === "string" && out[field.name] === "") delete out[field.name];
    if ((field.type === "int32" || field.type === "int64") && Number(out[field.name]) === 0) {
      delete out[field.name];
    }
  }
  return out;
}

export function decodeMessage(type: string, bytes: Uint8Array): ProtoObject {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeInto(type, buf, {});
}
