// The control API over HTTP JSON on 127.0.0.1.
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { SimError } from "../common/errors.js";
import type { SimControl } from "./control.js";

/** Large enough for a bulk upsert of thousands of users. */
const MAX_BODY = 256 * 1024 * 1024;

/**
 * HTTP face of the control API: `GET /` lists the operations; `GET|POST /<operation>` runs one with the
 * query parameters and the JSON body as arguments. Errors: `{"error": {"code", "message"}}`.
 */
export async function startControlServer(
  control: SimControl,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const name = url.pathname.replace(/^\/+|\/+$/g, "");
      if (name === "") return send(200, { operations: control.operations });
      let args: Record<string, unknown> = Object.fromEntries(url.searchParams);
      try {
        const text = Buffer.concat(chunks).toString("utf8").trim();
        if (text) args = { ...args, ...(JSON.parse(text) as Record<string, unknown>) };
      } catch {
        return send(400, { error: { code: "InvalidArgument", message: "control: body is not JSON" } });
      }
      control.call(name, args).then(
        (result) => send(200, result ?? {}),
        (err: unknown) => {
          const code = err instanceof SimError ? err.code : grpc.status.UNKNOWN;
          const status =
            code === grpc.status.NOT_FOUND ? 404 : code === grpc.status.INVALID_ARGUMENT ? 400 : 500;
          send(status, {
            error: { code: grpc.status[code], message: err instanceof Error ? err.message : String(err) },
          });
        },
      );
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
