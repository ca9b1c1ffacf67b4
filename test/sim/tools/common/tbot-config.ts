// tbot's v2 YAML configuration, read strictly. fact: B26-B26 (keys, defaults,
// proxy_server/auth_server exclusive, TTLs both-or-neither, onboarding, storage, identity service).
// The file is YAML 1.2 (tbot uses yaml.v3), so `on`/`off` are strings; unknown keys are rejected.
// assumption: unknown keys are rejected at every level with yaml.v3's KnownFields wording
// (`yaml: unmarshal errors:` / `  line N: field X not found in type config.T`), the Go type names are
// the stand-in's guess, and the BadParameter texts of the semantic checks are the stand-in's own.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from "yaml";
import { parseGoDuration } from "./duration.js";
import { badParameter, notImplemented } from "./trace.js";

export interface DirectoryDestination {
  type: "directory";
  path: string;
  symlinks?: string;
  acls?: string;
}
export type Destination = DirectoryDestination | { type: "memory" };

export interface IdentityService {
  type: "identity";
  name?: string;
  destination: Destination;
  cluster?: string;
  sshConfig: "on" | "off";
  allowReissue: boolean;
}

export interface TbotConfig {
  version: "v2";
  onboarding: { token: string; joinMethod: string; caPath?: string; caPins: string[] };
  storage: Destination;
  services: IdentityService[];
  debug: boolean;
  authServer?: string;
  proxyServer?: string;
  credentialTtlMs: number;
  renewalIntervalMs: number;
  oneshot: boolean;
  fips: boolean;
  insecure: boolean;
  warnings: string[];
}

/** Join methods tbot knows (fact: B26); the stand-in implements github and iam. */
const JOIN_METHODS = new Set([
  "azure",
  "azure_devops",
  "bitbucket",
  "circleci",
  "gcp",
  "github",
  "gitlab",
  "iam",
  "kubernetes",
  "spacelift",
  "token",
  "tpm",
  "terraform_cloud",
  "bound_keypair",
]);
const STAND_IN_JOIN_METHODS = new Set(["github", "iam"]);

const KNOWN_SERVICE_TYPES = new Set([
  "identity",
  "application",
  "application-tunnel",
  "database",
  "database-tunnel",
  "kubernetes",
  "kubernetes/v2",
  "kubernetes/argo-cd",
  "ssh_host",
  "ssh-multiplexer",
  "spiffe-svid",
  "spiffe-workload-api",
  "workload-identity-x509",
  "workload-identity-jwt",
  "workload-identity-api",
  "workload-identity-aws-roles-anywhere",
]);

const DEFAULT_STORAGE_PATH = "/var/lib/teleport/bot";
const DAY_MS = 86_400_000;

const DIRECTORY_FIELDS = {
  type: "scalar",
  path: "scalar",
  symlinks: "scalar",
  acls: "scalar",
  readers: "scalar",
} as const;

const SCHEMA: Record<string, { type: string; fields: Record<string, unknown> }> = {
  root: {
    type: "config.BotConfig",
    fields: {
      version: "scalar",
      onboarding: "onboarding",
      storage: "destination",
      services: "services",
      outputs: "services",
      debug: "scalar",
      auth_server: "scalar",
      proxy_server: "scalar",
      credential_ttl: "scalar",
      renewal_interval: "scalar",
      certificate_ttl: "scalar",
      oneshot: "scalar",
      fips: "scalar",
      diag_addr: "scalar",
      insecure: "scalar",
    },
  },
  onboarding: {
    type: "onboarding.Config",
    fields: {
      token: "scalar",
      join_method: "scalar",
      ca_path: "scalar",
      ca_pins: "list",
      azure: "any",
      terraform: "any",
      gitlab: "any",
      bound_keypair: "any",
    },
  },
  destination: { type: "config.DestinationDirectory", fields: { ...DIRECTORY_FIELDS, name: "scalar" } },
  identity: {
    type: "config.IdentityOutput",
    fields: {
      type: "scalar",
      name: "scalar",
      destination: "destination",
      cluster: "scalar",
      ssh_config: "scalar",
      allow_reissue: "scalar",
      delegation_session_id: "scalar",
      credential_ttl: "scalar",
      renewal_interval: "scalar",
      roles: "scalar",
    },
  },
};

