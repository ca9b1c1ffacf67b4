// `where` clauses of role rules: a small predicate language, evaluated against the resource being acted
// on (an empty one when the check is for the kind as a whole) and the caller.
// fact: B33 (list fallback evaluates where), B43 (update with where evaluated on the old
// and the new role), B54 (delete honours where); gap B43/B45 (a where clause never grants unconditionally).
// assumption: the subset is equals(a, b), contains(list, value), !, &&, ||, parentheses, "string"
// literals, true/false, and selectors such as resource.metadata.labels["k"], resource.metadata.name,
// user.metadata.name, user.spec.roles and user.spec.traits["k"]. A clause outside it never grants (allow)
// and always applies (deny).

type Value = string | boolean | string[];
type Node =
  | { t: "lit"; v: Value }
  | { t: "sel"; path: string[] }
  | { t: "call"; fn: string; args: Node[] }
  | { t: "not"; e: Node }
  | { t: "and" | "or"; l: Node; r: Node };

export interface WhereContext {
  resource: Record<string, unknown>;
  user: Record<string, unknown>;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.or();
    this.space();
    if (this.pos !== this.text.length) throw new Error(`unexpected ${this.text.slice(this.pos)}`);
    return node;
  }
  private space() {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
  }
  private eat(token: string): boolean {
    this.space();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }
  private or(): Node {
    let l = this.and();
    while (this.eat("||")) l = { t: "or", l, r: this.and() };
    return l;
  }
  private and(): Node {
    let l = this.unary();
    while (this.eat("&&")) l = { t: "and", l, r: this.unary() };
    return l;
  }
  private unary(): Node {
    if (this.eat("!")) return { t: "not", e: this.unary() };
    if (this.eat("(")) {
      const e = this.or();
      if (!this.eat(")")) throw new Error("missing )");
      return e;
    }
    return this.operand();
  }
  private string(): string {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.pos));
    if (!match) throw new Error("bad string");
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }
  private operand(): Node {
    this.space();
    if (this.text[this.pos] === '"') return { t: "lit", v: this.string() };
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (!ident) throw new Error("expected an operand");
    this.pos += ident.length;
    if (ident === "true" || ident === "false") return { t: "lit", v: ident === "true" };
    if (this.eat("(")) {
      const args: Node[] = [];
      if (!this.eat(")")) {
        do args.push(this.or());
        while (this.eat(","));
        if (!this.eat(")")) throw new Error("missing )");
      }
      if (!["equals", "contains"].includes(ident) || args.length !== 2)
        throw new Error(`unsupported ${ident}`);
      return { t: "call", fn: ident, args };
    }
    if (ident !== "resource" && ident !== "user") throw new Error(`unknown identifier ${ident}`);
    const path = [ident];
    for (;;) {
      if (this.text[this.pos] === ".") {
        this.pos++;
        const part = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
        if (!part) throw new Error("bad selector");
        this.pos += part.length;
        path.push(part);
      } else if (this.text[this.pos] === "[") {
        this.pos++;
        path.push(this.string());
        if (this.text[this.pos] !== "]") throw new Error("missing ]");
        this.pos++;
      } else break;
    }
    return { t: "sel", path };
  }
}

function select(ctx: WhereContext, path: string[]): Value {
  let value: unknown = path[0] === "resource" ? ctx.resource : ctx.user;
  for (const part of path.slice(1)) {
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" || typeof value === "boolean") return value;
  return "";
}

function evaluate(node: Node, ctx: WhereContext): Value {
  switch (node.t) {
    case "lit":
      return node.v;
    case "sel":
      return select(ctx, node.path);
    case "not":
      return evaluate(node.e, ctx) !== true;
    case "and":
      return evaluate(node.l, ctx) === true && evaluate(node.r, ctx) === true;
    case "or":
      return evaluate(node.l, ctx) === true || evaluate(node.r, ctx) === true;
    case "call": {
      const [a, b] = node.args.map((arg) => evaluate(arg, ctx));
      if (node.fn === "contains") return Array.isArray(a) && typeof b === "string" && a.includes(b);
      return JSON.stringify(a) === JSON.stringify(b);
    }
  }
}

/** Whether a where clause holds; undefined when the simulator cannot parse it. */
export function whereHolds(clause: string, ctx: WhereContext): boolean | undefined {
  let node: Node;
  try {
    node = new Parser(clause).parse();
  } catch {
    return undefined;
  }
  return evaluate(node, ctx) === true;
}
