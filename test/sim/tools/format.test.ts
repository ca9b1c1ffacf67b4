// Unit tests of the stand-ins' parsing and output formatting (no network).
import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sshAuthorizedKey } from "../cluster/identity.js";
import { parseCommandLine } from "./common/args.js";
import { GET_CALLER_IDENTITY_BODY, signGetCallerIdentity, stsEndpoint } from "./common/aws.js";
import { decodeResources } from "./common/decode.js";
import { formatGoDurationSeconds, humanTtl, parseGoDuration } from "./common/duration.js";
import { decodeIdentityFile, encodeIdentityFile } from "./common/identity.js";
import { parseJson } from "./common/json.js";
import { generateBotKey, keyAlgorithmForSuite } from "./common/keys.js";
import { asciiTable, goJson, writeJsonArray, writeYamlList } from "./common/output.js";
import { decodeToProtoJson, encodeMessage, protoJsonToObject } from "./common/proto.js";
import { decodeRole, decodeUser, parseRef, parseShortcut } from "./common/resources.js";
import { alreadyExists, fromGrpc, printFatal, userMessage, wrap } from "./common/trace.js";
import { versionLine } from "./common/version.js";

const capture = () => {
  let text = "";
  return {
    write: (t: string) => {
      text += t;
    },
    text: () => text,
  };
};

describe("error printing (fact: B3 'How errors reach the terminal')", () => {
  it("prints ERROR: in red ANSI, the outer message first and inner ones one tab deeper, exit code 1", () => {
    const stderr = capture();
    const err = wrap(alreadyExists('role "dev" already exists'), "use -f or --force flag to overwrite");
    expect(printFatal(err, stderr)).toBe(1);
    expect(stderr.text()).toBe(
      '\x1b[31mERROR: \x1b[0muse -f or --force flag to overwrite\n\trole "dev" already exists\n',
    );
  });

  it("nests three levels with growing tabs", () => {
    const err = wrap(
      wrap(fromGrpc(7, "instance x did not match any allow rules"), "checking allow rules"),
      "verifying",
    );
    expect(userMessage(err)).toBe(
      "verifying\n\tchecking allow rules\n\t\tinstance x did not match any allow rules",
    );
    expect(err.kind).toBe("AccessDenied");
  });

  it("maps gRPC codes back to trace kinds (fact: B18)", () => {
    expect(fromGrpc(5, "x").kind).toBe("NotFound");
    expect(fromGrpc(6, "x").kind).toBe("AlreadyExists");
    expect(fromGrpc(9, "x").kind).toBe("CompareFailed");
    expect(fromGrpc(14, "x").kind).toBe("ConnectionProblem");
    expect(fromGrpc(13, "x").kind).toBe("Unknown");
  });
});

describe("output writers (fact: B5)", () => {
  it("writes JSON as an array with 4-space indent and a trailing newline, even for one resource", () => {
    expect(writeJsonArray([{ kind: "role", metadata: { name: "a" }, spec: {} }])).toBe(
      '[\n    {\n        "kind": "role",\n        "metadata": {\n            "name": "a"\n        },\n        "spec": {}\n    }\n]\n',
    );
  });

  it("writes `[]` and a newline for no resources in JSON", () => {
    expect(writeJsonArray([])).toBe("[]\n");
  });

  it("escapes like Go's encoding/json (<, >, & and control characters)", () => {
    expect(goJson({ a: "<b>&\u0001\n" }, "  ")).toBe('{\n  "a": "\\u003cb\\u003e\\u0026\\u0001\\n"\n}');
  });

  it("writes YAML documents joined by --- with sorted keys, and `[]` without newline when empty", () => {
    expect(writeYamlList([])).toBe("[]");
    const text = writeYamlList([
      { version: "v7", kind: "role", metadata: { name: "a" } },
      { kind: "role", metadata: { name: "b" }, spec: { allow: { logins: ["root"] } } },
    ]);
    expect(text).toBe(
      "kind: role\nmetadata:\n  name: a\nversion: v7\n---\nkind: role\nmetadata:\n  name: b\nspec:\n  allow:\n    logins:\n    - root\n",
    );
  });

  it("renders a text table like Teleport's asciitable", () => {
    // Column width = widest cell + 1 padding (at least 5); every cell is padded, so lines end in spaces.
    expect(asciiTable(["Name"], [["child"], ["a"]])).toBe("Name  \n----- \nchild \na     \n");
  });
});

