// The environment tctl and tbot run with.

/**
 * Removes TELEPORT_* variables an earlier step may have exported (teleport-actions/auth exports
 * TELEPORT_PROXY, TELEPORT_AUTH_SERVER, TELEPORT_IDENTITY_FILE, and tbot rejects some of them next to its
 * config: fact B10), and turns off client-tools self-update (`TELEPORT_TOOLS_VERSION=off`,
 * same section), so the binary we verified is the one that runs.
 */
export function toolEnvironment(
  env: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith("TELEPORT_")) continue;
    out[key] = value;
  }
  return { ...out, TELEPORT_TOOLS_VERSION: "off", ...extra };
}
