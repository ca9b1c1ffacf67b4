// Network distance between the runner and a Cloud proxy: every byte in each direction arrives half a
// round-trip time late, and a new connection's first client byte waits one more round trip (the TCP
// handshake that loopback completes at once). Whatever a protocol does on top (a TLS 1.3 handshake, an
// HTTP/1.1 exchange, HTTP/2 frames of a gRPC call) then pays exactly the round trips it really needs,
// because nothing here knows the protocol. It is the only place the simulator injects latency.
import * as net from "node:net";

/** Bytes, the sender's half-close (null), or its close ("close"). */
type Chunk = Buffer | null | "close";

/** One direction of a connection: chunks (and the end) delivered in order, each `delayMs` after `notBefore`. */
class DelayedDirection {
  private readonly queue: { at: number; chunk: Chunk }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly to: net.Socket,
    private readonly delayMs: number,
    /** Nothing is sent before this time (ms since epoch): the TCP handshake's round trip. */
    private readonly notBefore = 0,
  ) {}

  /** Delivered after every chunk before it. */
  push(chunk: Chunk): void {
    this.queue.push({ at: Math.max(Date.now(), this.notBefore) + this.delayMs, chunk });
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { chunk } = this.queue.shift()!;
      if (this.to.destroyed) continue;
      if (chunk === "close") this.to.destroy();
      else if (chunk) this.to.write(chunk);
      else this.to.end();
    }
    this.arm();
  }
}

/**
 * Carries `client` to a fresh connection to 127.0.0.1:`port` (the real server), `rttMs` away.
 * Returns the upstream socket (the caller tracks it for teardown).
 */
export function relayAtDistance(client: net.Socket, port: number, rttMs: number): net.Socket {
  const oneWay = rttMs / 2;
  const upstream = net.connect({ port, host: "127.0.0.1", noDelay: true });
  client.setNoDelay(true);
  const up = new DelayedDirection(upstream, oneWay, Date.now() + rttMs);
  const down = new DelayedDirection(client, oneWay);
  client.on("data", (chunk: Buffer) => up.push(chunk));
  client.on("end", () => up.push(null));
  upstream.on("data", (chunk: Buffer) => down.push(chunk));
  upstream.on("end", () => down.push(null));
  // A close travels too: the other side learns of it after the bytes sent before it.
  client.on("close", () => up.push("close"));
  upstream.on("close", () => down.push("close"));
  client.on("error", () => {});
  upstream.on("error", () => {});
  return upstream;
}

/** Resets a connection the way a remote host does: the RST arrives one round trip after the SYN. */
export function resetAtDistance(client: net.Socket, rttMs: number): void {
  client.on("error", () => {});
  if (rttMs <= 0) {
    client.resetAndDestroy();
    return;
  }
  setTimeout(() => client.resetAndDestroy(), rttMs).unref();
}
