// A child cluster's roles and users through tctl with the child's identity (YAML goes through
// tctl create, whose parser is Teleport's own). The sync's ChildApi port, served with these facts:
// `get` of several references prints YAML only and aborts on the first missing one
// (B6, B35, B36); `create -f` stops at the first error and confirms each success on its own line (B2, B42,
// B44); `users add` and `users reset` print the link on a line of its own (B48, B50, B53).
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import {
  type AccessRef,
  type BatchDocument,
  type BatchResult,
  type ChildApi,
  type InviteLink,
  type Resource,
  refKey,
  type TctlKindNames,
} from "../core/access.js";
import { TeleportApiError } from "../core/errors.js";
import { escapesNextComma, joinRefs, tctlRef, UnaddressableNameError } from "../core/refs.js";
import { parseDuration } from "../util/duration.js";
import type { Tctl } from "./tctl.js";
import { type TctlValue, tctlInput } from "./tctl-input.js";

export interface TctlChildOptions {
  /** Where batch files are written (0600) and removed again: RUNNER_TEMP. */
  tempDir: string;
  /** Masks an invite or reset URL the moment it is read. */
  mask: (value: string) => void;
  now?: () => number;
}

/** Linux caps one argument at 128 KiB; a `get` of thousands of names is split well below that. */
const MAX_REFS_ARG = 64 * 1024;

const nameOf = (r: Resource) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
// Any kind tctl prints is taken as it names itself: the adapter serves whatever kinds the sync registers,
// and only references the caller asked for are ever matched against what is read or confirmed.
const kindOf = (r: Resource): string | undefined =>
  typeof r.kind === "string" && r.kind ? r.kind : undefined;

/** `getting resource "NAME" of type "KIND"`: the reference a failed `get` names (fact B35, B7). */
function failedRef(error: TeleportApiError): AccessRef | undefined {
  const m = /getting resource "((?:[^"\\]|\\.)*)" of type "([a-z_]+)"/.exec(error.message);
  return m ? { kind: m[2]!, name: JSON.parse(`"${m[1]}"`) as string } : undefined;
}

function chunks(refs: AccessRef[]): AccessRef[][] {
  const out: AccessRef[][] = [];
  let current: AccessRef[] = [];
  let size = 0;
  for (const ref of refs) {
    // A name ending in an escaping backslash would swallow the comma after it (B8): it is read alone.
    if (escapesNextComma(ref.name)) {
      out.push([ref]);
      continue;
    }
    const length = refKey(ref).length + 1;
    if (current.length && size + length > MAX_REFS_ARG) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(ref);
    size += length;
  }
  if (current.length) out.push(current);
  return out;
}

/** tctl's line per confirmed document: `role "x" has been created`, `user "x" has been created|updated`. */
const CONFIRMED = /^([a-z_]+) "((?:[^"\\]|\\.)*)" has been (?:created|updated)$/;

export class TctlChildApi implements ChildApi {
  private count = 0;

  constructor(
    private readonly tctl: Tctl,
    private readonly options: TctlChildOptions,
  ) {}

  get processes(): number {
    return this.count;
  }

  /** `names`: the objects the command is about, so that their names never decide how an error is read. */
  private run(args: string[], names: readonly string[], write = false) {
    this.count++;
    return this.tctl.run(args, { write, names });
  }

  async readMany(refs: AccessRef[]): Promise<Map<string, Resource>> {
    const out = new Map<string, Resource>();
    for (const chunk of chunks(refs)) {
      let remaining = chunk;
      while (remaining.length) {
        let stdout: string;
        try {
          ({ stdout } = await this.run(
            ["get", joinRefs(remaining), "--format=yaml"],
            remaining.map((r) => r.name),
          ));
        } catch (error) {
          const missing =
            error instanceof TeleportApiError && error.kind === "NotFound" ? failedRef(error) : undefined;
          if (!missing || !remaining.some((r) => refKey(r) === refKey(missing))) throw error;
          // The first missing name aborts the whole command (fact B6): drop it and read the rest again.
          remaining = remaining.filter((r) => refKey(r) !== refKey(missing));
          continue;
        }
        // tctl prints with go-yaml v2, which quotes every string that YAML 1.1 would read as something else;
        // what it leaves plain reads the same under the YAML 1.2 rules used here.
        for (const doc of parseAllDocuments(stdout)) {
          const value = doc.toJS() as Resource | Resource[] | null;
          for (const r of Array.isArray(value) ? value : value ? [value] : []) {
            const kind = kindOf(r);
            if (kind) out.set(refKey({ kind, name: nameOf(r) }), r);
          }
        }
        break;
      }
    }
    return out;
  }