describe("durations (fact: B48 TTL display)", () => {
  it("parses Go durations", () => {
    expect(parseGoDuration("1h")).toBe(3_600_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
    expect(parseGoDuration("90s")).toBe(90_000);
    expect(() => parseGoDuration("1d")).toThrow('time: unknown unit "d" in duration "1d"');
    expect(() => parseGoDuration("abc")).toThrow('time: invalid duration "abc"');
  });

  it("prints TTLs rounded to seconds and trimmed: 1h, 59m59s, 8h, 1h30m, 30s", () => {
    expect(humanTtl(3_600_000)).toBe("1h");
    expect(humanTtl(3_599_400)).toBe("59m59s");
    expect(humanTtl(3_599_600)).toBe("1h");
    expect(humanTtl(8 * 3_600_000)).toBe("8h");
    expect(humanTtl(5_400_000)).toBe("1h30m");
    expect(humanTtl(30_000)).toBe("30s");
    expect(humanTtl(600_000)).toBe("10m");
    expect(formatGoDurationSeconds(3601)).toBe("1h0m1s");
  });
});

describe("command line (fact: B10 global flags)", () => {
  const spec = {
    name: "tctl",
    flags: [
      { long: "auth-server", kind: "strings" as const, envar: "TELEPORT_AUTH_SERVER" },
      { long: "identity", short: "i", kind: "string" as const, envar: "TELEPORT_IDENTITY_FILE" },
      { long: "debug", short: "d", kind: "bool" as const },
    ],
    commands: [
      {
        name: "get",
        args: [{ name: "resources", required: true }],
        flags: [{ long: "format", kind: "string" as const, default: "yaml", enum: ["yaml", "json", "text"] }],
      },
      { name: "rm", aliases: ["del", "delete"], args: [{ name: "resource", required: true }] },
    ],
  };

  it("accepts global flags before and after the subcommand, both --flag=value and --flag value", () => {
    const cli = parseCommandLine(
      spec,
      ["--auth-server=a:443", "get", "-i", "id", "role/x", "--format", "json", "--auth-server", "b:443"],
      {},
    );
    expect(cli.command).toBe("get");
    expect(cli.strs("auth-server")).toEqual(["a:443", "b:443"]);
    expect(cli.str("identity")).toBe("id");
    expect(cli.str("format")).toBe("json");
    expect(cli.arg("resources")).toBe("role/x");
  });

  it("falls back to environment variables and defaults", () => {
    const cli = parseCommandLine(spec, ["del", "role/x"], {
      TELEPORT_AUTH_SERVER: "p:443",
      TELEPORT_IDENTITY_FILE: "/id",
    });
    expect(cli.command).toBe("rm");
    expect(cli.strs("auth-server")).toEqual(["p:443"]);
    expect(cli.str("identity")).toBe("/id");
    expect(cli.given("identity")).toBe(true);
  });

  it("rejects unknown flags, bad enum values, missing arguments and subcommand flags before the subcommand", () => {
    expect(() => parseCommandLine(spec, ["get", "--nope", "x"], {})).toThrow("unknown long flag '--nope'");
    expect(() => parseCommandLine(spec, ["get", "x", "--format=xml"], {})).toThrow(
      "enum value must be one of yaml,json,text, got 'xml'",
    );
    expect(() => parseCommandLine(spec, ["get"], {})).toThrow("required argument 'resources' not provided");
    expect(() => parseCommandLine(spec, ["--format=json", "get", "x"], {})).toThrow(
      "unknown long flag '--format'",
    );
  });
});

describe("resource references (fact: B16 ParseShortcut, workload_cluster aliases)", () => {
  it("accepts singular and plural kinds", () => {
    expect(parseRef("workload_clusters/child")).toEqual({ kind: "workload_cluster", name: "child" });
    expect(parseRef("workload_cluster")).toEqual({ kind: "workload_cluster", name: "" });
    expect(parseShortcut("Roles")).toBe("role");
  });

  it("rejects unknown kinds with ParseShortcut's text", () => {
    expect(() => parseRef("foo/x")).toThrow(
      "unsupported resource: \"foo\" - resources should be expressed as 'type/name', for example 'connector/github'",
    );
  });

  it("B40 (B40): refuses role versions outside v3..v7 (v8 from 18.0) on the client, a missing one too", () => {
    const role = (version?: string) => ({
      kind: "role",
      ...(version ? { version } : {}),
      metadata: { name: "a" },
    });
    expect(() => decodeRole(role("v9"), "18.2.0", "drop")).toThrow('role version "v9" is not supported');
    expect(() => decodeRole(role(), "18.2.0", "drop")).toThrow('role version "" is not supported');
    expect(() => decodeRole(role("v8"), "17.3.4", "drop")).toThrow('role version "v8" is not supported');
    expect(decodeRole(role("v8"), "18.0.0", "drop")["version"]).toBe("v8");
    expect(decodeRole(role("v3"), "17.3.4", "drop")["version"]).toBe("v3");
  });

  it("B61 (B61): unknown user fields are dropped, or refused when strict; names match case-insensitively", () => {
    const user = { kind: "user", version: "v2", metadata: { name: "a" }, spec: { rolez: [] } };
    expect(decodeUser(user, "drop")["spec"]).toEqual({});
    expect(() => decodeUser(user, "reject")).toThrow('json: unknown field "rolez"');
    expect(decodeUser({ kind: "user", version: "v2", Metadata: { name: "a" } }, "drop")["metadata"]).toEqual({
      name: "a",
    });
  });
});

describe("tctl create input (fact: B1 multiple documents)", () => {
  it("reads multi-document YAML, skipping empty documents, with YAML 1.1 booleans", () => {
    const docs = [
      ...decodeResources(
        "---\n---\nkind: role\nmetadata: {name: a}\nspec: {x: yes}\n---\n# only a comment\n---\nkind: user\n",
      ),
    ];
    expect(docs.map((d) => d.kind)).toEqual(["role", "user"]);
    expect((docs[0]!.value["spec"] as { x: unknown }).x).toBe(true);
    expect(docs[0]!.json.text).toBe('{"kind":"role","metadata":{"name":"a"},"spec":{"x":true}}');
  });

  it("reads concatenated JSON objects", () => {
    const docs = [...decodeResources(' {"kind":"role","metadata":{"name":"a"}}\n{"kind":"user"}')];
    expect(docs.map((d) => d.kind)).toEqual(["role", "user"]);
  });

  it("yields earlier documents before failing on a later broken one", () => {
    const iterator = decodeResources("kind: role\n---\nkind: [unclosed\n");
    expect(iterator.next().value?.kind).toBe("role");
    expect(() => iterator.next()).toThrow(/^error converting YAML to JSON: yaml: line \d+:/);
  });
});

describe("workload_cluster protojson (fact: B16 and B5)", () => {
  const type = "teleport.workloadcluster.v1.WorkloadCluster";

  it("round-trips with proto field names and omits empty fields", () => {
    const input = parseJson(
      JSON.stringify({
        kind: "workload_cluster",
        version: "v1",
        metadata: { name: "child" },
        spec: {
          regions: [{ name: "us-west-2" }],
          bot: { name: "b" },
          token: { join_method: "iam", allow: [{ aws_account: "1" }] },
        },
        status: {},
      }),
    );
    const object = protoJsonToObject(type, input);
    const back = decodeToProtoJson(type, encodeMessage(type, object));
    expect(back).toEqual({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "child" },
      spec: {
        regions: [{ name: "us-west-2" }],
        bot: { name: "b" },
        token: { join_method: "iam", allow: [{ aws_account: "1" }] },
      },
      status: {},
    });
  });

  it("rejects unknown fields with protojson's position in the compact, key-sorted JSON of the YAML", () => {
    // {"kind":"workload_cluster","metadata":{"labels2":{},"name":"a"}}: "labels2" starts at column 40.
    const doc = [...decodeResources("kind: workload_cluster\nmetadata:\n  name: a\n  labels2: {}\n")][0]!;
    expect(() => protoJsonToObject(type, doc.json)).toThrow('proto: (line 1:40): unknown field "labels2"');
  });

  it("accepts the json_name spelling like protojson", () => {
    const doc = parseJson('{"spec":{"token":{"joinMethod":"iam"}}}');
    expect(protoJsonToObject(type, doc)).toEqual({ spec: { token: { join_method: "iam" } } });
  });
});

