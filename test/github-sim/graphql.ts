// The few GraphQL fields the action uses: `viewer { login }`, `nodes(ids:) { ... on IssueComment }` and the
// `minimizeComment` mutation. Not a GraphQL engine: it recognises those fields in the query text and reads
// their arguments from variables (or string literals). Refusals come back as GitHub sends them: HTTP 200
// with an `errors` entry of type FORBIDDEN.
import type { SimComment, SimRepo, SimState, SimToken } from "./state.js";

export interface GraphqlResult {
  json: unknown;
  /** Names of the recognised fields, for the call log. */
  ops: string[];
  mutation: boolean;
}

function arg(query: string, name: string, variables: Record<string, unknown>): unknown {
  const m = new RegExp(`\\b${name}\\s*:\\s*(\\$\\w+|"[^"]*"|\\w+)`).exec(query);
  if (!m) return undefined;
  const raw = m[1]!;
  if (raw.startsWith("$")) return variables[raw.slice(1)];
  if (raw.startsWith('"')) return raw.slice(1, -1);
  return raw;
}

function findComment(state: SimState, nodeId: string): { repo: SimRepo; comment: SimComment } | undefined {
  for (const repo of state.repos.values()) {
    const comment = repo.comments.find((c) => c.nodeId === nodeId);
    if (comment) return { repo, comment };
  }
  return undefined;
}

function canWriteComment(token: SimToken, repo: SimRepo, comment: SimComment): boolean {
  const isPull = !!repo.issues.get(comment.issueNumber)?.pull;
  const { issues, pull_requests } = token.permissions;
  return issues === "write" || (isPull && pull_requests === "write");
}

export function handleGraphql(
  state: SimState,
  token: SimToken,
  body: { query?: unknown; variables?: unknown },
): GraphqlResult {
  const query = typeof body.query === "string" ? body.query : "";
  const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<
    string,
    unknown
  >;
  const data: Record<string, unknown> = {};
  const errors: unknown[] = [];
  const ops: string[] = [];
  const mutation = /^\s*mutation\b/.test(query);
  const forbidden = (path: string) => ({
    type: "FORBIDDEN",
    path: [path],
    message: "Resource not accessible by integration",
  });

  if (/\bviewer\s*\{/.test(query)) {
    ops.push("viewer");
    if (token.viewerForbidden) {
      data.viewer = null;
      errors.push(forbidden("viewer"));
    } else {
      data.viewer = { login: token.account.graphqlLogin };
    }
  }
  if (/\bnodes\s*\(/.test(query)) {
    ops.push("nodes");
    const ids = arg(query, "ids", variables);
    data.nodes = (Array.isArray(ids) ? ids : []).map((id) => {
      const found = findComment(state, String(id));
      if (!found) return null;
      const c = found.comment;
      return {
        id: c.nodeId,
        databaseId: c.id,
        isMinimized: c.minimized,
        minimizedReason: c.minimizedReason,
        author: { login: c.author.graphqlLogin },
        body: c.body,
      };
    });
  }
  if (/\bminimizeComment\s*\(/.test(query)) {
    ops.push("minimizeComment");
    const subjectId = String(arg(query, "subjectId", variables) ?? "");
    const classifier = String(arg(query, "classifier", variables) ?? "");
    const found = findComment(state, subjectId);
    if (!found) {
      data.minimizeComment = null;
      errors.push({
        type: "NOT_FOUND",
        path: ["minimizeComment"],
        message: `Could not resolve to a node with the global id of '${subjectId}'`,
      });
    } else if (!canWriteComment(token, found.repo, found.comment)) {
      data.minimizeComment = null;
      errors.push(forbidden("minimizeComment"));
    } else {
      found.comment.minimized = true;
      found.comment.minimizedReason = classifier.toLowerCase() || "outdated";
      data.minimizeComment = {
        minimizedComment: { isMinimized: true, minimizedReason: found.comment.minimizedReason },
      };
    }
  }
  if (ops.length === 0) {
    errors.push({ message: "the GitHub simulator does not implement this query" });
    return { json: { errors }, ops: ["unsupported"], mutation };
  }
  return { json: errors.length > 0 ? { data, errors } : { data }, ops, mutation };
}
