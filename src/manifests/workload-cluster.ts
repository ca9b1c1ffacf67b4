// Schema validation of one `workload_cluster` YAML document, before any call to Teleport. Every problem is
// reported at the YAML node it is about, and all problems of a document are collected, not just the first.
// The shape is Teleport's (fact: tctl-facts.md §1 "workload_cluster in tctl"; teleport-connection.md §3.2
// messages). Teleport decodes it with DisallowUnknown, so an unknown key here would fail there too.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import {
  type IamAllowRule,
  KIND_WORKLOAD_CLUSTER as WORKLOAD_CLUSTER_KIND,
  WORKLOAD_CLUSTER_VERSION,
} from "../teleport/workload-cluster.js";
import { errorAtOffset, type ManifestError } from "./errors.js";

/** A child's address is `<metadata.name>.teleport.sh` (fact: tctl-facts.md §1 status.domain example). */
export const CHILD_DOMAIN_SUFFIX = "teleport.sh";
export const AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
/** The input that accepts rules letting any identity of an AWS account join. */
export const ACCOUNT_WIDE_JOIN_INPUT = "allow-account-wide-join";

/** A workload cluster as the repository declares it, with where it was declared. */
export interface DeclaredWorkloadCluster {
  name: string;
  file: string;
  /** Line of the document: its `kind:` key, else its first key. */
  line: number;
  spec: {
    regions: { name: string }[];
    bot: { name: string };
    token: { join_method: "iam"; allow: IamAllowRule[] };
  };
}

export interface ValidateOptions {
  /** Accept allow rules that let every identity of an AWS account join (input `allow-account-wide-join`). */
  allowAccountWideJoin: boolean;
}

export interface DocumentResult {
  cluster?: DeclaredWorkloadCluster;
  errors: ManifestError[];
  /** `metadata.name` and where it is written, when it is a string, even if the document has other errors:
   * duplicates across documents are then reported in the same run. */
  declaredName?: { value: string; line: number; col: number };
}

// ---------------------------------------------------------------------------------------------------------
// Cluster names

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why `name` cannot be a workload cluster name, or undefined when it can. The name becomes the child's
 * domain `<name>.teleport.sh`, so it must be one lowercase DNS label (RFC 1123: 1-63 characters of a-z,
 * 0-9 and `-`, not starting or ending with `-`). No stricter Teleport Cloud limit was found in the facts.
 */
export function clusterNameProblem(name: string): string | undefined {
  if (DNS_LABEL.test(name)) return undefined;
  const reasons: string[] = [];
  if (name === "") reasons.push("is empty");
  if (name.length > 63) reasons.push(`is ${name.length} characters long`);
  if (/[A-Z]/.test(name)) reasons.push("has uppercase letters");
  const bad = [...new Set(name.match(/[^A-Za-z0-9-]/g) ?? [])];
  if (bad.length > 0) reasons.push(`contains ${bad.map((c) => JSON.stringify(c)).join(", ")}`);
  if (/^-|-$/.test(name)) reasons.push('starts or ends with "-"');
  const reason = reasons.join(" and ");
  const suggestion = suggestLabel(name);
  return (
    `metadata.name ${JSON.stringify(name)} ${reason}: the name becomes the cluster's domain ` +
    `<name>.${CHILD_DOMAIN_SUFFIX}, so it must be a DNS label of 1-63 lowercase letters, digits and "-" ` +
    `that starts and ends with a letter or digit` +
    (suggestion ? ` (e.g. ${JSON.stringify(suggestion)})` : "")
  );
}