describe("identity file (fact: B25)", () => {
  const identity = {
    privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    sshCert: "ecdsa-sha2-nistp256-cert-v01@openssh.com AAAAcert",
    tlsCertPem: "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n",
    sshCaLines: ["@cert-authority c,*.c ecdsa-sha2-nistp256 AAAAca type=host"],
    tlsCaPems: [
      "-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----",
      "-----BEGIN CERTIFICATE-----\nDDDD\n-----END CERTIFICATE-----\n",
    ],
  };

  it("writes the blocks in order, each ending with a newline", () => {
    expect(encodeIdentityFile(identity)).toBe(
      [
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "ecdsa-sha2-nistp256-cert-v01@openssh.com AAAAcert\n",
        "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n",
        "@cert-authority c,*.c ecdsa-sha2-nistp256 AAAAca type=host\n",
        "-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nDDDD\n-----END CERTIFICATE-----\n",
      ].join(""),
    );
  });

  it("reads PEM blocks by position and SSH lines by prefix", () => {
    const read = decodeIdentityFile(encodeIdentityFile(identity));
    expect(read.sshCert).toBe(identity.sshCert);
    expect(read.tlsCaPems).toHaveLength(2);
    expect(read.sshCaLines).toEqual(identity.sshCaLines);
  });

  it("refuses a file without an SSH certificate", () => {
    expect(() => decodeIdentityFile(`${identity.privateKeyPem}${identity.tlsCertPem}`)).toThrow(
      /SSH certificate/,
    );
  });
});

