// The GitHub simulator's data: accounts and tokens, repositories with issues, pull requests and comments.
// Shaped after GitHub's documented REST and GraphQL answers (B76-B84); it shares
// no code with src/ so that a mistake in the action cannot hide behind the same mistake here.

export type Scope = "issues" | "pull_requests" | "contents";
export type Access = "none" | "read" | "write";

export interface SimAccount {
  /** As REST writes it (`github-actions[bot]` for the Actions bot). */
  login: string;
  /** As GraphQL writes it: bots lose the `[bot]` suffix (B77). */
  graphqlLogin: string;
  type: "User" | "Bot";
  id: number;
}

export interface SimToken {
  account: SimAccount;
  /** `installation`: GITHUB_TOKEN or an App token, which REST `/user` refuses (B76). */
  kind: "user" | "installation";
  permissions: Record<Scope, Access>;
  /** GraphQL `viewer` refused (some GHES versions for installation tokens). */
  viewerForbidden: boolean;
  /** Labels set on create are dropped silently, as for a token without push access (B81). */
  dropsLabels: boolean;
}

export interface SimComment {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  author: SimAccount;
  createdAt: string;
  updatedAt: string;
  minimized: boolean;
  minimizedReason: string | null;
}

export interface SimPull {
  commits: string[];
  merged: boolean;
  mergeCommitSha: string | null;
  mergedAt: string | null;
}

export interface SimIssue {
  number: number;
  nodeId: string;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  author: SimAccount;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: SimAccount | null;
  pull: SimPull | null;
}

export interface SimRepo {
  owner: string;
  name: string;
  nextNumber: number;
  issues: Map<number, SimIssue>;
  comments: SimComment[];
}

export const ACTIONS_BOT: SimAccount = {
  login: "github-actions[bot]",
  graphqlLogin: "github-actions",
  type: "Bot",
  id: 41898282,
};

const ALL_WRITE: Record<Scope, Access> = { issues: "write", pull_requests: "write", contents: "write" };

export class SimState {
  readonly tokens = new Map<string, SimToken>();
  readonly repos = new Map<string, SimRepo>();
  private readonly accounts = new Map<string, SimAccount>();
  private nextId = 1_000_000;
  private tick = 0;

  constructor(private readonly now: () => number) {
    this.accounts.set(ACTIONS_BOT.login, ACTIONS_BOT);
  }

  /** An ISO time from the simulator's clock; strictly increasing, so creation order is also time order. */
  stamp(): string {
    this.tick++;
    return new Date(this.now() + this.tick).toISOString();
  }

  id(): number {
    return ++this.nextId;
  }

  account(login: string): SimAccount {
    let a = this.accounts.get(login);
    if (!a) {
      const bot = login.endsWith("[bot]");
      a = { login, graphqlLogin: login.replace(/\[bot\]$/, ""), type: bot ? "Bot" : "User", id: this.id() };
      this.accounts.set(login, a);
    }
    return a;
  }

  /** A personal access token of `login`; full access unless narrowed. */
  addUserToken(token: string, login: string, permissions: Partial<Record<Scope, Access>> = {}): void {
    this.tokens.set(token, {
      account: this.account(login),
      kind: "user",
      permissions: { ...ALL_WRITE, ...permissions },
      viewerForbidden: false,
      dropsLabels: false,
    });
  }

  /** A GITHUB_TOKEN: acts as github-actions[bot] with the job's `permissions:`. */
  addActionsToken(token: string, permissions: Partial<Record<Scope, Access>> = {}): void {
    this.tokens.set(token, {
      account: ACTIONS_BOT,
      kind: "installation",
      permissions: { issues: "none", pull_requests: "none", contents: "read", ...permissions },
      viewerForbidden: false,
      dropsLabels: false,
    });
  }

  setPermissions(token: string, permissions: Partial<Record<Scope, Access>>): void {
    const t = this.tokens.get(token);
    if (!t) throw new Error(`no token ${token}`);
    t.permissions = { ...t.permissions, ...permissions };
  }