class ConfigReader {
  readonly errors: string[] = [];
  constructor(private readonly lines: LineCounter) {}

  line(node: { range?: [number, number, number] | null } | null | undefined): number {
    return this.lines.linePos(node?.range?.[0] ?? 0).line;
  }

  /** Map entries of a node, reporting keys the Go type does not have. */
  entries(node: unknown, schemaName: string): Map<string, { pair: Pair<Scalar, Node>; value: Node | null }> {
    const out = new Map<string, { pair: Pair<Scalar, Node>; value: Node | null }>();
    if (node === null || node === undefined) return out;
    const schema = SCHEMA[schemaName]!;
    if (!isMap(node)) {
      this.errors.push(
        `line ${this.line(node as Node)}: cannot unmarshal ${describe(node as Node)} into ${schema.type}`,
      );
      return out;
    }
    for (const pair of (node as YAMLMap<Scalar, Node>).items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (!(key in schema.fields)) {
        this.errors.push(
          `line ${this.line(pair.key as Scalar)}: field ${key} not found in type ${schema.type}`,
        );
        continue;
      }
      out.set(key, { pair, value: (pair.value as Node | null) ?? null });
    }
    return out;
  }

  string(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    if (!isScalar(node)) {
      this.errors.push(`line ${this.line(node)}: cannot unmarshal ${describe(node)} into string`);
      return undefined;
    }
    return node.value === null ? undefined : String(node.source ?? node.value);
  }

  bool(node: Node | null | undefined): boolean | undefined {
    const text = this.string(node);
    if (text === undefined) return undefined;
    // yaml.v3 decodes YAML 1.1 booleans into a bool field for compatibility.
    if (/^(true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y)$/.test(text)) return true;
    if (/^(false|False|FALSE|no|No|NO|off|Off|OFF|n|N)$/.test(text)) return false;
    this.errors.push(`line ${this.line(node!)}: cannot unmarshal !!str \`${text}\` into bool`);
    return undefined;
  }

  list(node: Node | null | undefined): string[] {
    if (!node) return [];
    if (!isSeq(node)) {
      this.errors.push(`line ${this.line(node)}: cannot unmarshal ${describe(node)} into []string`);
      return [];
    }
    return node.items.map((item) => this.string(item as Node) ?? "");
  }
}

function describe(node: Node): string {
  if (isMap(node)) return "!!map";
  if (isSeq(node)) return "!!seq";
  if (isScalar(node)) return `!!str \`${String(node.value)}\``;
  return "value";
}

function readDestination(reader: ConfigReader, node: Node | null, where: string): Destination {
  if (!node) throw badParameter(`${where}: no destination configured`);
  const fields = reader.entries(node, "destination");
  const type = reader.string(fields.get("type")?.value) ?? "";
  if (type === "memory") {
    for (const key of fields.keys()) {
      if (key !== "type") throw badParameter(`${where}: field ${key} is not valid for a memory destination`);
    }
    return { type: "memory" };
  }
  if (type === "directory") {
    if (fields.has("name"))
      throw badParameter(`${where}: field name is not valid for a directory destination`);
    const path = reader.string(fields.get("path")?.value) ?? "";
    const symlinks = reader.string(fields.get("symlinks")?.value);
    const acls = reader.string(fields.get("acls")?.value);
    if (symlinks !== undefined && !["secure", "try-secure", "insecure"].includes(symlinks)) {
      throw badParameter(`${where}: invalid symlinks mode ${JSON.stringify(symlinks)}`);
    }
    if (acls !== undefined && !["off", "try", "required"].includes(acls)) {
      throw badParameter(`${where}: invalid acls mode ${JSON.stringify(acls)}`);
    }
    return { type: "directory", path, ...(symlinks ? { symlinks } : {}), ...(acls ? { acls } : {}) };
  }
  if (type === "kubernetes_secret") {
    throw notImplemented(
      `${where}: the simulator's tbot stand-in does not support kubernetes_secret destinations`,
    );
  }
  if (type === "") throw badParameter(`${where}: destination type must be specified`);
  throw badParameter(`${where}: unrecognized destination type ${JSON.stringify(type)}`);
}

