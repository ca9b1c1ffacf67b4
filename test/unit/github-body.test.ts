// The plan comment body: always one comment under GitHub's limit, as rich as fits.
import { describe, expect, it } from "vitest";
import {
  assertSafeBody,
  buildPlanBody,
  type ClusterPlanSummary,
  COMMENT_BUDGET,
  type PlanSummary,
  planHasChanges,
} from "../../src/github/body.js";

const JOB = "https://github.example/acme/tenants/actions/runs/42#summary";

function cluster(i: number, status: ClusterPlanSummary["status"], lines: number): ClusterPlanSummary {
  return {
    name: `tenant-${String(i).padStart(3, "0")}`,
    status,
    changes: Array.from({ length: lines }, (_, k) => `+ role/team-${k}-access: allow kubernetes_groups`),
    counts: { create: status === "create" ? lines : 0, update: status === "update" ? lines : 0, delete: 0 },
    error: status === "failed" ? "join failed: access denied" : undefined,
  };
}

function fleet(n: number, changed: number, linesEach: number, quietLines = 0): PlanSummary {
  return {
    parent: "acme.teleport.sh:443",
    jobSummaryUrl: JOB,
    headSha: "f".repeat(40),
    clusters: Array.from({ length: n }, (_, i) =>
      i < changed
        ? cluster(i, i % 10 === 0 ? "failed" : "update", linesEach)
        : cluster(i, "unchanged", quietLines),
    ),
  };
}

describe("plan comment body", () => {
  it("shows every detail when it fits", () => {
    const built = buildPlanBody(fleet(3, 2, 2));
    expect(built.step).toBe("full");
    expect(built.body).toContain("<details><summary>tenant-001: ✏️ update</summary>");
    expect(built.body).toContain("join failed: access denied");
    expect(built.body).toContain("1 cluster unchanged.");
    expect(built.body).toContain(`Full plan: [job summary](${JOB})`);
  });

  it("drops details of unchanged clusters first", () => {
    const built = buildPlanBody(fleet(300, 20, 10, 10));
    expect(built.step).toBe("changed-only");
    expect(built.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(built.body).toContain("tenant-019: ✏️ update");
    expect(built.body).not.toContain("<summary>tenant-200");
  });

  it("degrades 300 changed clusters to the table, under the limit, in one body", () => {
    const built = buildPlanBody(fleet(300, 300, 40));
    expect(built.step).toBe("table");
    expect(built.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(built.body).not.toContain("<details>");
    expect(built.body).toContain("| tenant-299 | ✏️ update | 0 | 40 | 0 |");
    expect(built.body).toContain("Per-cluster details are left out");
  });

  it("falls back to counts and the job summary link when even the table is too long", () => {
    const built = buildPlanBody(fleet(3000, 3000, 1));
    expect(built.step).toBe("counts");
    expect(built.length).toBeLessThan(2000);
    expect(built.body).toContain(
      "**3000 clusters:** 0 to create, 2700 to update, 0 unchanged, 300 failed or blocked",
    );
    expect(built.body).toContain(JOB);
  });

  it("keeps names from breaking the table or opening HTML", () => {
    const s: PlanSummary = {
      parent: "p",
      clusters: [
        {
          name: "a|b<script>",
          status: "create",
          changes: ["+ ```"],
          counts: { create: 1, update: 0, delete: 0 },
        },
      ],
    };
    const { body } = buildPlanBody(s);
    expect(body).toContain("| a\\|b&lt;script&gt; |");
    expect(body).toContain("````diff\n+ ```\n````");
  });

  it("refuses a body carrying an invite link, a reset link or a private key", () => {
    const s = fleet(1, 1, 0);
    s.clusters[0]!.changes = ["+ user/alice (invite https://acme.teleport.sh/web/invite/0123abcd)"];
    expect(() => buildPlanBody(s)).toThrow(/refusing to post .*web\/invite/);
    expect(() => assertSafeBody("see https://x/web/reset/abc")).toThrow(/web\/reset/);
    expect(() => assertSafeBody("-----BEGIN RSA PRIVATE KEY-----")).toThrow(/PRIVATE KEY/);
    expect(() => assertSafeBody("https://acme.teleport.sh/web/login")).not.toThrow();
  });

  it("tells a plan with changes from one without", () => {
    expect(planHasChanges(fleet(3, 0, 0))).toBe(false);
    expect(planHasChanges(fleet(3, 1, 1))).toBe(true);
  });
});

describe("the access review in the plan comment", () => {
  const lines = (n: number, what: string) =>
    Array.from(
      { length: n },
      (_, i) =>
        `- \`role/team-${i}\` in tenant-${i}: \`spec.allow.logins\` ${what} (\`teleport/access/team-${i}.yaml:3\`)`,
    );
  const review = (widens: number, gains: number) => ({
    highRisk: [
      "- 🔴 **root on the matched nodes**: `role/ops` in acme: `spec.allow.logins` grants logins root (`teleport/access/ops.yaml:12`)",
    ],
    widens: lines(widens, "grants logins deploy"),
    gains: lines(gains, "alice gains logins deploy"),
    unclassified: [],
    narrows: [],
  });

  it("comes right after the title, before the table and the diff", () => {
    const built = buildPlanBody({ ...fleet(3, 2, 2), review: review(2, 2) });
    expect(built.step).toBe("full");
    const body = built.body;
    expect(body.indexOf("### ⚠️ Widens access")).toBeGreaterThan(body.indexOf("### Teleport plan"));
    expect(body.indexOf("### ⚠️ Widens access")).toBeLessThan(body.indexOf("| Cluster |"));
    expect(body.indexOf("**High-risk**")).toBeLessThan(body.indexOf("**Widens**"));
    expect(body.indexOf("**Widens**")).toBeLessThan(body.indexOf("**Who gains what**"));
  });

  it("is the last thing trimmed: the cluster details and table go first, then all but its high-risk lines", () => {
    const table = buildPlanBody({ ...fleet(3000, 3000, 1), review: review(10, 10) });
    expect(table.step).toBe("counts");
    expect(table.body).toContain("alice gains logins deploy");
    const trimmed = buildPlanBody({ ...fleet(3000, 3000, 1), review: review(400, 400) });
    expect(trimmed.step).toBe("review-high-risk");
    expect(trimmed.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(trimmed.body).toContain("`role/ops` in acme: `spec.allow.logins` grants logins root");
    expect(trimmed.body).toContain("- ... and 400 more (in the job summary)");
    const counts = buildPlanBody({
      ...fleet(30, 30, 1),
      review: { ...review(0, 0), highRisk: lines(3000, "grants root") },
    });
    expect(counts.step).toBe("review-counts");
    expect(counts.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(counts.body).toContain(
      "**3000 high-risk grants**, 0 other widening changes, 0 gains of access by users.",
    );
  });

  it("says when a plan only narrows access", () => {
    const built = buildPlanBody({
      ...fleet(3, 2, 2),
      review: { ...review(0, 0), highRisk: [], narrows: lines(2, "no longer grants logins deploy") },
    });
    expect(built.body).toContain("### Access review");
    expect(built.body).toContain("Narrows access only: 2 changes narrow access and none widens it.");
    expect(built.body).not.toContain("Widens access");
  });
});
