// Go-style durations, as Teleport users write them and tctl takes them (`--ttl 1h30m`).

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style durations as Teleport users write them: `20m`, `90s`, `1h30m`. */
export function parseDuration(value: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== value) {
    throw new Error(`"${value}" is not a duration; write it like 20m, 90s or 1h30m`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (ms <= 0) throw new Error(`"${value}" must be longer than zero`);
  return ms;
}
