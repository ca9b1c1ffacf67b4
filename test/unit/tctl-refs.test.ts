// Names tctl cannot address (fact B8): every path that hands tctl a reference either passes one that
// tctl's ParseRefs/ParseRef read back as exactly the intended kind and name, or refuses before any process
// runs. `parseRefs` below is this test's own reading of B8, independent of src/teleport/refs.ts.
import { describe, expect, it } from "vitest";
import { escapesNextComma, joinRefs, tctlRef, unaddressableName } from "../../src/core/refs.js";
import { TctlChildApi } from "../../src/teleport/child.js";
import { Tctl } from "../../src/teleport/tctl.js";
import type { Exec } from "../../src/util/exec.js";

/** B8: split at commas no odd run of backslashes escapes, unescape `\,`, then split at space, tab and `/`. */
function parseRefs(arg: string): { kind: string; subKind?: string; name: string }[] {
  const parts: string[] = [];
  let current = "";
  let escaped = false;
  for (const c of arg.trim()) {
    if (c === "," && !escaped) {
      if (current) parts.push(current);
      current = "";
      escaped = false;
      continue;
    }
    escaped = c === "\\" ? !escaped : false;
    current += c;
  }
  if (current) parts.push(current);
  return parts.map((p) => {
    const fields = p
      .replaceAll("\\,", ",")
      .split(/[ \t/]+/)
      .filter(Boolean);
    if (fields.length === 2) return { kind: fields[0]!, name: fields[1]! };
    if (fields.length === 3) return { kind: fields[0]!, subKind: fields[1]!, name: fields[2]! };
    throw new Error(`failed to parse '${p}'`);
  });
}

const ADDRESSABLE = [
  "dev",
  "dev-team",
  "Dev.Team_1",
  "a\\b",
  "ends\\\\",
  "ünïcode",
  'quote"d',
  "x:y",
  "*",
  "all",
  "admin",
];
const UNADDRESSABLE: [string, RegExp][] = [
  ["Dev Team", /a space/],
  ["tab\there", /a tab/],
  ["team/dev", /a slash/],
  ["a,b", /a comma/],
  [" lead", /a space/],
  ["", /empty/],
];

function recordingChild(stdout = "") {
  const calls: string[][] = [];
  const exec: Exec = async (_file, args) => {
    calls.push(args.slice(4));
    return { stdout, stderr: "", exitCode: 0 };
  };
  const tctl = new Tctl({
    tctlPath: "/bin/tctl",
    proxy: { host: "child.example.com", port: 443 },
    identityFile: "/tmp/id",
    exec,
    env: {},
  });
  return { child: new TctlChildApi(tctl, { mask: () => {} }), calls };
}

describe("tctl references (B8)", () => {
  it.each(ADDRESSABLE.map((n) => [n]))("%j is one reference that reads back as itself", (name) => {
    expect(unaddressableName(name)).toBeUndefined();
    expect(parseRefs(tctlRef({ kind: "role", name }))).toEqual([{ kind: "role", name }]);
  });

  it.each(UNADDRESSABLE)("%j is refused: %s", (name, reason) => {
    expect(unaddressableName(name)).toMatch(reason);
    expect(() => tctlRef({ kind: "role", name })).toThrow(/cannot be named to tctl/);
  });

  it("shows why: tctl would read role/Dev Team as the role Team", () => {
    expect(parseRefs("role/Dev Team")).toEqual([{ kind: "role", subKind: "Dev", name: "Team" }]);
  });

  it("joins several references so that each reads back as itself", () => {
    const refs = ADDRESSABLE.filter((n) => !escapesNextComma(n)).map((name) => ({ kind: "user", name }));
    expect(parseRefs(joinRefs(refs))).toEqual(refs);
  });

  it("never puts a name ending in an escaping backslash before a comma", () => {
    expect(escapesNextComma("a\\")).toBe(true);
    expect(escapesNextComma("a\\\\")).toBe(false);
    expect(() =>
      joinRefs([
        { kind: "role", name: "a\\" },
        { kind: "role", name: "b" },
      ]),
    ).toThrow(/escape the comma/);
    expect(
      parseRefs(
        joinRefs([
          { kind: "role", name: "b" },
          { kind: "role", name: "a\\" },
        ]),
      ),
    ).toEqual([
      { kind: "role", name: "b" },
      { kind: "role", name: "a\\" },
    ]);
  });
});

describe("the child's tctl adapter never passes tctl another name", () => {
  it("reads: refuses an unaddressable name before running tctl", async () => {
    const { child, calls } = recordingChild();
    await expect(
      child.readMany([
        { kind: "role", name: "ops" },
        { kind: "role", name: "Dev Team" },
      ]),
    ).rejects.toThrow(/role "Dev Team" cannot be named to tctl/);
    expect(calls).toEqual([]);
  });

  it("reads: a name ending in a backslash gets a `get` of its own", async () => {
    const { child, calls } = recordingChild();
    await child.readMany([
      { kind: "role", name: "a\\" },
      { kind: "role", name: "b" },
      { kind: "user", name: "c" },
    ]);
    const args = calls.map((c) => c[1]!);
    expect(args).toEqual(["role/a\\", "role/b,user/c"]);
    for (const a of args) expect(parseRefs(a).every((r) => r.subKind === undefined)).toBe(true);
  });

  it("prunes: refuses to remove an unaddressable name (tctl rm role/Dev Team would remove Team)", async () => {
    const { child, calls } = recordingChild('role "Team" has been deleted\n');
    await expect(child.remove({ kind: "role", name: "Dev Team" })).rejects.toThrow(/cannot be named to tctl/);
    expect(calls).toEqual([]);
  });

  it("prunes: an addressable name is removed by exactly that reference", async () => {
    const { child, calls } = recordingChild('role "dev" has been deleted\n');
    await child.remove({ kind: "role", name: "dev" });
    expect(calls).toEqual([["rm", "role/dev"]]);
  });

  it("invites without the Auth API: a reset link of at most 24h (B50), for exactly that user", async () => {
    const { child, calls } = recordingChild(
      'User "Dev Team" has been reset. Share this URL with the user to complete password reset, link is valid for 24h:\nhttps://child.example.com:443/web/reset/abc\n\n',
    );
    const link = await child.inviteLink("Dev Team", "48h");
    expect(calls).toEqual([["users", "reset", "Dev Team", "--ttl", "24h"]]);
    expect(link.url).toBe("https://child.example.com:443/web/reset/abc");
  });
});
