// Workflows as GitHub reads them: parsed and validated by @actions/workflow-parser (schema, allowed contexts,
// `${{ }}` templates turned into expressions), expressions evaluated by @actions/expressions against sample
// contexts. The plain YAML (`raw`) is kept beside the parse tree for structural assertions.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ExpressionData } from "@actions/expressions/data/expressiondata";
import type { WorkflowTemplate } from "@actions/workflow-parser/model/workflow-template";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "../support/action-runner.js";
import { type GitHubTooling, githubTooling } from "./github-parser.js";

export type { TemplateToken };

/** The plain YAML of a workflow (what `yaml` reads), for structural checks. */
// biome-ignore lint/suspicious/noExplicitAny: workflow YAML is free-form; the checks narrow what they read
export type Raw = any;

export interface Workflow {
  /** Path relative to the repository root. */
  file: string;
  text: string;
  raw: Raw;
  /** GitHub's parse tree of the whole file. */
  root: TemplateToken;
  /** GitHub's model of the workflow (jobs, needs, `if` with the implied `success()`, steps). */
  template: WorkflowTemplate;
  /** Schema and conversion errors, as GitHub would report them. */
  errors: string[];
}

/** Shipped reusable workflows, the repository's own CI, and the example callers. */
export const SHIPPED_DIR = ".github/workflows";
export const EXAMPLES_DIR = "examples/tenants/.github/workflows";

export function workflowFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/**
 * A caller's `uses: your-org/teleport-workload-cluster-action/.github/workflows/<file>@<ref>` read from this
 * repository's own file, so GitHub's converter checks the call (required inputs given, no unknown input)
 * against the workflow as shipped.
 */
const localReusableWorkflows = {
  async getFileContent(ref: { path: string; repository?: string }) {
    const file = `${SHIPPED_DIR}/${path.basename(ref.path)}`;
    return { name: file, content: fs.readFileSync(path.join(REPO_ROOT, file), "utf8") };
  },
};

export async function parseWorkflowText(file: string, text: string): Promise<Workflow> {
  const g = await githubTooling();
  const parsed = g.parseWorkflow({ name: file, content: text }, new g.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  const template = await g.convertWorkflowTemplate(parsed.context, parsed.value!, localReusableWorkflows, {
    errorPolicy: g.ErrorPolicy.TryConversion,
    fetchReusableWorkflowDepth: 1,
  });
  for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  return { file, text, raw: parseYaml(text), root: parsed.value!, template, errors };
}

export function loadWorkflow(file: string): Promise<Workflow> {
  return parseWorkflowText(file, fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
}

/** The token at a path of mapping keys and sequence indexes, e.g. child(root, "jobs", "plan", "steps", 2). */
export function child(
  token: TemplateToken | undefined,
  ...keys: (string | number)[]
): TemplateToken | undefined {
  let at = token;
  for (const key of keys) {
    if (!at) return undefined;
    // biome-ignore lint/suspicious/noExplicitAny: MappingToken and SequenceToken share no typed accessor
    const t = at as any;
    if (typeof key === "number") at = t.templateTokenType === 1 ? t.get(key) : undefined;
    else if (t.templateTokenType === 2) at = t.find(key);
    else at = undefined;
  }
  return at;
}

/** Plain JSON contexts: github, inputs, matrix, secrets, steps, needs, job, runner, env, vars, strategy. */
export type Contexts = Record<string, unknown>;

/** Job and step status functions: success(), failure(), always(), cancelled(). */
export interface Status {
  failed: boolean;
  cancelled?: boolean;
  /** A job's dependency was skipped: `success()` is false, `failure()` too. */
  skipped?: boolean;
}

const STATUS_FUNCTIONS = ["success", "failure", "always", "cancelled"] as const;

function evaluateWith(g: GitHubTooling, expr: string, contexts: Contexts, status?: Status): ExpressionData {
  const { Lexer, Parser, Evaluator, data } = g.expressions;
  const lexed = new Lexer(expr).lex();
  const extensions = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const ast = new Parser(lexed.tokens, Object.keys(contexts), status ? extensions : []).parse();
  const state = status ?? { failed: false };
  const result: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    success: !state.failed && !state.cancelled && !state.skipped,
    failure: state.failed,
    always: true,
    cancelled: !!state.cancelled,
  };
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(result[name]) },
    ]),
  );
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as InstanceType<
    typeof data.Dictionary
  >;
  return new Evaluator(ast, dictionary, functions).evaluate();
}

function toPlain(g: GitHubTooling, value: ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, g.expressions.data.replacer) ?? "null");
}

/** The token evaluated as the runner would: literals as written, expressions against the contexts. */
export async function evaluateToken(
  token: TemplateToken | undefined,
  contexts: Contexts,
  status?: Status,
): Promise<unknown> {
  if (!token) return undefined;
  const g = await githubTooling();
  const walk = (t: TemplateToken): unknown => {
    if (g.isBasicExpression(t)) return toPlain(g, evaluateWith(g, t.expression, contexts, status));
    if (g.isMapping(t)) {
      const out: Record<string, unknown> = {};
      for (const { key, value } of t) out[String(key)] = walk(value);
      return out;
    }
    if (g.isSequence(t)) {
      const out: unknown[] = [];
      for (const item of t) out.push(walk(item));
      return out;
    }
    if (g.isBoolean(t) || g.isNumber(t) || g.isString(t)) return t.value;
    return null;
  };
  return walk(token);
}

/** A value as the runner hands it to an action input or an environment variable: always a string. */
export async function evaluateString(token: TemplateToken | undefined, contexts: Contexts): Promise<string> {
  if (!token) return "";
  const g = await githubTooling();
  if (g.isBasicExpression(token)) return evaluateWith(g, token.expression, contexts).coerceString();
  const value = await evaluateToken(token, contexts);
  return value === null || value === undefined ? "" : String(value);
}

/** A mapping of strings (`with:`, `env:`), each value evaluated. */
export async function evaluateStrings(
  token: TemplateToken | undefined,
  contexts: Contexts,
): Promise<Record<string, string>> {
  const g = await githubTooling();
  const out: Record<string, string> = {};
  if (!token || !g.isMapping(token)) return out;
  for (const { key, value } of token) out[String(key)] = await evaluateString(value, contexts);
  return out;
}

/** An `if:` condition (GitHub's model adds the implied `success()`), truthy as GitHub coerces it. */
export async function evaluateCondition(
  token: TemplateToken | undefined,
  contexts: Contexts,
  status: Status,
): Promise<boolean> {
  const g = await githubTooling();
  if (!token) return !status.failed && !status.cancelled && !status.skipped;
  if (!g.isBasicExpression(token)) return Boolean(await evaluateToken(token, contexts, status));
  // The evaluator's truthiness (falsy: false, 0, -0, "", null) through its own `!` operator.
  const negated = evaluateWith(g, `!(${token.expression})`, contexts, status);
  return toPlain(g, negated) === false;
}
