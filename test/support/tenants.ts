// Workload cluster manifests for tests and benchmarks: a valid tenant joined by the simulator's AWS role.

export const SIM_ACCOUNT = "111122223333";
export const SIM_ROLE = "teleport-workload-sync";

export function tenantYaml(name: string, account = SIM_ACCOUNT, role = SIM_ROLE): string {
  return [
    "kind: workload_cluster",
    "version: v1",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  regions:",
    "    - name: us-west-2",
    "  bot:",
    `    name: ${name}-sync`,
    "  token:",
    "    join_method: iam",
    "    allow:",
    `      - aws_account: "${account}"`,
    `        aws_arn: "arn:aws:sts::${account}:assumed-role/${role}/*"`,
    "",
  ].join("\n");
}
