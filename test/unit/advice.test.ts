// User advice for parent-cluster errors. fact: B15, B16.
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { TeleportApiError } from "../../src/core/errors.js";
import { adviceFor, VERBS_NEEDED, WORKLOAD_CLUSTER_ROLE_YAML } from "../../src/teleport/advice.js";

const err = (kind: TeleportApiError["kind"], message: string, transient = false) =>
  new TeleportApiError(kind, message, transient);

describe("adviceFor", () => {
  it.each([
    ["get", '"read" verb'],
    ["list", '"read" and "list" verbs'],
    ["create", '"create" verb'],
    ["delete", '"delete" verb'],
  ] as const)("access denied on %s names %s and shows the role", (operation, verbs) => {
    const advice = adviceFor(
      err(
        "AccessDenied",
        `access denied to perform action "${VERBS_NEEDED[operation][0]}" on "workload_cluster"`,
      ),
      {
        operation,
      },
    )!;
    expect(advice).toContain(verbs);
    expect(advice).toContain(WORKLOAD_CLUSTER_ROLE_YAML);
  });

  it("shows a role that grants every verb the action uses on workload_cluster", () => {
    expect(parseYaml(WORKLOAD_CLUSTER_ROLE_YAML)).toEqual({
      kind: "role",
      version: "v7",
      metadata: { name: "workload-cluster-admin" },
      spec: {
        allow: {
          rules: [{ resources: ["workload_cluster"], verbs: ["list", "read", "create", "update", "delete"] }],
        },
      },
    });
  });

  it("access denied without an operation still shows the role", () => {
    expect(adviceFor(err("AccessDenied", "access denied"))).toContain("resources: [workload_cluster]");
  });

  it("admin-action MFA -> use a bot identity", () => {
    const advice = adviceFor(err("AccessDenied", "admin-level API request requires MFA verification"), {
      operation: "create",
    })!;
    expect(advice).toMatch(/bot identity \(tbot/);
    expect(advice).not.toContain("resources: [workload_cluster]");
  });

  it("missing entitlement -> contact Teleport support", () => {
    const advice = adviceFor(
      err(
        "AccessDenied",
        "only Teleport Cloud users with the WorkloadClusters feature may use workload cluster resources - please reach out to our support team at support@goteleport.com to discuss enabling this feature",
      ),
      { operation: "list" },
    )!;
    expect(advice).toMatch(/Contact Teleport support/);
    expect(advice).not.toContain("resources: [workload_cluster]");
  });

  it("only-users refusal -> use a user or bot identity", () => {
    expect(adviceFor(err("ConnectionProblem", "workload clusters API is only available to users"))).toMatch(
      /identity file produced by tbot for a bot .* or a user's identity/,
    );
  });

  it("NotImplemented from tctl -> the installed tctl is too old", () => {
    const error = err(
      "NotImplemented",
      'unsupported resource: "workload_cluster" - resources should be expressed as ...',
    );
    expect(adviceFor(error, { transport: "tctl" })).toMatch(/installed tctl is too old/);
    expect(adviceFor(error)).toMatch(/installed tctl is too old/);
    expect(adviceFor(error, { transport: "tctl", tctlVersion: "16.4.2" })).toMatch(
      /The installed tctl \(16\.4\.2\) is too old: .* a newer release is needed/,
    );
  });

  it("NotImplemented from gRPC -> the parent does not implement the API", () => {
    expect(
      adviceFor(err("NotImplemented", "unknown service teleport.workloadcluster.v1.WorkloadClusterService"), {
        transport: "grpc",
      }),
    ).toMatch(/does not implement the workload cluster API/);
  });

  it("expired credentials -> produce a fresh identity", () => {
    expect(
      adviceFor(err("AccessDenied", "your credentials have expired, please login using `tsh login`")),
    ).toMatch(/run tbot/);
  });

  it("has nothing to add for other errors", () => {
    expect(adviceFor(err("NotFound", "x"))).toBeUndefined();
    expect(adviceFor(err("ConnectionProblem", "connection reset", true))).toBeUndefined();
    expect(adviceFor(new Error("plain"))).toBeUndefined();
  });
});
