// The simulator-private wire between the simulator and its own tctl/tbot stand-ins.
//
// assumption: real tctl and tbot speak Teleport's large gRPC AuthService and JoinService. The product
// never sees that wire (it only runs the binaries), so the simulator uses a small private one. What the
// product does see (command lines, stdout/stderr texts, exit codes, files written) must follow the facts.
// Everything in this file is listed in test/sim/ASSUMPTIONS.md.
//
// Transport for ResourceService: the same TLS-routed mutual-TLS connection as the real Auth API
// (SNI `teleport.cluster.local`, ALPN [`teleport-auth@<hex(cluster)>.teleport.cluster.local`, `h2`],
// client certificate from the identity file), then gRPC with JSON-encoded messages.
// fact: B20, B21, B23.
//
// Transport for joining: HTTPS (ALPN `http/1.1`) to the proxy's web port, JSON bodies, no client
// certificate, like Teleport's unauthenticated join endpoints.

/** Fully-qualified service name of the JSON ResourceService (roles, users, tokens, bots). */
export const RESOURCE_SERVICE = "sim.auth.v1.ResourceService";

/** Kinds the ResourceService stores. Names follow Teleport's resource kinds. */
export type SimResourceKind = "role" | "user" | "token" | "bot";

/** A stored resource: the JSON form Teleport prints with `tctl get --format=json` (snake_case keys). */
export interface SimResource {
  kind: string;
  version?: string;
  sub_kind?: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    revision?: string;
    description?: string;
    expires?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/**
 * ResourceService methods. All unary; request and response are JSON objects (UTF-8) on the gRPC
 * frame. RBAC is checked per call with the verbs Teleport checks for the equivalent API call, and
 * errors are gRPC statuses whose code follows trace's mapping and whose message is Teleport's text.
 */
export interface ResourceServiceMethods {
  /**
   * verb read, except for the caller's own roles and user (B35/B36).
   * NotFound: role -> `role NAME is not found`, user -> `user "NAME" not found`.
   */
  GetResource: {
    request: { kind: SimResourceKind; name: string; with_secrets?: boolean };
    response: { resource: SimResource };
  };
  /**
   * verbs list + read; roles fall back to a per-role check with `where` clauses (B33). Pages: up to
   * page_size (0: all) from page_token (the first name of the page) on; next_page_token is empty on the
   * last page.
   */
  ListResources: {
    request: { kind: SimResourceKind; with_secrets?: boolean; page_size?: number; page_token?: string };
    response: { resources: SimResource[]; next_page_token?: string };
  };
  /** verb create. AlreadyExists: `role "NAME" already exists` / `user "NAME" already registered`. */
  CreateResource: { request: { resource: SimResource }; response: { resource: SimResource } };
  /** verb update; conditional on metadata.revision when given (CompareFailed otherwise). */
  UpdateResource: { request: { resource: SimResource }; response: { resource: SimResource } };
  /** roles: update (old and new) if the role exists, else create (B43); others create + update (B45). */
  UpsertResource: { request: { resource: SimResource }; response: { resource: SimResource } };
  /** verb delete. */
  DeleteResource: { request: { kind: SimResourceKind; name: string }; response: Record<string, never> };
  /**
   * `tctl users add` / `tctl users reset`: a user token (invite or reset) for an existing user.
   * verb: update on `user`. ttl_seconds is validated against Teleport's maxima (invite 48h, reset 24h).
   * The user's password, MFA devices and other tokens are deleted (B50, B51, B52).
   */
  CreateUserToken: {
    request: { user: string; type: "invite" | "reset"; ttl_seconds: number };
    response: {
      token: {
        kind: "user_token";
        sub_kind: string;
        version: "v3";
        metadata: { name: string; expires: string };
        spec: { user: string; url: string; created: string };
      };
    };
  };
  /**
   * Who the caller is, as the certificate says. No verb. `unknown_fields` tells the tctl stand-in whether
   * its decoder refuses unknown role and user fields (the simulator's setting, B61 being unsettled).
   */
  Ping: {
    request: Record<string, never>;
    response: {
      cluster_name: string;
      server_version: string;
      user: string;
      roles: string[];
      unknown_fields: "drop" | "reject";
    };
  };
}

export type ResourceServiceMethod = keyof ResourceServiceMethods;

/** HTTP paths on the proxy web port used by the tbot stand-in. */
export const JOIN_CHALLENGE_PATH = "/sim/v1/join/challenge";
export const JOIN_PATH = "/sim/v1/join";

/** POST JOIN_CHALLENGE_PATH: the IAM join's challenge (fact: B28 ServerInit/IAMChallenge). */
export interface JoinChallengeRequest {
  token_name: string;
}
export interface JoinChallengeResponse {
  challenge: string;
}

/** A request the IAM-join client signed but never sent (fact: B28). */
export interface SignedHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** POST JOIN_PATH. */
export interface JoinRequest {
  token_name: string;
  join_method: "github" | "iam";
  /** SubjectPublicKeyInfo PEM of the key the bot generated; the certificate is issued for it. */
  public_key_pem: string;
  /** github: the OIDC token minted with audience `teleport.cluster.local`. */
  id_token?: string;
  /** iam: the challenge from JOIN_CHALLENGE_PATH and the signed sts:GetCallerIdentity request. */
  iam?: { challenge: string; signed_request: SignedHttpRequest };
}

export interface JoinResponse {
  cluster_name: string;
  /** Teleport user the bot acts as: `bot-<bot name>`. */
  user: string;
  roles: string[];
  tls_cert_pem: string;
  /** OpenSSH certificate line for the same public key (identity file block 2). */
  ssh_cert: string;
  /** Host CA TLS certificates (identity file block 5). */
  tls_ca_pems: string[];
  /** `@cert-authority <cluster>,*.<cluster> <key> type=host` lines (identity file block 4). */
  ssh_ca_lines: string[];
}

/**
 * Errors on the join endpoints: HTTP 4xx/5xx with this body. `code` is the gRPC code name of the trace
 * kind (e.g. `PermissionDenied`), `message` Teleport's text, e.g.
 * `instance <arn> did not match any allow rules` (fact: B30).
 */
export interface WebErrorBody {
  error: { code: string; message: string };
}
