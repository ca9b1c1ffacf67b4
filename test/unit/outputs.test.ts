import { describe, expect, it } from "vitest";
import { clusterOutput, proxyOutput } from "../../src/report/cluster-output.js";

describe("child proxy address", () => {
  it.each([
    ["acme.teleport.sh", "acme.teleport.sh:443"],
    ["https://acme.teleport.sh", "acme.teleport.sh:443"],
  ])("%s -> %s (a real domain has no port, so 443 is added)", (domain, proxy) => {
    expect(proxyOutput(domain)).toBe(proxy);
  });

  it.each([
    ["acme.teleport.sh:443", "acme.teleport.sh:443"],
    ["127.0.0.1:40293", "127.0.0.1:40293"],
    ["[::1]:8443", "[::1]:8443"],
  ])("%s -> %s (a domain that carries a port keeps it)", (domain, proxy) => {
    expect(proxyOutput(domain)).toBe(proxy);
  });

  it("has no domain or proxy before the cluster reports one", () => {
    expect(clusterOutput(undefined, "creating")).toEqual({ domain: "", proxy: "", state: "creating" });
  });

  it("gives no proxy for a domain that is not an address", () => {
    expect(proxyOutput("not an address/")).toBe("");
  });
});
