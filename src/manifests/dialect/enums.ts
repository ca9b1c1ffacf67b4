// Role option types with their own UnmarshalJSON: what each accepts, read from its decode function in
// Teleport's source (paths per type). Texts are Teleport's own first.
import type { TScalar } from "./node.js";
import { boolWord, jsonText } from "./scalars.js";
import { custom, type FieldType, type Verdict } from "./types.js";

const enumNumber = (value: number, valid: readonly number[]): boolean => valid.includes(Math.trunc(value));
const goType = (v: TScalar["value"]) =>
  v === null ? "<nil>" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "float64";

// api/types/authentication.go RequireMFAType.decode: a boolean, a number 0-5, or these strings.
const MFA_STRINGS = [
  "hardware_key",
  "hardware_key_touch",
  "hardware_key_pin",
  "hardware_key_touch_and_pin",
  "",
];
export const requireMfaType = (): FieldType =>
  custom(
    "types.RequireMFAType",
    `true, false, or one of ${MFA_STRINGS.slice(0, 4).join(", ")}`,
    (s): Verdict => {
      const v = s.value;
      if (typeof v === "boolean") return undefined;
      if (typeof v === "number") {
        return enumNumber(v, [0, 1, 2, 3, 4, 5]) ? undefined : { problem: `invalid required mfa mode ${v}` };
      }
      if (typeof v === "string") {
        if (MFA_STRINGS.includes(v) || boolWord(v) !== undefined) return undefined;
        return {
          problem: `RequireMFAType invalid value ${v}; write true, false, ${MFA_STRINGS.slice(0, 4).join(", ")}`,
        };
      }
      return { problem: "RequireMFAType invalid type <nil>; write true or false, or remove the line" };
    },
  );

// api/types/role.go CreateHostUserMode.decode: "drop" and 2 are stored as insecure-drop.
export const createHostUserMode = (): FieldType =>
  custom("types.CreateHostUserMode", "off, keep or insecure-drop", (s): Verdict => {
    const v = s.value;
    if (v === null)
      return { problem: "bad value type <nil>, expected string or int; write off, keep or insecure-drop" };
    if (v === true)
      return { problem: "create_host_user_mode cannot be true, got true; write keep or insecure-drop" };
    if (v === false) return undefined;
    if (typeof v === "number") {
      if (!enumNumber(v, [0, 1, 2, 3, 4])) return { problem: `invalid host user mode ${v}` };
      return Math.trunc(v) === 2 ? dropNote : undefined;
    }
    if (v === "drop") return dropNote;
    return ["", "off", "keep", "insecure-drop"].includes(v)
      ? undefined
      : { problem: `invalid host user mode ${v}; write off, keep or insecure-drop` };
  });
const dropNote: Verdict = {
  warning: "Teleport stores drop as insecure-drop, so the role reads back differently; write insecure-drop",
};

// api/types/role.go CreateDatabaseUserMode.decode.
export const createDbUserMode = (): FieldType =>
  custom("types.CreateDatabaseUserMode", "off, keep or best_effort_drop", (s): Verdict => {
    const v = s.value;
    if (v === null)
      return { problem: "bad value type <nil>, expected string; write off, keep or best_effort_drop" };
    if (v === true)
      return {
        problem: "create_database_user_mode cannot be true, got true; write keep or best_effort_drop",
      };
    if (v === false) return undefined;
    if (typeof v === "number")
      return enumNumber(v, [0, 1, 2, 3])
        ? undefined
        : { problem: `invalid database user creation mode ${v}` };
    return ["", "off", "keep", "best_effort_drop"].includes(v)
      ? undefined
      : { problem: `invalid database user mode ${v}; write off, keep or best_effort_drop` };
  });

// api/types/certextensions.go (newest): the name or the number of the only value there is.
const certEnum = (what: string, name: string) => (): FieldType =>
  custom(`types.CertExtension${what === "type" ? "Type" : "Mode"}`, name, (s): Verdict => {
    const v = s.value;
    if (v === name || (typeof v === "number" && Math.trunc(v) === 0)) return undefined;
    if (typeof v === "string")
      return { problem: `invalid certificate extension ${what}: ${jsonText(v)}; write ${name}` };
    return { problem: `unexpected type ${goType(v)}; write ${name}` };
  });
export const certExtensionType = certEnum("type", "ssh");
export const certExtensionMode = certEnum("mode", "extension");

// Newest RoleOptions (operator CRD v9): an enum written as a name; its decoder was not read.
export const webTerminalClipboardMode = (): FieldType =>
  custom("types.WebTerminalClipboardMode", "unrestricted or no-copy", (s): Verdict => {
    const v = s.value;
    if (v === null || typeof v === "number" || v === "" || v === "unrestricted" || v === "no-copy")
      return undefined;
    return { warning: `${jsonText(String(v))} is not one of unrestricted, no-copy; Teleport may refuse it` };
  });