function readServices(reader: ConfigReader, node: Node | null, key: string): IdentityService[] {
  if (!node) return [];
  if (!isSeq(node)) throw badParameter(`${key}: expected a list of services`);
  return node.items.map((item, index) => {
    const where = `${key}[${index}]`;
    if (!isMap(item)) throw badParameter(`${where}: expected a mapping`);
    const typeNode = (item as YAMLMap<Scalar, Node>).items.find(
      (pair) => isScalar(pair.key) && pair.key.value === "type",
    );
    const type = reader.string((typeNode?.value as Node | undefined) ?? null) ?? "";
    if (type === "") throw badParameter(`${where}: service type must be specified`);
    if (!KNOWN_SERVICE_TYPES.has(type))
      throw badParameter(`unrecognized service type (${JSON.stringify(type)})`);
    if (type !== "identity") {
      throw notImplemented(
        `the simulator's tbot stand-in does not support services of type ${JSON.stringify(type)}`,
      );
    }
    const fields = reader.entries(item as Node, "identity");
    if (fields.has("roles")) {
      throw badParameter(`${where}: the roles field is no longer supported on identity services`);
    }
    const sshConfig = reader.string(fields.get("ssh_config")?.value) ?? "";
    if (!["", "on", "off"].includes(sshConfig)) {
      throw badParameter(
        `${where}: ssh_config: unrecognized value ${JSON.stringify(sshConfig)}, expected "on" or "off"`,
      );
    }
    const ttl = fields.get("credential_ttl")?.value;
    const interval = fields.get("renewal_interval")?.value;
    if (Boolean(ttl) !== Boolean(interval)) {
      throw badParameter(`${where}: credential_ttl and renewal_interval must both be set, or neither`);
    }
    const name = reader.string(fields.get("name")?.value);
    const cluster = reader.string(fields.get("cluster")?.value);
    return {
      type: "identity",
      ...(name ? { name } : {}),
      ...(cluster ? { cluster } : {}),
      destination: readDestination(reader, fields.get("destination")?.value ?? null, `${where}.destination`),
      sshConfig: sshConfig === "off" ? "off" : "on",
      allowReissue: reader.bool(fields.get("allow_reissue")?.value) ?? false,
    };
  });
}

function duration(text: string | undefined, key: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseGoDuration(text);
  } catch (err) {
    throw badParameter(`${key}: ${(err as Error).message}`);
  }
}