function suggestLabel(name: string): string | undefined {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  return s !== name && DNS_LABEL.test(s) ? s : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Regions

/** Loose on purpose: no allow-list of regions (Cloud decides), but a typo like `us-west2` is caught. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function regionNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "region name is empty; give an AWS region such as us-west-2";
  if (REGION.test(name)) return undefined;
  return `region ${JSON.stringify(name)} does not look like an AWS region name such as us-west-2 or eu-central-1`;
}

// ---------------------------------------------------------------------------------------------------------
// IAM allow rules: what STS GetCallerIdentity can return, and Teleport's glob over it.
//
// fact: teleport-connection.md §5: `aws_account` is compared by exact string equality; `aws_arn` is a glob
// where `*` matches any run of characters (including `/` and `:`) and `?` exactly one, anchored and
// case-sensitive; both must match the caller; an empty field is not checked. The compared ARN is the caller
// ARN from GetCallerIdentity: `arn:<p>:sts::<acct>:assumed-role/<role>/<session>` for a role, or
// `arn:<p>:iam::<acct>:user/<path/><name>` for an IAM user; never `arn:<p>:iam::<acct>:role/<name>`.
//
// Whether a glob can match any ARN of a given shape is decided exactly, by walking the glob and a template
// of the ARN shape together (a product of two small automata), so `*` in any position is handled.

/** One template position: a character class, taken once, or `min` or more times when `many`. */
interface Slot {
  test: (ch: string) => boolean;
  min: 0 | 1;
  many: boolean;
}

type GlobToken = { kind: "star" } | { kind: "one" } | { kind: "lit"; ch: string };

/** IAM role, user and session names: letters, digits and `+=,.@_-`. */
const IAM_NAME_CHAR = (ch: string) => /^[A-Za-z0-9+=,.@_-]$/.test(ch);
/** IAM paths are printable ASCII without spaces. */
const PATH_CHAR = (ch: string) => /^[\x21-\x7e]$/.test(ch);
const DIGIT = (ch: string) => ch >= "0" && ch <= "9";
const PARTITION_CHAR = (ch: string) => /^[a-z0-9-]$/.test(ch);

const oneOrMore = (test: (ch: string) => boolean): Slot => ({ test, min: 1, many: true });
const zeroOrMore = (test: (ch: string) => boolean): Slot => ({ test, min: 0, many: true });

/** A literal string is one exact slot per character. */
type Part = string | Slot | Slot[];

function template(...parts: Part[]): Slot[] {
  const slots: Slot[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      for (const c of part) slots.push({ test: (ch) => ch === c, min: 1, many: false });
    } else if (Array.isArray(part)) slots.push(...part);
    else slots.push(part);
  }
  return slots;
}

const ANY_ACCOUNT: Slot[] = Array.from({ length: 12 }, () => ({ test: DIGIT, min: 1, many: false }));
const ANY_PARTITION = oneOrMore(PARTITION_CHAR);

const assumedRole = (partition: Part, account: Part, role: Part = oneOrMore(IAM_NAME_CHAR)) =>
  template("arn:", partition, ":sts::", account, ":assumed-role/", role, "/", oneOrMore(IAM_NAME_CHAR));
const iamUser = (
  partition: Part,
  account: Part,
  name: Part = [zeroOrMore(PATH_CHAR), oneOrMore(IAM_NAME_CHAR)],
) => template("arn:", partition, ":iam::", account, ":user/", name);
const iamRole = (partition: Part, account: Part) =>
  template("arn:", partition, ":iam::", account, ":role/", zeroOrMore(PATH_CHAR), oneOrMore(IAM_NAME_CHAR));
const rootUser = (partition: Part, account: Part) => template("arn:", partition, ":iam::", account, ":root");

function tokenize(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (const ch of glob) {
    if (ch === "*") {
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
    } else if (ch === "?") tokens.push({ kind: "one" });
    else tokens.push({ kind: "lit", ch });
  }
  return tokens;
}

