// Every input is read and validated here, into one typed configuration. A problem names the input.
// The defaults below must equal action.yml's (a test keeps them equal): the runner fills in action.yml's
// defaults, and an input given as an empty string means that same default.
import type { InstallRequest } from "./teleport/install.js";
import { parseChecksumInput, parseExactVersion } from "./teleport/release.js";
import { parseProxyAddress } from "./teleport/webapi.js";

export const MODES = ["install"] as const;
export type Mode = (typeof MODES)[number];

export const INPUT_DEFAULTS = {
  mode: "install",
  "teleport-version": "auto",
  proxy: "",
  edition: "auto",
  "teleport-mirror": "https://cdn.teleport.dev",
  checksum: "",
} as const satisfies Record<string, string>;

export type InputName = keyof typeof INPUT_DEFAULTS;

export interface ActionConfig {
  mode: Mode;
  install: InstallRequest;
}

export class InputError extends Error {
  override name = "InputError";
  readonly input: string;
  constructor(input: string, message: string) {
    super(`Input "${input}": ${message}`);
    this.input = input;
  }
}

export type GetInput = (name: string) => string;

/** Runs `parse` on an input and turns any error into one that names the input. */
function field<T>(name: InputName, get: GetInput, parse: (value: string) => T): T {
  const raw = get(name).trim();
  const value = raw === "" ? INPUT_DEFAULTS[name] : raw;
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, (error as Error).message);
  }
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new Error(`"${value}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function parseMirror(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not a URL`);
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new Error(
      `"${value}" uses plain http; use https (plain http is allowed only for a loopback mirror)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`"${value}" must be an https URL`);
  }
  if (url.search || url.hash) throw new Error(`"${value}" must be a base URL without query or fragment`);
  return url;
}

export function readConfig(get: GetInput): ActionConfig {
  const mode = field("mode", get, oneOf(MODES));
  const version = field("teleport-version", get, (v) => (v === "auto" ? "auto" : parseExactVersion(v)));
  const proxy = field("proxy", get, (v) => (v === "" ? undefined : parseProxyAddress(v)));
  if (version === "auto" && !proxy) {
    throw new InputError(
      "proxy",
      'is required when teleport-version is "auto" (the version is read from the proxy); or set teleport-version to an exact version such as "18.2.1"',
    );
  }
  const edition = field("edition", get, oneOf(["auto", "oss", "ent"] as const));
  const mirror = field("teleport-mirror", get, parseMirror);
  const checksum = field("checksum", get, (v) => (v === "" ? undefined : parseChecksumInput(v)));
  return {
    mode,
    install: { version, edition, mirror, ...(proxy ? { proxy } : {}), ...(checksum ? { checksum } : {}) },
  };
}