/** Parses and validates a tbot config file's text. */
export function parseTbotConfig(text: string): TbotConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, version: "1.2", uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw badParameter(`yaml: line ${error.linePos?.[0]?.line ?? 1}: ${error.message.split("\n")[0]}`);
  }
  const reader = new ConfigReader(lines);
  const top = reader.entries(doc.contents, "root");
  const onboarding = reader.entries(top.get("onboarding")?.value, "onboarding");
  const get = (key: string) => reader.string(top.get(key)?.value);
  const settings = {
    version: get("version") ?? "",
    debug: reader.bool(top.get("debug")?.value) ?? false,
    oneshot: reader.bool(top.get("oneshot")?.value) ?? false,
    fips: reader.bool(top.get("fips")?.value) ?? false,
    insecure: reader.bool(top.get("insecure")?.value) ?? false,
    token: reader.string(onboarding.get("token")?.value) ?? "",
    joinMethod: reader.string(onboarding.get("join_method")?.value) ?? "",
    caPath: reader.string(onboarding.get("ca_path")?.value),
    caPins: reader.list(onboarding.get("ca_pins")?.value),
  };
  if (reader.errors.length > 0)
    throw badParameter(`yaml: unmarshal errors:\n  ${reader.errors.join("\n  ")}`);

  const warnings: string[] = [];
  if (settings.version !== "" && settings.version !== "v2") {
    throw badParameter(`unsupported config version ${JSON.stringify(settings.version)}, expected "v2"`);
  }
  const authServer = get("auth_server");
  const proxyServer = get("proxy_server");
  if (authServer && proxyServer) throw badParameter("auth_server and proxy_server cannot both be used");
  if (!authServer && !proxyServer) throw badParameter("either a proxy_server or an auth_server must be set");

  const credentialTtl = duration(get("credential_ttl"), "credential_ttl");
  const renewalInterval = duration(get("renewal_interval"), "renewal_interval");
  const certificateTtl = duration(get("certificate_ttl"), "certificate_ttl");
  if (certificateTtl !== undefined)
    warnings.push("The certificate_ttl field is deprecated, use credential_ttl instead.");
  const ttl = credentialTtl ?? certificateTtl;
  if ((ttl === undefined) !== (renewalInterval === undefined)) {
    throw badParameter("credential_ttl and renewal_interval must both be set, or neither");
  }
  const credentialTtlMs = ttl ?? 60 * 60_000;
  const renewalIntervalMs = renewalInterval ?? 20 * 60_000;
  if (credentialTtlMs <= 0 || renewalIntervalMs <= 0) {
    throw badParameter("credential_ttl and renewal_interval must be positive");
  }
  if (credentialTtlMs > DAY_MS) {
    warnings.push(
      "Requested certificate TTL exceeds the maximum TTL allowed and will likely be reduced by the server.",
    );
  }
  if (credentialTtlMs < renewalIntervalMs && !settings.oneshot) {
    warnings.push(
      "Credential TTL is shorter than the renewal interval; credentials will expire before renewal.",
    );
  }

  if (settings.joinMethod === "") settings.joinMethod = "token";
  if (!JOIN_METHODS.has(settings.joinMethod)) {
    throw badParameter(`unrecognized join method ${JSON.stringify(settings.joinMethod)}`);
  }
  if (!STAND_IN_JOIN_METHODS.has(settings.joinMethod)) {
    throw notImplemented(
      `the simulator's tbot stand-in does not support join method ${JSON.stringify(settings.joinMethod)}`,
    );
  }
  if (settings.token === "")
    throw badParameter("onboarding.token must be set to join with method " + settings.joinMethod);

  const storageNode = top.get("storage")?.value ?? null;
  const storage: Destination = storageNode
    ? readDestination(reader, storageNode, "storage")
    : { type: "directory", path: DEFAULT_STORAGE_PATH };
  if (storage.type === "directory" && storage.path === "") storage.path = DEFAULT_STORAGE_PATH;

  const outputs = readServices(reader, top.get("outputs")?.value ?? null, "outputs");
  if (outputs.length > 0) warnings.push("The outputs field is deprecated, use services instead.");
  const services = [...readServices(reader, top.get("services")?.value ?? null, "services"), ...outputs];
  services.forEach((service, index) => {
    if (service.destination.type === "directory" && service.destination.path === "") {
      throw badParameter(`services[${index}].destination: destination path must not be empty`);
    }
  });
  if (reader.errors.length > 0)
    throw badParameter(`yaml: unmarshal errors:\n  ${reader.errors.join("\n  ")}`);

  return {
    version: "v2",
    onboarding: {
      token: settings.token,
      joinMethod: settings.joinMethod,
      ...(settings.caPath ? { caPath: settings.caPath } : {}),
      caPins: settings.caPins,
    },
    storage,
    services,
    debug: settings.debug,
    ...(authServer ? { authServer } : {}),
    ...(proxyServer ? { proxyServer } : {}),
    credentialTtlMs,
    renewalIntervalMs,
    oneshot: settings.oneshot,
    fips: settings.fips,
    insecure: settings.insecure,
    warnings,
  };
}
