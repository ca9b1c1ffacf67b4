// HTTPS_PROXY and NO_PROXY, as self-hosted runners behind an egress proxy set them. The request goes to a
// `.invalid` name (RFC 6761: never resolves), so where the connection was attempted shows in the error.
import { afterEach, describe, expect, it } from "vitest";
import { createHttp } from "../../src/net/http.js";

const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function failure(): Promise<string> {
  try {
    await createHttp().get(new URL("https://mirror.invalid:8443/teleport.tar.gz"), {
      headersTimeoutMs: 5000,
    });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the request unexpectedly succeeded");
}

describe("HTTP proxy settings", () => {
  it("tunnels through HTTPS_PROXY", async () => {
    process.env.HTTPS_PROXY = "http://127.0.0.1:9";
    delete process.env.NO_PROXY;
    expect(await failure()).toMatch(/tunneling socket could not be established.*127\.0\.0\.1:9/);
  });

  it("goes direct for a host listed in NO_PROXY", async () => {
    process.env.HTTPS_PROXY = "http://127.0.0.1:9";
    process.env.NO_PROXY = "example.com,mirror.invalid";
    expect(await failure()).toMatch(/ENOTFOUND mirror\.invalid/);
  });
});