/** Whether Teleport's glob `pattern` matches at least one string of the template's language. */
function globCanMatch(pattern: string, slots: Slot[]): boolean {
  const glob = tokenize(pattern);
  const n = glob.length;
  const m = slots.length;
  // State: glob position i, template position j, and whether slot j has consumed a character yet.
  const seen = new Uint8Array((n + 1) * (m + 1) * 2);
  const stack: [number, number, number][] = [[0, 0, 0]];
  const visit = (i: number, j: number, c: number) => {
    const key = (i * (m + 1) + j) * 2 + c;
    if (seen[key]) return;
    seen[key] = 1;
    stack.push([i, j, c]);
  };
  seen[0] = 1;
  while (stack.length > 0) {
    const [i, j, c] = stack.pop()!;
    if (i === n && j === m) return true;
    const slot = slots[j];
    const token = glob[i];
    if (slot && c >= slot.min) visit(i, j + 1, 0);
    if (token?.kind === "star") visit(i + 1, j, c);
    if (!slot || !token || (c === 1 && !slot.many)) continue;
    if (token.kind === "star") visit(i, j, 1);
    else if (token.kind === "one" || slot.test(token.ch)) visit(i + 1, j, 1);
  }
  return false;
}

/** Teleport's glob semantics on a concrete string (fact: teleport-connection.md §5). */
export function globMatches(pattern: string, value: string): boolean {
  return globCanMatch(pattern, template(value));
}

/** Role and user names that a rule naming one role or user does not match all of. */
const PROBE_NAMES = ["a", "Z9", "q_+=,.@-r"];

function matchesEveryName(pattern: string, account: string): "role" | "user" | undefined {
  for (const partition of AWS_PARTITIONS) {
    if (PROBE_NAMES.every((name) => globCanMatch(pattern, assumedRole(partition, account, name)))) {
      return "role";
    }
    if (PROBE_NAMES.every((name) => globCanMatch(pattern, iamUser(partition, account, name)))) return "user";
  }
  return undefined;
}

const MAX_ARN_LENGTH = 2048;

function arnFields(pattern: string): { partition?: string; account?: string; resource?: string } {
  const parts = pattern.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return {};
  return { partition: parts[1], account: parts[4], resource: parts.slice(5).join(":") };
}

function assumedRoleExample(partition: string, account: string, role: string): string {
  return `arn:${partition}:sts::${account}:assumed-role/${role}/*`;
}

/**
 * Why the allow rule {aws_account: account, aws_arn: pattern} cannot work or is too broad, or undefined
 * when it is fine. `account` is an already validated 12-digit account ID.
 */
