// The hidden marker that makes a comment or issue ours (src/github/MARKER.md).
import { describe, expect, it } from "vitest";
import {
  encodeValue,
  parseClustersMarker,
  parseDriftMarker,
  parseMarker,
  parsePlanMarker,
  renderClustersMarker,
  renderDriftMarker,
  renderPlanMarker,
} from "../../src/github/marker.js";

const plan = {
  parent: "acme.teleport.sh:443",
  head: "a".repeat(40),
  hash: "f".repeat(64),
  run: "42",
  state: "planned" as const,
};

describe("markers", () => {
  it("renders the documented plan marker and reads it back", () => {
    const line = renderPlanMarker(plan);
    expect(line).toBe(
      `<!-- teleport-workload-cluster-action:plan v1 parent=acme.teleport.sh:443 head=${"a".repeat(40)} hash=${"f".repeat(64)} run=42 state=planned -->`,
    );
    expect(parsePlanMarker(`${line}\n### plan`)).toEqual(plan);
  });

  it("keeps any parent name inside the marker", () => {
    const parent = "weird name --> <b>é=1</b>";
    const line = renderPlanMarker({ ...plan, parent });
    expect(line.indexOf("-->")).toBe(line.length - 3);
    expect(encodeValue(parent)).not.toMatch(/[ =>]/);
    expect(parsePlanMarker(line)?.parent).toBe(parent);
  });

  it("counts only a marker on the first line, of a known version and kind", () => {
    const line = renderPlanMarker(plan);
    expect(parsePlanMarker(`> quoting an old plan\n${line}`)).toBeNull();
    expect(parsePlanMarker(line.replace(" v1 ", " v2 "))).toBeNull();
    expect(parseMarker(line.replace(" v1 ", " v2 "))?.version).toBe(2);
    expect(parseDriftMarker(line)).toBeNull();
  });

  it("round-trips the drift marker", () => {
    const m = { parent: "acme", drift: "yes" as const, check: "failed" as const, run: "9" };
    expect(parseDriftMarker(`${renderDriftMarker(m)}\nbody`)).toEqual(m);
  });

  it("renders the per-cluster hashes as documented, reads the last of them, and not a plan marker", () => {
    const hashes = { acme: "0123456789abcdef", globex: "fedcba9876543210" };
    const line = renderClustersMarker(hashes);
    expect(line).toBe(
      `<!-- teleport-workload-cluster-action:clusters v1 ${Buffer.from(JSON.stringify(hashes)).toString("base64url")} -->`,
    );
    const older = renderClustersMarker({ acme: "1".repeat(16) });
    const body = [renderPlanMarker(plan), older, "### plan", line, ""].join("\n");
    expect(parseClustersMarker(body)).toEqual(hashes);
    expect(parsePlanMarker(line)).toBeNull();
    expect(parseClustersMarker(renderPlanMarker(plan))).toEqual({});
    expect(parseClustersMarker(line.replace(/v1 \S+/, "v1 not-json"))).toEqual({});
  });
});
