// Asks a child's Auth API, over one mutual-TLS gRPC connection through its proxy with the child bot's
// identity (channel.ts), whether objects exist, without starting a tctl process: GetRole / GetUser per name,
// reading only the status code (OK, NotFound), under the same RBAC as `tctl get` (fact B100, B102). It also
// reads the rules of the bot's own role (B101), which the bot may always read (B35), to learn its verbs, and
// mints invite links with the call `tctl users add` makes after creating the user (B117), so that twenty
// links cost twenty concurrent calls on one connection instead of twenty tctl processes. The sync lease, a
// role of the action's that grants nothing, is written with CreateRole and UpdateRole (B119): their
// revision check is what makes one run's take of it exclusive.
// Users written moments ago are read back here too: GetUser returns every field the action owns in a user
// (B120), so their revisions and hashes for the inventory cost no process. Everything else is still read
// and written with tctl, whose parser and printer are Teleport's own (DESIGN section 3).
import { Client, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import type { AccessRef, Resource } from "../../core/access.js";
import { mapLimit } from "../../util/concurrency.js";
import { formatProxyAddress, type ProxyAddress } from "../webapi.js";
import { ACCESS_METHODS } from "./access-schema.js";
import { TlsRoutingCredentials, waitForConnection } from "./channel.js";
import { decodeMessage, encodeMessage, type ProtoObject } from "./codec.js";
import { fromGrpcStatus } from "./errors.js";

export interface AccessProbeOptions {
  proxy: ProxyAddress;
  /** The child's cluster name (`/webapi/find` cluster_name), encoded into the ALPN protocol (B20). */
  clusterName: string;
  identity: { keyPem: string; certPem: string; caPems: string[] };
  clientVersion?: string;
  connectTimeoutMs?: number;
  callTimeoutMs?: number;
  /** Calls in flight at once on the one connection. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** What the child answered for one name: it exists, it does not, or the answer says nothing (denied). */
export type Existence = "found" | "missing" | "unknown";

export class AccessProbe {
  private readonly client: Client;
  private readonly credentials: TlsRoutingCredentials;
  readonly address: string;

  constructor(private readonly options: AccessProbeOptions) {
    this.address = formatProxyAddress(options.proxy);
    this.credentials = new TlsRoutingCredentials({ clusterName: options.clusterName, ...options.identity });
    this.client = new Client(this.address, this.credentials, {
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      // An idle connection closes by itself, so a caller that forgets close() does not keep Node alive.
      "grpc.client_idle_timeout_ms": 5_000,
    });
  }

  /** Calls in flight at once for a question about many names. */
  private get atOnce(): number {
    return this.options.concurrency ?? 32;
  }

  /** Opens the connection; rejects with ConnectFailure (channel.ts) when none could be made. */
  connect(): Promise<void> {
    return waitForConnection(
      this.client,
      this.credentials,
      this.options.proxy,
      this.options.connectTimeoutMs ?? 10_000,
    );
  }

  private call(kind: keyof typeof ACCESS_METHODS, request: ProtoObject): Promise<ProtoObject> {
    const method = ACCESS_METHODS[kind];
    const metadata = new Metadata();
    if (this.options.clientVersion) metadata.set("version", this.options.clientVersion);
    return new Promise((resolve, reject) => {
      if (this.options.signal?.aborted) {
        reject(this.options.signal.reason ?? new Error("cancelled"));
        return;
      }
      this.client.makeUnaryRequest<ProtoObject, ProtoObject>(
        method.path,
        (value) => encodeMessage(method.request, value),
        (bytes) => decodeMessage(method.response, bytes),
        request,
        metadata,
        { deadline: Date.now() + (this.options.callTimeoutMs ?? 30_000) },
        (error: ServiceError | null, response?: ProtoObject) => {
          if (error) reject(error);
          else resolve(response ?? {});
        },
      );
    });
  }

  /**
   * Whether each object exists, keyed `kind/name`. NotFound is `missing`; a denial (no read verb, where
   * NotFound hides behind AccessDenied: B35) is `unknown`, left for tctl to report. Kinds other than role
   * and user are `unknown`. Any other failure (the connection lost, a deadline) rejects.
   */
  async exists(refs: readonly AccessRef[]): Promise<Map<string, Existence>> {
    const answers = await mapLimit(refs, this.atOnce, (ref) => this.existence(ref));
    return new Map(refs.map((ref, i) => [`${ref.kind}/${ref.name}`, answers[i]!]));
  }

  /**
   * Each existing user's `status.password_state` (B118: 0 unspecified, 1 unset, 2 set once they signed up);
   * a user the child says does not exist is left out. A denial or any other failure rejects.
   */
  async passwordStates(names: readonly string[]): Promise<Map<string, number>> {
    const answers = await mapLimit(names, this.atOnce, async (name) => {
      try {
        const answer = (await this.call("user", { name })) as {
          user?: { status?: { password_state?: number } };
        };
        return answer.user?.status?.password_state ?? 0;
      } catch (error) {
        if ((error as ServiceError).code === status.NOT_FOUND) return undefined;
        throw fromGrpcStatus(error as ServiceError, { write: false, address: this.address });
      }
    });
    return new Map(
      names.flatMap((name, i) => (answers[i] === undefined ? [] : [[name, answers[i]] as const])),
    );
  }

  /**
   * Users as far as the fields the action owns in them go (B120: metadata, `spec.roles`, `spec.traits`)
   * and `status.password_state`, as JSON keys tctl prints; a user the child says does not exist is null.
   * One with an expiry is undefined: how tctl prints the time is not matched here, so tctl reads it.
   */
  async users(names: readonly string[]): Promise<Map<string, Resource | null | undefined>> {
    const answers = await mapLimit(names, this.atOnce, async (name) => {
      try {
        return userAsPrinted(((await this.call("user", { name })) as { user?: ProtoObject }).user ?? {});
      } catch (error) {
        if ((error as ServiceError).code === status.NOT_FOUND) return null;
        throw fromGrpcStatus(error as ServiceError, { write: false, address: this.address });
      }
    });
    return new Map(names.map((name, i) => [name, answers[i]]));
  }

  private async existence(ref: AccessRef): Promise<Existence> {
    if (ref.kind !== "role" && ref.kind !== "user") return "unknown";
    try {
      await this.call(ref.kind, ref.kind === "role" ? { Name: ref.name } : { name: ref.name });
      return "found";
    } catch (error) {
      const code = (error as ServiceError).code;
      if (code === status.NOT_FOUND) return "missing";
      if (code === status.PERMISSION_DENIED) return "unknown";
      throw fromGrpcStatus(error as ServiceError, { write: false, address: this.address });
    }
  }

  /** A role's kind, name, revision and allow/deny rules, as JSON keys tctl prints (B101). */
  async roleRules(name: string): Promise<Resource> {
    try {
      return (await this.call("role", { Name: name })) as Resource;
    } catch (error) {
      throw fromGrpcStatus(error as ServiceError, { write: false, address: this.address });
    }
  }

  /**
   * Writes `role` only if the child holds it at `revision` (UpdateRole, CompareFailed otherwise) or, for
   * `null`, only if it does not exist yet (CreateRole, AlreadyExists otherwise): fact B119. Answers the
   * stored revision. Only for roles that grant nothing: the message carries metadata and rules alone.
   */
  async swapRole(role: Resource, revision: string | null): Promise<string> {
    const spec = (role.spec ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const grants = Object.entries(spec).some(([key, value]) =>
      key !== "allow" && key !== "deny" ? true : Object.keys(value ?? {}).length > 0,
    );
    if (grants) throw new Error(`role ${String(role.metadata?.name)} grants something: write it with tctl`);
    const metadata = { ...(role.metadata ?? {}), ...(revision === null ? {} : { revision }) };
    const message = { kind: role.kind, version: role.version, metadata, spec: { allow: {}, deny: {} } };
    try {
      const stored = await this.call(revision === null ? "createRole" : "updateRole", { Role: message });
      return String((stored.metadata as { revision?: unknown } | undefined)?.revision ?? "");
    } catch (error) {
      throw fromGrpcStatus(error as ServiceError, { write: true, address: this.address });
    }
  }

  /**
   * A new invite link for an existing local user: CreateResetPasswordToken of type `invite` (B117), which,
   * like every link, wipes the user's password and MFA devices and voids their earlier links (B51).
   */
  async inviteLink(name: string, ttlMs: number): Promise<{ url: string; expires?: string }> {
    let token: ProtoObject;
    try {
      token = await this.call("link", {
        Name: name,
        Type: "invite",
        TTL: (BigInt(Math.round(ttlMs)) * 1_000_000n).toString(),
      });
    } catch (error) {
      throw fromGrpcStatus(error as ServiceError, { write: true, address: this.address });
    }
    const spec = token.spec as { url?: unknown } | undefined;
    const expires = (token.metadata as { expires?: { seconds?: string; nanos?: number } } | undefined)
      ?.expires;
    if (typeof spec?.url !== "string" || !spec.url)
      throw new Error(`Teleport returned no invite link for ${name}`);
    const ms = expires?.seconds ? Number(expires.seconds) * 1000 + Math.floor((expires.nanos ?? 0) / 1e6) : 0;
    return { url: spec.url, ...(ms ? { expires: new Date(ms).toISOString() } : {}) };
  }

  close(): void {
    this.client.close();
  }
}

interface UserMessage {
  kind?: string;
  version?: string;
  metadata?: {
    name?: string;
    description?: string;
    labels?: Record<string, string>;
    expires?: unknown;
    revision?: string;
  };
  spec?: { roles?: string[]; traits?: { Values?: { key?: string; value?: { Values?: string[] } }[] } };
  status?: { password_state?: number };
}

/**
 * A UserV2 message in the shape tctl prints it (F10, B120): empty fields left out, as omitempty does, and a
 * trait without values null, as a Go nil list prints; undefined for a user with an expiry.
 */
function userAsPrinted(message: ProtoObject): Resource | undefined {
  const m = message as UserMessage;
  const meta = m.metadata ?? {};
  if (meta.expires !== undefined) return undefined;
  const traits = Object.fromEntries(
    (m.spec?.traits?.Values ?? []).map((e) => [e.key ?? "", e.value?.Values?.length ? e.value.Values : null]),
  );
  return {
    kind: m.kind ?? "user",
    version: m.version ?? "",
    metadata: {
      name: meta.name ?? "",
      ...(meta.description ? { description: meta.description } : {}),
      ...(meta.labels && Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
      ...(meta.revision ? { revision: meta.revision } : {}),
    },
    spec: {
      ...(m.spec?.roles?.length ? { roles: m.spec.roles } : {}),
      ...(Object.keys(traits).length ? { traits } : {}),
    },
    ...(m.status?.password_state ? { status: { password_state: m.status.password_state } } : {}),
  };
}