export function awsArnProblem(
  pattern: string,
  account: string,
  options: ValidateOptions,
): string | undefined {
  const quoted = JSON.stringify(pattern);
  if (pattern.length > MAX_ARN_LENGTH) {
    return `aws_arn is ${pattern.length} characters long; an ARN has at most ${MAX_ARN_LENGTH}`;
  }
  const fields = arnFields(pattern);
  const partition = AWS_PARTITIONS.find((p) => p === fields.partition) ?? "aws";
  const canMatch = AWS_PARTITIONS.some(
    (p) => globCanMatch(pattern, assumedRole(p, account)) || globCanMatch(pattern, iamUser(p, account)),
  );
  if (canMatch) {
    const broad = matchesEveryName(pattern, account);
    if (broad && !options.allowAccountWideJoin) {
      const what = broad === "role" ? "every assumed role" : "every IAM user";
      return (
        `aws_arn ${quoted} matches ${what} in account ${account}, which is as broad as a rule without ` +
        `aws_arn: any identity there could join as the bot, which manages users and roles in the new ` +
        `cluster. Name one role (e.g. ${JSON.stringify(assumedRoleExample(partition, account, "<role>"))}) ` +
        `or user, or set the input ${ACCOUNT_WIDE_JOIN_INPUT}: true to accept this`
      );
    }
    return undefined;
  }
  const acrossAccounts = (make: (p: Part, a: Part) => Slot[]) =>
    AWS_PARTITIONS.some((p) => globCanMatch(pattern, make(p, ANY_ACCOUNT)));
  if (globCanMatch(pattern, iamRole(ANY_PARTITION, ANY_ACCOUNT))) {
    const roleName =
      (fields.resource ?? "")
        .replace(/^role\//, "")
        .split("/")
        .at(-1) || "<role>";
    return (
      `aws_arn ${quoted} is an IAM role ARN, which never matches: Teleport compares the rule with the ARN ` +
      `that STS GetCallerIdentity returns, and for a role that is the assumed-role ARN. ` +
      `Use ${JSON.stringify(assumedRoleExample(partition, account, roleName))}`
    );
  }
  if (acrossAccounts(assumedRole) || acrossAccounts(iamUser)) {
    const named = fields.account !== undefined ? ` names account ${JSON.stringify(fields.account)}` : "";
    return (
      `aws_arn ${quoted}${named} but aws_account is "${account}": a caller must match both, ` +
      `so this rule can never match. Use the same account in both`
    );
  }
  if (
    globCanMatch(pattern, assumedRole(ANY_PARTITION, ANY_ACCOUNT)) ||
    globCanMatch(pattern, iamUser(ANY_PARTITION, ANY_ACCOUNT))
  ) {
    return `aws_arn ${quoted} has partition ${JSON.stringify(fields.partition ?? "")}; the partition is one of ${AWS_PARTITIONS.join(", ")}`;
  }
  if (AWS_PARTITIONS.some((p) => globCanMatch(`${pattern}/*`, assumedRole(p, account)))) {
    return (
      `aws_arn ${quoted} has no session part, so it never matches: STS returns ` +
      `arn:<partition>:sts::<account>:assumed-role/<role>/<session>. Append "/*" to accept any session: ` +
      `${JSON.stringify(`${pattern}/*`)}`
    );
  }
  if (AWS_PARTITIONS.some((p) => globCanMatch(pattern, rootUser(p, ANY_ACCOUNT)))) {
    return (
      `aws_arn ${quoted} is the account's root user; join with a role instead, ` +
      `e.g. ${JSON.stringify(assumedRoleExample(partition, account, "<role>"))}`
    );
  }
  return (
    `aws_arn ${quoted} cannot match any identity that STS GetCallerIdentity returns in account ${account}: ` +
    `use an assumed-role ARN such as ${JSON.stringify(assumedRoleExample(partition, account, "<role>"))} ` +
    `or an IAM user ARN such as "arn:${partition}:iam::${account}:user/<name>"`
  );
}

/** fact: teleport-connection.md §5: a rule without aws_arn admits every identity of the account. */
function accountWideMessage(account: string): string {
  return (
    `this allow rule has no aws_arn, so any IAM role or user in account ${account} could join as the bot, ` +
    `which manages users and roles in the new cluster. Add aws_arn (e.g. ` +
    `${JSON.stringify(assumedRoleExample("aws", account, "<role>"))}), or set the input ` +
    `${ACCOUNT_WIDE_JOIN_INPUT}: true to accept this`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Walking the document

interface Entry {
  key: Scalar;
  value: Node | null;
  /** The value is an alias to no anchor, already reported. */
  broken?: boolean;
}

const TOP_KEYS = ["kind", "version", "metadata", "spec"] as const;
const METADATA_KEYS = ["name"] as const;
const SPEC_KEYS = ["regions", "bot", "token"] as const;
const REGION_KEYS = ["name"] as const;
const BOT_KEYS = ["name"] as const;
const TOKEN_KEYS = ["join_method", "allow"] as const;
const ALLOW_KEYS = ["aws_account", "aws_arn"] as const;

/** fact: tctl-facts.md §1 "Server rules": Teleport's own text for metadata other than name. */
const METADATA_REJECTED =
  'Teleport rejects any other field ("only name and revision fields are supported on metadata for workload_cluster resources"), and sets revision itself';

class Walker {
  readonly errors: ManifestError[] = [];
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Fields that an unknown, misspelt key was taken for: reporting them missing too would be noise. */
  private readonly misspelt = new Set<string>();

  missing(parent: Node, path: string, hint: string): void {
    if (!this.misspelt.has(path)) this.error(parent.range![0], path, `${path} is missing; ${hint}`);
  }

  error(offset: number, field: string | undefined, message: string): void {
    this.errors.push(errorAtOffset(this.file, this.lineCounter, offset, message, field));
  }

  /** Where to report a value: the value itself, or its key when the value is empty (`bot:`). */
  at(entry: Entry): number {
    const value = entry.value;
    if (value && !(isScalar(value) && value.value === null) && value.range) return value.range[0];
    return entry.key.range![0];
  }

  pos(node: Node): { line: number; col: number } {
    return this.lineCounter.linePos(node.range?.[0] ?? 0);
  }

  resolve(node: unknown): Node | null {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.error(node.range?.[0] ?? 0, undefined, `YAML: unknown alias *${node.source}`);
      return target ?? null;
    }
    return isScalar(node) || isMap(node) || isSeq(node) ? node : null;
  }

  /** The keys of `map`; unknown keys are reported, naming the allowed ones. */
  fields(
    map: YAMLMap,
    path: string,
    allowed: readonly string[],
    special: Record<string, string> = {},
  ): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    for (const pair of map.items) {
      const key = this.resolve(pair.key);
      const prefix = path === "" ? "" : `${path}.`;
      if (!isScalar(key) || typeof key.value !== "string") {
        const offset = key?.range?.[0] ?? map.range?.[0] ?? 0;
        this.error(offset, path || undefined, `keys must be plain strings, found ${describe(key)}`);
        continue;
      }
      const name = key.value;
      const value = this.resolve(pair.value);
      const entry: Entry = { key, value, ...(isAlias(pair.value) && !value ? { broken: true } : {}) };
      if (special[name] !== undefined) {
        this.error(key.range![0], prefix + name, special[name]);
      } else if (!allowed.includes(name)) {
        const where = path === "" ? "a workload_cluster document" : path;
        const hint = closest(name, allowed);
        if (hint) this.misspelt.add(prefix + hint);
        this.error(
          key.range![0],
          prefix + name,
          `unknown field ${JSON.stringify(name)} in ${where}; allowed: ${allowed.join(", ")}` +
            (hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""),
        );
      } else {
        entries.set(name, entry);
      }
    }
    return entries;
  }

  /** A required mapping; reports a missing or mistyped one. */
  map(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): YAMLMap | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    if (isMap(entry.value)) return entry.value;
    this.error(this.at(entry), path, `${path} must be a mapping, found ${describe(entry.value)}; ${hint}`);
    return undefined;
  }

  seq(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): YAMLSeq | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    if (isSeq(entry.value)) {
      if (entry.value.items.length > 0) return entry.value;
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    this.error(this.at(entry), path, `${path} must be a list, found ${describe(entry.value)}; ${hint}`);
    return undefined;
  }

  /** A required non-empty string. */
  string(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): { value: string; offset: number } | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    const value = entry.value;
    if (isScalar(value) && typeof value.value === "string") {
      if (value.value.trim() !== "") return { value: value.value, offset: this.at(entry) };
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    if (!value || (isScalar(value) && value.value === null)) {
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    const quote = isScalar(value) ? " (quote it to make it a string)" : "";
    this.error(this.at(entry), path, `${path} must be a string, found ${describe(value)}${quote}; ${hint}`);
    return undefined;
  }
}

function describe(node: Node | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "an empty value";
    if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
    if (typeof v === "number" || typeof v === "bigint") return `the number ${node.source ?? String(v)}`;
    if (typeof v === "boolean") return `the boolean ${node.source ?? String(v)}`;
    return `the value ${node.source ?? String(v)}`;
  }
  return "an alias";
}

/** A likely intended key for a misspelt one (edit distance at most 2). */
function closest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Empty documents are skipped, as tctl does (fact: tctl-facts.md §1 "Multiple documents"). */
export function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

/**
 * Validates one parsed YAML document (parsed with `lineCounter`) as a workload cluster. YAML syntax errors
 * of the document are returned first and stop validation, since the tree after one is unreliable.
 */
export function validateWorkloadClusterDocument(
  doc: Document,
  file: string,
  lineCounter: LineCounter,
  options: ValidateOptions,
): DocumentResult {
  const syntax = [...doc.errors, ...doc.warnings].map((e) =>
    errorAtOffset(file, lineCounter, e.pos[0], `YAML: ${e.message}`),
  );
  if (syntax.length > 0) return { errors: syntax };

  const w = new Walker(doc, file, lineCounter);
  const root = w.resolve(doc.contents);
  if (!isMap(root)) {
    const offset = root?.range?.[0] ?? doc.range?.[0] ?? 0;
    w.error(
      offset,
      undefined,
      isEmptyDocument(doc)
        ? "the document is empty"
        : `a workload_cluster document must be a mapping with kind, version, metadata and spec; found ${describe(root)}`,
    );
    return { errors: w.errors };
  }

  const top = w.fields(root, "", TOP_KEYS, {
    status:
      "status is reported by Teleport Cloud (state and domain) and is not configuration; remove it from the manifest",
  });
  const kindEntry = top.get("kind");
  const docPos = w.pos(kindEntry?.key ?? root);

  const kind = w.string(top, "kind", root, "kind", `write "kind: ${WORKLOAD_CLUSTER_KIND}"`);
  if (kind && kind.value !== WORKLOAD_CLUSTER_KIND) {
    w.error(
      kind.offset,
      "kind",
      `kind must be "${WORKLOAD_CLUSTER_KIND}", found ${JSON.stringify(kind.value)}; ` +
        `files matched by the workload-clusters input hold only workload_cluster documents`,
    );
  }
  const versionEntry = top.get("version");
  if (versionEntry && isScalar(versionEntry.value) && typeof versionEntry.value.value === "number") {
    w.error(
      w.at(versionEntry),
      "version",
      `version must be the string "${WORKLOAD_CLUSTER_VERSION}", found ${describe(versionEntry.value)}`,
    );
  } else {
    const version = w.string(top, "version", root, "version", `write "version: ${WORKLOAD_CLUSTER_VERSION}"`);
    if (version && version.value !== WORKLOAD_CLUSTER_VERSION) {
      w.error(
        version.offset,
        "version",
        `version must be "${WORKLOAD_CLUSTER_VERSION}" (the only version of workload_cluster), found ${JSON.stringify(version.value)}`,
      );
    }
  }

  // metadata: only name. fact: tctl-facts.md §1 "Server rules".
  let name: { value: string; offset: number } | undefined;
  let declaredName: DocumentResult["declaredName"];
  const metadata = w.map(top, "metadata", root, "metadata", "it holds the cluster's name");
  if (metadata) {
    const special: Record<string, string> = {
      revision: "metadata.revision is set by Teleport, not configuration; remove it from the manifest",
    };
    for (const key of ["labels", "description", "expires", "namespace", "id"]) {
      special[key] = `metadata of a workload_cluster may hold only name, not ${key}: ${METADATA_REJECTED}`;
    }
    const meta = w.fields(metadata, "metadata", METADATA_KEYS, special);
    name = w.string(
      meta,
      "name",
      metadata,
      "metadata.name",
      `it names the cluster, whose domain is <name>.${CHILD_DOMAIN_SUFFIX}`,
    );
    if (name) {
      declaredName = { value: name.value, ...lineCounter.linePos(name.offset) };
      const problem = clusterNameProblem(name.value);
      if (problem) w.error(name.offset, "metadata.name", problem);
    }
  }

  const spec = w.map(top, "spec", root, "spec", "it holds regions, bot and token");
  const declared = spec ? readSpec(w, spec, options) : undefined;

  if (w.errors.length > 0 || !name || !declared) return { errors: w.errors, declaredName };
  return {
    cluster: { name: name.value, file, line: docPos.line, spec: declared },
    errors: [],
    declaredName,
  };
}

function readSpec(
  w: Walker,
  spec: YAMLMap,
  options: ValidateOptions,
): DeclaredWorkloadCluster["spec"] | undefined {
  const fields = w.fields(spec, "spec", SPEC_KEYS);

  // fact: tctl-facts.md §1: "regions is required", "region name is required".
  const regions: { name: string }[] = [];
  const regionHint = 'list at least one region, e.g. "regions: [{name: us-west-2}]"';
  const regionSeq = w.seq(fields, "regions", spec, "spec.regions", regionHint);
  const firstRegion = new Map<string, number>();
  regionSeq?.items.forEach((item, i) => {
    const path = `spec.regions[${i}]`;
    const node = w.resolve(item);
    if (isAlias(item) && !node) return;
    if (!isMap(node)) {
      const offset = node?.range?.[0] ?? regionSeq.range![0];
      const example =
        isScalar(node) && typeof node.value === "string" ? `name: ${node.value}` : "name: us-west-2";
      w.error(
        offset,
        path,
        `each region is a mapping with a name, e.g. "- ${example}"; found ${describe(node)}`,
      );
      return;
    }
    const region = w.fields(node, path, REGION_KEYS);
    const regionName = w.string(region, "name", node, `${path}.name`, "give an AWS region such as us-west-2");
    if (!regionName) return;
    const problem = regionNameProblem(regionName.value);
    if (problem) {
      w.error(regionName.offset, `${path}.name`, problem);
      return;
    }
    const first = firstRegion.get(regionName.value);
    if (first !== undefined) {
      w.error(
        regionName.offset,
        `${path}.name`,
        `region ${JSON.stringify(regionName.value)} is listed twice (first at line ${first})`,
      );
      return;
    }
    firstRegion.set(regionName.value, w.pos(node).line);
    regions.push({ name: regionName.value });
  });

  // The guide's seed flow joins the child as this bot, so the action cannot work without it.
  const botHint =
    "the action signs in to the new cluster as this bot (its join token and role share the name)";
  const botMap = w.map(fields, "bot", spec, "spec.bot", `give "bot: {name: <bot>}": ${botHint}`);
  let bot: { name: string } | undefined;
  if (botMap) {
    const botFields = w.fields(botMap, "spec.bot", BOT_KEYS);
    const botName = w.string(botFields, "name", botMap, "spec.bot.name", botHint);
    if (botName) bot = { name: botName.value };
  }

  const token = readToken(w, fields, spec, options);
  if (!regionSeq || !bot || !token) return undefined;
  return { regions, bot, token };
}

function readToken(
  w: Walker,
  fields: Map<string, Entry>,
  spec: YAMLMap,
  options: ValidateOptions,
): DeclaredWorkloadCluster["spec"]["token"] | undefined {
  const tokenMap = w.map(
    fields,
    "token",
    spec,
    "spec.token",
    "give join_method: iam and allow rules naming the AWS identities that may join as the bot",
  );
  if (!tokenMap) return undefined;
  const token = w.fields(tokenMap, "spec.token", TOKEN_KEYS);

  // fact: tctl-facts.md §1 (guide): only IAM join is supported for workload clusters "in the short term".
  const method = w.string(
    token,
    "join_method",
    tokenMap,
    "spec.token.join_method",
    'write "join_method: iam"',
  );
  let methodOk = false;
  if (method) {
    methodOk = method.value === "iam";
    if (!methodOk) {
      w.error(
        method.offset,
        "spec.token.join_method",
        `join_method ${JSON.stringify(method.value)} is not supported for workload clusters: ` +
          `Teleport Cloud supports only "iam" for now`,
      );
    }
  }

  const allowSeq = w.seq(
    token,
    "allow",
    tokenMap,
    "spec.token.allow",
    "list at least one rule with aws_account and aws_arn naming the AWS identity that may join as the bot",
  );
  const allow: IamAllowRule[] = [];
  let allowOk = allowSeq !== undefined;
  allowSeq?.items.forEach((item, i) => {
    const rule = readAllowRule(w, item, i, allowSeq, options);
    if (rule) allow.push(rule);
    else allowOk = false;
  });
  if (!methodOk || !allowOk) return undefined;
  return { join_method: "iam", allow };
}

function readAllowRule(
  w: Walker,
  item: unknown,
  i: number,
  seq: YAMLSeq,
  options: ValidateOptions,
): IamAllowRule | undefined {
  const path = `spec.token.allow[${i}]`;
  const node = w.resolve(item);
  if (isAlias(item) && !node) return undefined;
  if (!isMap(node)) {
    w.error(
      node?.range?.[0] ?? seq.range![0],
      path,
      `each allow rule is a mapping with aws_account and aws_arn; found ${describe(node)}`,
    );
    return undefined;
  }
  // fact: teleport-connection.md §5: the workload-cluster Allow message carries only these two fields, and
  // organization-based IAM joins are not supported in Teleport Cloud.
  const orgMessage = (key: string) =>
    `${key} is not supported here: workload cluster allow rules carry only aws_account and aws_arn ` +
    `(organization-based IAM joins are not supported in Teleport Cloud)`;
  const fields = w.fields(node, path, ALLOW_KEYS, {
    aws_organization_id: orgMessage("aws_organization_id"),
    aws_organizational_units: orgMessage("aws_organizational_units"),
  });

  const account = readAccount(w, fields, node, `${path}.aws_account`);
  const arnEntry = fields.get("aws_arn");
  const arnPath = `${path}.aws_arn`;
  const arnNode = arnEntry?.value;
  let arn: string | undefined;
  if (arnEntry?.broken) return undefined;
  if (arnEntry && isScalar(arnNode) && typeof arnNode.value === "string" && arnNode.value !== "") {
    arn = arnNode.value;
  } else if (arnEntry && !(isScalar(arnNode) && (arnNode.value === null || arnNode.value === ""))) {
    w.error(w.at(arnEntry), arnPath, `aws_arn must be a string, found ${describe(arnNode ?? null)}`);
    return undefined;
  }
  if (account === undefined) return undefined;

  if (arn === undefined) {
    // An empty aws_arn is not checked by Teleport either, so it is as broad as a missing one.
    if (options.allowAccountWideJoin) return { aws_account: account };
    w.error(
      arnEntry ? w.at(arnEntry) : node.range![0],
      arnEntry ? arnPath : path,
      accountWideMessage(account),
    );
    return undefined;
  }
  const problem = awsArnProblem(arn, account, options);
  if (problem) {
    w.error(w.at(arnEntry!), arnPath, problem);
    return undefined;
  }
  return { aws_account: account, aws_arn: arn };
}

/** fact: teleport-connection.md §5: aws_account is compared as an exact string with the caller's account. */
function readAccount(w: Walker, fields: Map<string, Entry>, rule: YAMLMap, path: string): string | undefined {
  const hint = 'the 12-digit AWS account ID allowed to join, quoted, e.g. aws_account: "012345678901"';
  const entry = fields.get("aws_account");
  const value = entry?.value;
  if (entry && isScalar(value) && (typeof value.value === "number" || typeof value.value === "bigint")) {
    const written = value.source ?? String(value.value);
    const fix = /^\d{12}$/.test(written)
      ? `quote it: aws_account: "${written}"`
      : `quote it and give all 12 digits, e.g. aws_account: "012345678901"`;
    w.error(
      w.at(entry),
      path,
      `aws_account ${written} is not quoted, so YAML reads it as the number ${String(value.value)}, ` +
        `and a number loses the account ID's leading zeros; ${fix}`,
    );
    return undefined;
  }
  const account = w.string(fields, "aws_account", rule, path, hint);
  if (!account) return undefined;
  if (/^\d{12}$/.test(account.value)) return account.value;
  const digitsOnly = account.value.replace(/[\s-]/g, "");
  const detail = /^\d+$/.test(account.value)
    ? `found ${account.value.length} digits`
    : /^\d{12}$/.test(digitsOnly)
      ? `write it without dashes or spaces: "${digitsOnly}"`
      : "found other characters";
  w.error(
    account.offset,
    path,
    `aws_account ${JSON.stringify(account.value)} is not an AWS account ID: it must be exactly 12 digits; ${detail}`,
  );
  return undefined;
}
