// How the GitHub simulator writes its answers: the JSON shapes of users, comments, issues and pull requests,
// `Link` pagination, and GitHub's error bodies.
import type * as http from "node:http";
import type { SimAccount, SimComment, SimIssue, SimRepo } from "./state.js";

export const BODY_LIMIT = 65_536;
export const DOCS = "https://docs.github.com/rest";

/** Where the simulator is reachable, for the URLs inside answers. */
export interface Wire {
  apiBase: string;
  web: string;
  prefix: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(payload.message));
  }
}

export const notFound = () => new HttpError(404, { message: "Not Found", documentation_url: DOCS });

export function userJson(a: SimAccount) {
  return { login: a.login, id: a.id, node_id: `U_sim${a.id}`, type: a.type, site_admin: false };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function checkBody(body: unknown, resource: string): string {
  if (typeof body !== "string") {
    throw new HttpError(422, {
      message: 'Invalid request.\n\n"body" wasn\'t supplied.',
      documentation_url: DOCS,
    });
  }
  if (codePoints(body) > BODY_LIMIT) {
    throw new HttpError(422, {
      message: "Validation Failed",
      errors: [
        {
          resource,
          code: "custom",
          field: "body",
          message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
        },
      ],
      documentation_url: DOCS,
    });
  }
  return body;
}

export function commentJson(w: Wire, repo: SimRepo, c: SimComment) {
  const kind = repo.issues.get(c.issueNumber)?.pull ? "pull" : "issues";
  return {
    id: c.id,
    node_id: c.nodeId,
    url: `${w.apiBase}/repos/${repo.owner}/${repo.name}/issues/comments/${c.id}`,
    html_url: `${w.web}/${repo.owner}/${repo.name}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${w.apiBase}/repos/${repo.owner}/${repo.name}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(c.author),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: "NONE",
  };
}

export function issueJson(w: Wire, repo: SimRepo, i: SimIssue, single = false) {
  return {
    id: Number(i.nodeId.replace(/\D/g, "")),
    node_id: i.nodeId,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.stateReason,
    labels: i.labels.map((name, k) => ({ id: k + 1, name, color: "ededed", default: false })),
    user: userJson(i.author),
    comments: repo.comments.filter((c) => c.issueNumber === i.number).length,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    url: `${w.apiBase}/repos/${repo.owner}/${repo.name}/issues/${i.number}`,
    html_url: `${w.web}/${repo.owner}/${repo.name}/${i.pull ? "pull" : "issues"}/${i.number}`,
    // The issues list carries pull requests too, told apart only by this key (B80).
    ...(i.pull
      ? {
          pull_request: {
            url: `${w.apiBase}/repos/${repo.owner}/${repo.name}/pulls/${i.number}`,
            html_url: `${w.web}/${repo.owner}/${repo.name}/pull/${i.number}`,
            merged_at: i.pull.mergedAt,
          },
        }
      : {}),
    ...(single ? { closed_by: i.closedBy ? userJson(i.closedBy) : null } : {}),
  };
}

export function pullJson(w: Wire, repo: SimRepo, i: SimIssue, single = false) {
  const p = i.pull!;
  return {
    id: Number(i.nodeId.replace(/\D/g, "")),
    node_id: i.nodeId.replace(/^I_/, "PR_"),
    number: i.number,
    state: i.state,
    title: i.title,
    user: userJson(i.author),
    html_url: `${w.web}/${repo.owner}/${repo.name}/pull/${i.number}`,
    url: `${w.apiBase}/repos/${repo.owner}/${repo.name}/pulls/${i.number}`,
    created_at: i.createdAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    head: {
      sha: p.commits[p.commits.length - 1],
      ref: `change-${i.number}`,
      label: `${repo.owner}:change`,
    },
    base: { sha: "0".repeat(40), ref: "main", label: `${repo.owner}:main` },
    ...(single ? { merged: p.merged, commits: p.commits.length } : {}),
  };
}

/** One page of `items` as GitHub pages lists: 30 unless per_page (at most 100), `Link` to the others. */
export function page<T>(w: Wire, url: URL, items: T[], res: http.ServerResponse): T[] {
  const raw = Number(url.searchParams.get("per_page"));
  const perPage = Number.isInteger(raw) && raw > 0 ? Math.min(raw, 100) : 30;
  const p = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const u = new URL(url.href);
    u.searchParams.set("page", String(n));
    return `<${w.apiBase}${u.pathname.slice(w.prefix.length)}${u.search}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (p > 1) links.push(link(p - 1, "prev"), link(1, "first"));
  if (p < last) links.push(link(p + 1, "next"), link(last, "last"));
  if (links.length > 0) res.setHeader("link", links.join(", "));
  return items.slice((p - 1) * perPage, p * perPage);
}