  async list(kind: TctlKindNames): Promise<Resource[]> {
    this.count++;
    return this.tctl.get(kind.plural, (item) => item as Resource);
  }

  async writeBatch(documents: BatchDocument[]): Promise<BatchResult> {
    // Written for tctl's YAML 1.1 reader, so that every string stays a string (tctl-input.ts, fact B70).
    const text = tctlInput(documents.map((d) => d.resource as TctlValue));
    const file = path.join(this.options.tempDir, `access-${randomBytes(8).toString("hex")}.yaml`);
    await fs.mkdir(this.options.tempDir, { recursive: true });
    await fs.writeFile(file, text, { mode: 0o600, flag: "wx" });
    let result: Awaited<ReturnType<Tctl["attempt"]>>;
    try {
      this.count++;
      result = await this.tctl.attempt(["create", "-f", file], {
        write: true,
        names: documents.map((d) => d.ref.name),
      });
    } finally {
      await fs.rm(file, { force: true });
    }
    const { stdout, error: failure } = result;
    const confirmed = new Set(
      stdout
        .split("\n")
        .map((l) => CONFIRMED.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]}/${JSON.parse(`"${m[2]}"`)}`),
    );
    const applied: AccessRef[] = [];
    for (const d of documents) {
      if (!confirmed.has(refKey(d.ref))) break;
      applied.push(d.ref);
    }
    if (!failure) return { applied };
    const failed = documents[applied.length];
    return failed ? { applied, failed: { ref: failed.ref, error: failure } } : { applied };
  }

  async remove(ref: AccessRef): Promise<void> {
    const { stdout } = await this.run(["rm", tctlRef(ref)], [ref.name], true);
    // fact B54, B55, B11: a removal is confirmed by its line; one refactor exited 0 without removing.
    const confirmed = `${ref.kind} ${JSON.stringify(ref.name)} has been deleted`;
    if (!stdout.split("\n").some((line) => line.trim() === confirmed)) {
      throw new TeleportApiError(
        "Unknown",
        `tctl rm ${tctlRef(ref)} exited 0 but did not confirm the removal`,
        false,
      );
    }
  }

  async addUser(name: string, roles: string[], ttl: string): Promise<InviteLink> {
    // `--roles` is split at commas, so a role name holding one would grant two other roles.
    const comma = roles.find((r) => r.includes(","));
    if (comma !== undefined)
      throw new UnaddressableNameError({ kind: "role", name: comma }, "it holds a comma");
    const { stdout } = await this.run(
      ["users", "add", name, "--roles", roles.join(","), "--ttl", ttl],
      [name, ...roles],
      true,
    );
    return this.link(stdout, "invite", ttl);
  }

  async resetUser(name: string, ttl: string): Promise<InviteLink> {
    const { stdout } = await this.run(["users", "reset", name, "--ttl", ttl], [name], true);
    return this.link(stdout, "reset", ttl);
  }

  private link(stdout: string, kind: "invite" | "reset", ttl: string): InviteLink {
    const url = stdout
      .split("\n")
      .map((l) => l.trim())
      .find((l) => /^https:\/\/\S+\/web\/(invite|reset)\/\S+$/.test(l));
    if (!url)
      throw new TeleportApiError(
        "Unknown",
        `tctl users ${kind === "invite" ? "add" : "reset"} printed no ${kind} link`,
        false,
      );
    this.options.mask(url);
    const now = this.options.now?.() ?? Date.now();
    return { url, expires: new Date(now + parseDuration(ttl)).toISOString() };
  }
}
