// IAM allow rules: what STS GetCallerIdentity can return, and Teleport's glob over it. Used to validate the
// rules a manifest declares and, given the caller a run's AWS credentials present, whether a rule admits it.
//
// fact: B31: `aws_account` is compared by exact string equality; `aws_arn` is a glob
// where `*` matches any run of characters (including `/` and `:`) and `?` exactly one, anchored and
// case-sensitive; both must match the caller; an empty field is not checked. The compared ARN is the caller
// ARN from GetCallerIdentity: `arn:<p>:sts::<acct>:assumed-role/<role>/<session>` for a role, or
// `arn:<p>:iam::<acct>:user/<path/><name>` for an IAM user; never `arn:<p>:iam::<acct>:role/<name>`.
//
// Whether a glob can match any ARN of a given shape is decided exactly, by walking the glob and a template
// of the ARN shape together (a product of two small automata), so `*` in any position is handled.
import type { IamAllowRule } from "../core/workload-cluster.js";
import { quote } from "./errors.js";

const AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
/** The input that accepts rules letting any identity of an AWS account join. */
const ACCOUNT_WIDE_JOIN_INPUT = "allow-account-wide-join";

export interface ArnRuleOptions {
  /** Accept rules that let every identity of an AWS account join (input `allow-account-wide-join`). */
  allowAccountWideJoin: boolean;
}

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

/** Teleport's glob semantics on a concrete string (fact: B31). */
export function globMatches(pattern: string, value: string): boolean {
  return globCanMatch(pattern, template(value));
}

/** Whether an allow rule's `aws_arn` glob admits the caller ARN that STS GetCallerIdentity returned. */
export function arnGlobMatches(pattern: string, arn: string): boolean {
  return globMatches(pattern, arn);
}

/** Whether Teleport admits the caller `{account, arn}` (from GetCallerIdentity) by this allow rule. */
export function allowRuleMatches(rule: IamAllowRule, caller: { account: string; arn: string }): boolean {
  if (rule.aws_account && rule.aws_account !== caller.account) return false;
  return !rule.aws_arn || arnGlobMatches(rule.aws_arn, caller.arn);
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

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Why the allow rule {aws_account: account, aws_arn: pattern} cannot work or is too broad, or undefined
 * when it is fine. `account` is a 12-digit account ID, or undefined when the rule's own is invalid: then
 * only what is wrong with the ARN whatever the account is reported, so that both problems show at once.
 */
export function awsArnProblem(
  pattern: string,
  account: string | undefined,
  options: ArnRuleOptions,
): string | undefined {
  if (pattern.length > MAX_ARN_LENGTH) {
    return `aws_arn is ${pattern.length} characters long; an ARN has at most ${MAX_ARN_LENGTH}`;
  }
  const quoted = quote(pattern);
  const fields = arnFields(pattern);
  const partition = AWS_PARTITIONS.find((p) => p === fields.partition) ?? "aws";
  const shownAccount =
    account ?? (fields.account && ACCOUNT_ID.test(fields.account) ? fields.account : "<account>");
  const inAccount = account === undefined ? "" : ` in account ${account}`;
  const rule: Part = account ?? ANY_ACCOUNT;
  const canMatch = AWS_PARTITIONS.some(
    (p) => globCanMatch(pattern, assumedRole(p, rule)) || globCanMatch(pattern, iamUser(p, rule)),
  );
  if (canMatch) {
    const broad = account === undefined ? undefined : matchesEveryName(pattern, account);
    if (broad && !options.allowAccountWideJoin) {
      const what = broad === "role" ? "every assumed role" : "every IAM user";
      return (
        `aws_arn ${quoted} matches ${what}${inAccount}, which is as broad as a rule without ` +
        `aws_arn: any identity there could join as the bot, which manages users and roles in the new ` +
        `cluster. Name one role (e.g. ${JSON.stringify(assumedRoleExample(partition, shownAccount, "<role>"))}) ` +
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
      `Use ${quote(assumedRoleExample(partition, shownAccount, roleName), 200)}`
    );
  }
  if (account !== undefined && (acrossAccounts(assumedRole) || acrossAccounts(iamUser))) {
    const named = fields.account !== undefined ? ` names account ${quote(fields.account)}` : "";
    return (
      `aws_arn ${quoted}${named} but aws_account is "${account}": a caller must match both, ` +
      `so this rule can never match. Use the same account in both`
    );
  }
  if (
    globCanMatch(pattern, assumedRole(ANY_PARTITION, ANY_ACCOUNT)) ||
    globCanMatch(pattern, iamUser(ANY_PARTITION, ANY_ACCOUNT))
  ) {
    return `aws_arn ${quoted} has partition ${quote(fields.partition ?? "")}; the partition is one of ${AWS_PARTITIONS.join(", ")}`;
  }
  if (AWS_PARTITIONS.some((p) => globCanMatch(`${pattern}/*`, assumedRole(p, rule)))) {
    return (
      `aws_arn ${quoted} has no session part, so it never matches: STS returns ` +
      `arn:<partition>:sts::<account>:assumed-role/<role>/<session>. Append "/*" to accept any session: ` +
      `${quote(`${pattern}/*`, 200)}`
    );
  }
  if (AWS_PARTITIONS.some((p) => globCanMatch(pattern, rootUser(p, ANY_ACCOUNT)))) {
    return (
      `aws_arn ${quoted} is the account's root user; join with a role instead, ` +
      `e.g. ${JSON.stringify(assumedRoleExample(partition, shownAccount, "<role>"))}`
    );
  }
  return (
    `aws_arn ${quoted} cannot match any identity that STS GetCallerIdentity returns${inAccount}: ` +
    `use an assumed-role ARN such as ${JSON.stringify(assumedRoleExample(partition, shownAccount, "<role>"))} ` +
    `or an IAM user ARN such as "arn:${partition}:iam::${shownAccount}:user/<name>"`
  );
}

/**
 * fact: B31: a rule without aws_arn admits every identity of the account. `account`
 * is undefined when the rule's own is invalid (already reported).
 */
export function accountWideProblem(account: string | undefined): string {
  const where = account === undefined ? "the rule's account" : `account ${account}`;
  return (
    `this allow rule has no aws_arn, so any IAM role or user in ${where} could join as the bot, ` +
    `which manages users and roles in the new cluster. Add aws_arn (e.g. ` +
    `${JSON.stringify(assumedRoleExample("aws", account ?? "<account>", "<role>"))}), or set the input ` +
    `${ACCOUNT_WIDE_JOIN_INPUT}: true to accept this`
  );
}
