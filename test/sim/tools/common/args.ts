// A small command-line parser that behaves like kingpin (which tctl and tbot use): flags may appear
// before or after the subcommand once they are in scope, `--flag=value` and `--flag value` both work,
// short flags take `-i value` or `-ivalue`, boolean flags accept `--no-flag`, flags fall back to their
// environment variable, and `--` ends flag parsing.
// assumption: the error texts below are kingpin's as remembered (`unknown long flag '--x'`,
// `required flag --x not provided`, ...); the facts do not quote them.
import { badParameter } from "./trace.js";

export type FlagKind = "bool" | "string" | "strings";

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  /** Environment variable consulted when the flag is not on the command line. */
  envar?: string;
  default?: string;
  required?: boolean;
  /** Allowed values (kingpin Enum). */
  enum?: readonly string[];
}

export interface ArgSpec {
  name: string;
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  flags?: readonly FlagSpec[];
  args?: readonly ArgSpec[];
  commands?: readonly CommandSpec[];
  /** A real command the stand-in does not model: everything after it is left unparsed. */
  unsupported?: boolean;
}

export type FlagValue = string | string[] | boolean;

export interface ParsedCommandLine {
  /** Canonical names of the selected command path, e.g. ["users", "add"]. */
  command: string[];
  flags: Map<string, FlagValue>;
  /** Flags given on the command line or through their environment variable. */
  explicit: Set<string>;
  args: Map<string, string>;
  help: boolean;
  /** The selected command is one the stand-in does not implement. */
  unsupported?: boolean;
}

/** Typed views of a parse result. */
export class Parsed {
  constructor(readonly raw: ParsedCommandLine) {}
  get command(): string {
    return this.raw.command.join(" ");
  }
  str(name: string): string | undefined {
    const value = this.raw.flags.get(name);
    return typeof value === "string" ? value : undefined;
  }
  strs(name: string): string[] {
    const value = this.raw.flags.get(name);
    if (Array.isArray(value)) return value;
    return typeof value === "string" ? [value] : [];
  }
  bool(name: string): boolean {
    return this.raw.flags.get(name) === true;
  }
  given(name: string): boolean {
    return this.raw.explicit.has(name);
  }
  arg(name: string): string | undefined {
    return this.raw.args.get(name);
  }
}

function findLong(scope: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return scope.find((flag) => flag.long === name);
}

function parseBool(_flag: FlagSpec, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw badParameter(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function checkEnum(flag: FlagSpec, value: string): void {
  if (flag.enum && !flag.enum.includes(value)) {
    throw badParameter(`enum value must be one of ${flag.enum.join(",")}, got '${value}'`);
  }
}

export function parseCommandLine(
  root: CommandSpec,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Parsed {
  const scope: FlagSpec[] = [...(root.flags ?? [])];
  const path: CommandSpec[] = [];
  let current = root;
  const values = new Map<string, FlagValue>();
  const explicit = new Set<string>();
  const positional: string[] = [];
  let help = false;
  let flagsEnded = false;

  const set = (flag: FlagSpec, value: string | boolean) => {
    if (flag.kind === "bool") {
      values.set(flag.long, value === true || value === "true" ? true : parseBool(flag, String(value)));
    } else if (flag.kind === "strings") {
      const previous = explicit.has(flag.long) ? (values.get(flag.long) as string[]) : [];
      values.set(flag.long, [...previous, String(value)]);
    } else {
      if (explicit.has(flag.long)) throw badParameter(`flag '${flag.long}' cannot be repeated`);
      checkEnum(flag, String(value));
      values.set(flag.long, String(value));
    }
    explicit.add(flag.long);
  };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (flagsEnded) {
      positional.push(token);
      continue;
    }
    if (token === "--") {
      flagsEnded = true;
      continue;
    }
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      const inline = eq >= 0 ? token.slice(eq + 1) : undefined;
      if (name === "help") {
        help = true;
        continue;
      }
      const flag = findLong(scope, name);
      if (!flag && name.startsWith("no-")) {
        const negated = findLong(scope, name.slice(3));
        if (negated?.kind === "bool" && inline === undefined) {
          values.set(negated.long, false);
          explicit.add(negated.long);
          continue;
        }
      }
      if (!flag) throw badParameter(`unknown long flag '--${name}'`);
      if (flag.kind === "bool") {
        set(flag, inline ?? true);
        continue;
      }
      let value = inline;
      if (value === undefined) {
        if (i + 1 >= argv.length) throw badParameter(`expected argument for flag '--${flag.long}'`);
        value = argv[++i]!;
      }
      set(flag, value);
      continue;
    }
    if (token.startsWith("-") && token.length > 1) {
      for (let j = 1; j < token.length; j++) {
        const letter = token[j]!;
        if (letter === "h") {
          help = true;
          continue;
        }
        const flag = scope.find((candidate) => candidate.short === letter);
        if (!flag) throw badParameter(`unknown short flag '-${letter}'`);
        if (flag.kind === "bool") {
          set(flag, true);
          continue;
        }
        let value = token.slice(j + 1);
        if (value.startsWith("=")) value = value.slice(1);
        if (value === "") {
          if (i + 1 >= argv.length) throw badParameter(`expected argument for flag '-${letter}'`);
          value = argv[++i]!;
        }
        set(flag, value);
        break;
      }
      continue;
    }
    if (current.commands?.length && positional.length === 0) {
      const next = current.commands.find((cmd) => cmd.name === token || cmd.aliases?.includes(token));
      if (!next) throw badParameter(`expected command but got ${JSON.stringify(token)}`);
      current = next;
      path.push(next);
      scope.push(...(next.flags ?? []));
      if (next.unsupported) break;
      continue;
    }
    positional.push(token);
  }

  if (current.unsupported) {
    return new Parsed({
      command: path.map((cmd) => cmd.name),
      flags: values,
      explicit,
      args: new Map(),
      help,
      unsupported: true,
    });
  }
  if (!help && current.commands?.length) throw badParameter("command not specified");

  const args = new Map<string, string>();
  const argSpecs = current.args ?? [];
  if (!help) {
    if (positional.length > argSpecs.length) throw badParameter(`unexpected ${positional[argSpecs.length]}`);
    argSpecs.forEach((spec, index) => {
      const value = positional[index];
      if (value === undefined) {
        if (spec.required) throw badParameter(`required argument '${spec.name}' not provided`);
        return;
      }
      args.set(spec.name, value);
    });
  }

  for (const flag of scope) {
    if (explicit.has(flag.long)) continue;
    const fromEnv = flag.envar ? env[flag.envar] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") {
      // kingpin splits the environment value of a repeatable flag on newlines only.
      if (flag.kind === "strings")
        values.set(
          flag.long,
          fromEnv.split(/\r?\n/).filter((v) => v !== ""),
        );
      else if (flag.kind === "bool") values.set(flag.long, parseBool(flag, fromEnv));
      else {
        checkEnum(flag, fromEnv);
        values.set(flag.long, fromEnv);
      }
      explicit.add(flag.long);
      continue;
    }
    if (flag.required && !help) throw badParameter(`required flag --${flag.long} not provided`);
    if (flag.default !== undefined) {
      if (flag.kind === "bool") values.set(flag.long, flag.default === "true");
      else if (flag.kind === "strings") values.set(flag.long, [flag.default]);
      else values.set(flag.long, flag.default);
    }
  }

  return new Parsed({ command: path.map((cmd) => cmd.name), flags: values, explicit, args, help });
}

/** Comma-separated, repeatable list flags flattened the way tctl does for --roles. */
export function flattenCommaList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(",")).filter((value) => value !== "");
}
