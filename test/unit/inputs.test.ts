import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS } from "../../src/generated/inputs.js";
import { readConfig } from "../../src/inputs.js";
import { parseProxyAddress } from "../../src/teleport/webapi.js";
import { loadActionYml } from "../support/action-runner.js";

const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";

describe("inputs", () => {
  it("declares in action.yml exactly the inputs the code reads, with the same defaults", () => {
    const declared = Object.fromEntries(
      Object.entries(loadActionYml().inputs).map(([name, spec]) => [name, spec.default ?? ""]),
    );
    expect(declared).toEqual(INPUT_DEFAULTS);
  });

  it("gives every input and output a description", () => {
    const action = loadActionYml();
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it("treats an empty input as its default", () => {
    const config = readConfig(
      get({ mode: "", "teleport-version": "18.2.1", edition: "", "teleport-mirror": "" }),
    );
    expect(config.mode).toBe("install");
    expect(config.install.edition).toBe("auto");
    expect(config.install.mirror.href).toBe("https://cdn.teleport.dev/");
  });

  it("reads an install configuration", () => {
    const config = readConfig(
      get({ proxy: "https://example.teleport.sh/", edition: "ent", checksum: "AB".repeat(32) }),
    );
    expect(config.install).toMatchObject({
      version: "auto",
      proxy: { host: "example.teleport.sh", port: 443 },
      edition: "ent",
      checksum: "ab".repeat(32),
    });
  });

  it.each([
    [{ mode: "apply!" }, 'Input "mode": "apply!" is not one of "install"'],
    [
      { "teleport-version": "18.2.1", edition: "enterprise" },
      'Input "edition": "enterprise" is not one of "auto", "oss", "ent"',
    ],
    [
      { "teleport-version": "18.2.1", proxy: "example.teleport.sh/path" },
      'Input "proxy": "example.teleport.sh/path" is not a proxy address',
    ],
    [
      { "teleport-version": "18.2.1", "teleport-mirror": "ftp://mirror" },
      'Input "teleport-mirror": "ftp://mirror" must be an https URL',
    ],
    [
      { "teleport-version": "18.2.1", "teleport-mirror": "not a url" },
      'Input "teleport-mirror": "not a url" is not a URL',
    ],
    [{ "teleport-version": "18.2.1", "teleport-mirror": "https://m.example/?x=1" }, "without query"],
  ])("names the input in errors: %j", (inputs, message) => {
    expect(() => readConfig(get(inputs))).toThrow(message);
  });

  it.each([
    ["http://127.0.0.1:8080", true],
    ["http://localhost:8080/teleport", true],
    ["http://mirror.internal", false],
    ["https://mirror.internal", true],
  ])("plain http only on loopback: %s", (mirror, ok) => {
    const read = () => readConfig(get({ "teleport-version": "18.2.1", "teleport-mirror": mirror }));
    if (ok) expect(read().install.mirror.href).toContain(new URL(mirror).host);
    else expect(read).toThrow(/plain http/);
  });

  it.each([
    ["example.teleport.sh", "example.teleport.sh", 443],
    ["example.teleport.sh:3080", "example.teleport.sh", 3080],
    ["https://example.teleport.sh:443", "example.teleport.sh", 443],
    ["127.0.0.1:8443", "127.0.0.1", 8443],
  ])("parses proxy %s", (value, host, port) => {
    expect(parseProxyAddress(value)).toEqual({ host, port });
  });
});

describe("mode delete names (defect: a name no cluster can have was 'nothing to delete')", () => {
  const deleting = (names: string) =>
    get({
      mode: "delete",
      proxy: "example.teleport.sh",
      "parent-token": "bot-token",
      "cluster-names": names,
      "confirm-delete": names,
    });

  it.each([
    ["Foo!", /Input "cluster-names": "Foo!" has uppercase letters and contains "!"/],
    ["acme,-bad", /Input "cluster-names": "-bad" starts or ends with "-"/],
  ])("refuses %s before any call", (names, message) => {
    expect(() => readConfig(deleting(names))).toThrow(message);
  });

  it("accepts valid names", () => {
    expect(readConfig(deleting("acme globex")).deleteNames).toEqual(["acme", "globex"]);
  });
});
