// Generated from action.yml by scripts/gen-inputs.mjs (npm run build): edit action.yml, not this file.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a default may be runner expression text, as action.yml writes it.

/** Every input of action.yml, with action.yml's default. */
export const INPUT_DEFAULTS = {
  mode: "install",
  "teleport-version": "auto",
  proxy: "",
  edition: "auto",
  "teleport-mirror": "https://cdn.teleport.dev",
  checksum: "",
  "workload-clusters": "teleport/workload-clusters/**/*.{yaml,yml}",
  "allow-account-wide-join": "false",
  "parent-identity": "",
  "parent-token": "",
  "parent-join-method": "github",
  "parent-api": "auto",
  "wait-timeout": "20m",
  "max-parallel": "20",
  "role-to-assume": "",
  "aws-region": "",
  "role-session-name": "teleport-workload-cluster-action",
  "role-duration-seconds": "3600",
  audience: "sts.amazonaws.com",
  "child-ready-timeout": "5m",
  "access-dir": "teleport/access",
  adopt: "",
  "invite-ttl": "1h",
  "fail-on-drift": "false",
  "fail-on-high-risk": "false",
  prune: "false",
  "prune-limit": "10",
  shard: "",
  "github-token": "${{ github.token }}",
  comment: "changes",
  "require-approved-plan": "false",
  "drift-issue": "false",
  "plan-files": "",
  "cluster-names": "",
  "confirm-delete": "",
} as const satisfies Record<string, string>;

export type InputName = keyof typeof INPUT_DEFAULTS;