describe("version line", () => {
  it("matches the real format for Enterprise and OSS", () => {
    expect(versionLine({ version: "17.3.4", edition: "ent", fips: false })).toMatch(
      /^Teleport Enterprise v17\.3\.4 git:v17\.3\.4-0-g[0-9a-f]{7} go1\.\d+\.\d+$/,
    );
    expect(versionLine({ version: "18.0.0", edition: "oss", fips: false })).toMatch(
      /^Teleport v18\.0\.0 git:/,
    );
  });
});

describe("bot keys (fact: B25 block 1)", () => {
  it("uses RSA for the legacy suite and ECDSA otherwise", () => {
    expect(keyAlgorithmForSuite("legacy")).toBe("rsa");
    expect(keyAlgorithmForSuite("balanced-v1")).toBe("ecdsa");
    expect(keyAlgorithmForSuite(undefined)).toBe("ecdsa");
  });

  it("writes ECDSA as PKCS#8 and RSA as PKCS#1, with OpenSSH public keys the simulator agrees with", () => {
    const ecdsa = generateBotKey("ecdsa");
    expect(ecdsa.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(ecdsa.sshPublicKey).toBe(sshAuthorizedKey(createPublicKey(ecdsa.publicKeyPem)));
    const rsa = generateBotKey("rsa");
    expect(rsa.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(createPrivateKey(rsa.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(rsa.sshPublicKey).toBe(sshAuthorizedKey(createPublicKey(rsa.publicKeyPem)));
  });
});

describe("IAM join request (fact: B28)", () => {
  const credentials = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "session" };

  it("signs POST sts.<region>.amazonaws.com with the challenge and Accept headers signed", () => {
    const endpoint = stsEndpoint({}, "eu-west-1", false);
    expect(endpoint.url).toBe("https://sts.eu-west-1.amazonaws.com/");
    const signed = signGetCallerIdentity({ credentials, region: "eu-west-1", endpoint, challenge: "c1" });
    expect(signed.method).toBe("POST");
    expect(signed.body).toBe(GET_CALLER_IDENTITY_BODY);
    expect(signed.headers["x-teleport-challenge"]).toBe("c1");
    expect(signed.headers["Accept"]).toBe("application/json");
    expect(signed.headers["X-Amz-Security-Token"]).toBe("session");
    const signedHeaders = /SignedHeaders=([^,]+)/
      .exec(signed.headers["Authorization"] ?? "")?.[1]
      ?.split(";");
    expect(signedHeaders).toEqual(
      expect.arrayContaining([
        "accept",
        "host",
        "x-amz-date",
        "x-amz-security-token",
        "x-teleport-challenge",
      ]),
    );
    expect(signed.headers["Authorization"]).toContain("/eu-west-1/sts/aws4_request");
  });

  it("follows AWS_ENDPOINT_URL_STS like the SDK, and FIPS endpoints in FIPS mode", () => {
    expect(stsEndpoint({ AWS_ENDPOINT_URL_STS: "https://127.0.0.1:8443" }, "us-west-2", false).host).toBe(
      "127.0.0.1:8443",
    );
    expect(stsEndpoint({}, "us-west-2", true).host).toBe("sts-fips.us-west-2.amazonaws.com");
    expect(stsEndpoint({}, "eu-west-1", true).host).toBe("sts-fips.us-east-1.amazonaws.com");
  });
});