  setTokenFlags(token: string, flags: Partial<Pick<SimToken, "viewerForbidden" | "dropsLabels">>): void {
    const t = this.tokens.get(token);
    if (!t) throw new Error(`no token ${token}`);
    Object.assign(t, flags);
  }

  repo(owner: string, name: string): SimRepo {
    const key = `${owner}/${name}`.toLowerCase();
    let r = this.repos.get(key);
    if (!r) {
      r = { owner, name, nextNumber: 1, issues: new Map(), comments: [] };
      this.repos.set(key, r);
    }
    return r;
  }

  findRepo(owner: string, name: string): SimRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  createIssue(
    repo: SimRepo,
    author: SimAccount,
    fields: { title: string; body?: string; labels?: string[] },
    pull: SimPull | null = null,
  ): SimIssue {
    const at = this.stamp();
    const issue: SimIssue = {
      number: repo.nextNumber++,
      nodeId: `I_sim${this.id()}`,
      title: fields.title,
      body: fields.body ?? "",
      state: "open",
      stateReason: null,
      labels: [...new Set(fields.labels ?? [])],
      author,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      pull,
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  /** A pull request whose commits are `commits`, oldest first; the last is its head. */
  createPullRequest(owner: string, name: string, commits: string[], author = "octocat"): number {
    if (commits.length === 0) throw new Error("a pull request needs a commit");
    const pull: SimPull = { commits: [...commits], merged: false, mergeCommitSha: null, mergedAt: null };
    return this.createIssue(this.repo(owner, name), this.account(author), { title: "Change tenants" }, pull)
      .number;
  }

  pull(owner: string, name: string, number: number): SimIssue & { pull: SimPull } {
    const issue = this.findRepo(owner, name)?.issues.get(number);
    if (!issue?.pull) throw new Error(`no pull request ${owner}/${name}#${number}`);
    return issue as SimIssue & { pull: SimPull };
  }

  pushCommits(owner: string, name: string, number: number, commits: string[]): void {
    this.pull(owner, name, number).pull.commits.push(...commits);
  }

  /** Merges the pull request; `mergeCommitSha` is what lands on the base branch (merge, squash or rebase). */
  mergePullRequest(owner: string, name: string, number: number, mergeCommitSha: string): void {
    const pr = this.pull(owner, name, number);
    pr.pull.merged = true;
    pr.pull.mergeCommitSha = mergeCommitSha;
    pr.pull.mergedAt = this.stamp();
    pr.state = "closed";
    pr.closedAt = pr.pull.mergedAt;
  }

  addComment(repo: SimRepo, number: number, author: SimAccount, body: string): SimComment {
    const at = this.stamp();
    const id = this.id();
    const c: SimComment = {
      id,
      nodeId: `IC_sim${id}`,
      issueNumber: number,
      body,
      author,
      createdAt: at,
      updatedAt: at,
      minimized: false,
      minimizedReason: null,
    };
    repo.comments.push(c);
    return c;
  }

  /** Comments seeded as another account would post them (no HTTP, no call log). */
  seedComments(owner: string, name: string, number: number, login: string, bodies: string[]): SimComment[] {
    const repo = this.repo(owner, name);
    return bodies.map((b) => this.addComment(repo, number, this.account(login), b));
  }

  comments(owner: string, name: string, number: number): SimComment[] {
    return (this.findRepo(owner, name)?.comments ?? []).filter((c) => c.issueNumber === number);
  }

  /** Issues only (pull requests left out), as a person would see the Issues tab. */
  issues(owner: string, name: string): SimIssue[] {
    return [...(this.findRepo(owner, name)?.issues.values() ?? [])].filter((i) => !i.pull);
  }

  /** A person closing (or reopening) an issue in the web UI. */
  setIssueState(owner: string, name: string, number: number, state: "open" | "closed", by: string): void {
    const issue = this.findRepo(owner, name)?.issues.get(number);
    if (!issue) throw new Error(`no issue ${number}`);
    issue.state = state;
    issue.updatedAt = this.stamp();
    issue.closedAt = state === "closed" ? issue.updatedAt : null;
    issue.closedBy = state === "closed" ? this.account(by) : null;
    issue.stateReason = state === "closed" ? "completed" : "reopened";
  }
}
