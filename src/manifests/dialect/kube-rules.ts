// `kubernetes_resources` and `request.kubernetes_resources` per role version, as RoleV6.CheckAndSetDefaults
// validates them (api/types/role.go validateKubeResources / validateRequestKubeResources, v8-era source).
// Each entry reports the first problem only, as Teleport stops at the first.
import type { TNode } from "./node.js";
import type { Check, CheckContext } from "./types.js";
import { elements, field, items, text } from "./values.js";

/** Word lists are written space-separated to keep the tables short. */
function words(list: string): string[] {
  return list.split(" ");
}

// api/types/constants.go KubernetesVerbs.
const VERBS = words("* get create update patch delete list watch deletecollection exec portforward");
// api/types/constants.go KubernetesResourcesKinds (the v7 singular kinds) with the API group each stands for
// (KubernetesResourcesV7KindGroups; the groups are Kubernetes' own and were not read from Teleport).
const V7_KIND_GROUPS: Readonly<Record<string, string>> = {
  pod: "",
  secret: "",
  configmap: "",
  namespace: "",
  service: "",
  serviceaccount: "",
  kube_node: "",
  persistentvolume: "",
  persistentvolumeclaim: "",
  deployment: "apps",
  replicaset: "apps",
  statefulset: "apps",
  daemonset: "apps",
  clusterrole: "rbac.authorization.k8s.io",
  kube_role: "rbac.authorization.k8s.io",
  clusterrolebinding: "rbac.authorization.k8s.io",
  rolebinding: "rbac.authorization.k8s.io",
  cronjob: "batch",
  job: "batch",
  certificatesigningrequest: "certificates.k8s.io",
  ingress: "networking.k8s.io",
};
const V7_KINDS = Object.keys(V7_KIND_GROUPS);
// api/types/constants.go KubernetesClusterWideResourceKinds.
const V7_CLUSTER_WIDE = words(
  "namespace kube_node persistentvolume clusterrole clusterrolebinding certificatesigningrequest",
);
// The core (group "") Kubernetes kinds that may leave api_group empty in v8 (KubernetesCoreResourceKinds;
// Kubernetes' core group, not read from Teleport).
const V8_CORE_KINDS = words(
  "bindings componentstatuses configmaps endpoints events limitranges namespaces nodes persistentvolumeclaims persistentvolumes pods podtemplates replicationcontrollers resourcequotas secrets serviceaccounts services",
);
// Namespaced kinds ("kind" or "kind.group") that need a namespace in v8: Teleport's list is generated
// from `kubectl api-resources --namespaced=true`; this copy follows the role editor's (web/packages/teleport).
const V8_NAMESPACED = new Set(
  words(
    "bindings configmaps controllerrevisions.apps cronjobs.batch csistoragecapacities.storage.k8s.io daemonsets.apps deployments.apps endpoints endpointslices.discovery.k8s.io events.events.k8s.io events horizontalpodautoscalers.autoscaling ingresses.networking.k8s.io jobs.batch leases.coordination.k8s.io limitranges localsubjectaccessreviews.authorization.k8s.io networkpolicies.networking.k8s.io persistentvolumeclaims poddisruptionbudgets.policy pods podtemplates replicasets.apps replicationcontrollers resourcequotas rolebindings.rbac.authorization.k8s.io roles.rbac.authorization.k8s.io secrets serviceaccounts services statefulsets.apps",
  ),
);

const goList = (values: readonly string[]) => `[${values.join(" ")}]`;
const LEGACY = ["v3", "v4", "v5", "v6"];

interface KubeEntry {
  kind: string;
  apiGroup: string;
  namespace: string;
  name: string;
  verbs: string[];
}

const read = (node: TNode): KubeEntry => ({
  kind: text(node, "kind"),
  apiGroup: text(node, "api_group"),
  namespace: text(node, "namespace"),
  name: text(node, "name"),
  verbs: items(field(node, "verbs")).map((v) => v.value),
});

/** `allow/deny.kubernetes_resources`. */
export const kubeResourceChecks: Check = (node, path, ctx) => {
  const version = ctx.version;
  if (version === undefined) return;
  elements(node).forEach((item, i) => {
    const problem = kubeProblem(version, read(item));
    if (problem) report(item, `${path}[${i}]`, problem, ctx);
  });
};

function report(item: TNode, path: string, problem: [string, string], ctx: CheckContext): void {
  const [key, message] = problem;
  const at = field(item, key)?.offset ?? item.offset;
  ctx.error(at, `${path}.${key}`, message);
}

function kubeProblem(version: string, r: KubeEntry): [string, string] | undefined {
  // v3-v6 default empty verbs to [*] before validating.
  const verbs = LEGACY.includes(version) && r.verbs.length === 0 ? ["*"] : r.verbs;
  for (const verb of verbs) {
    if (!VERBS.includes(verb) && !verb.includes("{{")) {
      return [
        "verbs",
        `KubernetesResource verb ${q(verb)} is invalid or unsupported; Supported: ${goList(VERBS)}`,
      ];
    }
    if (verb === "*" && verbs.length > 1)
      return ["verbs", `KubernetesResource verb "*" cannot be used with other verbs; keep only "*"`];
  }
  const versioned = LEGACY.includes(version) ? legacyProblem(version, r, verbs) : undefined;
  const problem = versioned ?? (version === "v8" ? v8Problem(r) : v7Problem(version, r));
  if (problem) return problem;
  if (r.name === "") return ["name", 'KubernetesResource must include Name; use "*" for every name'];
  return undefined;
}

function legacyProblem(version: string, r: KubeEntry, verbs: string[]): [string, string] | undefined {
  if (r.kind !== "pod") {
    return [
      "kind",
      `KubernetesResource kind ${q(r.kind)} is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
    ];
  }
  if (verbs.length !== 1 || verbs[0] !== "*") {
    return ["verbs", `Role version ${q(version)} only supports "*" verb. Upgrade the role version to "v8"`];
  }
  return undefined;
}

function v7Problem(version: string, r: KubeEntry): [string, string] | undefined {
  if (r.apiGroup !== "") {
    return [
      "api_group",
      `API Group ${q(r.apiGroup)} is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
    ];
  }
  if (r.kind !== "*" && !V7_KINDS.includes(r.kind)) {
    return [
      "kind",
      `KubernetesResource kind ${q(r.kind)} is invalid or unsupported; Supported: ${goList(["*", ...V7_KINDS])}`,
    ];
  }
  if (r.namespace === "" && !V7_CLUSTER_WIDE.includes(r.kind)) {
    return [
      "namespace",
      `KubernetesResource kind ${q(r.kind)} must include Namespace; use "*" for every namespace`,
    ];
  }
  return undefined;
}

function v8Problem(r: KubeEntry): [string, string] | undefined {
  if (r.kind === "") return ["kind", `KubernetesResource kind "" is required in role version "v8"`];
  if (V7_KINDS.includes(r.kind) && (r.apiGroup === "*" || r.apiGroup === V7_KIND_GROUPS[r.kind])) {
    return [
      "kind",
      `KubernetesResource kind ${q(r.kind)} is invalid. Please use plural name for role version "v8"${plural(r.kind)}`,
    ];
  }
  if (r.apiGroup === "" && !V8_CORE_KINDS.includes(r.kind) && r.kind !== "*") {
    return [
      "api_group",
      `KubernetesResource api_group is required for resource ${q(r.kind)} in role version "v8"; use "*" for any group`,
    ];
  }
  const groupKind = r.apiGroup === "" ? r.kind : `${r.kind}.${r.apiGroup}`;
  if (r.namespace === "" && V8_NAMESPACED.has(groupKind)) {
    return [
      "namespace",
      `KubernetesResource ${q(r.kind)} must include Namespace; use "*" for every namespace`,
    ];
  }
  return undefined;
}

const PLURALS: Readonly<Record<string, string>> = {
  kube_node: "nodes",
  kube_role: "roles",
  ingress: "ingresses",
};
const plural = (kind: string) => ` (e.g. ${q(PLURALS[kind] ?? `${kind}s`)})`;
const q = (s: string) => JSON.stringify(s);

/** `request.kubernetes_resources`: the kinds a requester may ask for, per version. */
export const requestKubeChecks: Check = (node, path, ctx) => {
  const version = ctx.version;
  if (version === undefined) return;
  elements(node).forEach((item, i) => {
    const problem = requestProblem(version, text(item, "kind"), text(item, "api_group"));
    if (problem) report(item, `${path}[${i}]`, problem, ctx);
  });
};

function requestProblem(version: string, kind: string, apiGroup: string): [string, string] | undefined {
  const pre = "request.kubernetes_resource";
  if (version === "v8") {
    if (kind === "") return ["kind", `${pre} kind is required in role version "v8"`];
    if (V7_KINDS.includes(kind) && (apiGroup === "*" || apiGroup === V7_KIND_GROUPS[kind])) {
      return [
        "kind",
        `${pre} kind ${q(kind)} is invalid. Please use plural name for role version "v8"${plural(kind)}`,
      ];
    }
    if (apiGroup === "" && !V8_CORE_KINDS.includes(kind) && kind !== "*") {
      return ["api_group", `${pre} api_group is required for resource ${q(kind)} in role version "v8"`];
    }
    return undefined;
  }
  if (apiGroup !== "") {
    return [
      "api_group",
      `${pre} api_group is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
    ];
  }
  if (version === "v7" && kind !== "*" && !V7_KINDS.includes(kind)) {
    return [
      "kind",
      `${pre} kind ${q(kind)} is invalid or unsupported in role version "v7"; Supported: ${goList(["*", ...V7_KINDS])}`,
    ];
  }
  if (LEGACY.includes(version) && kind !== "pod") {
    return [
      "kind",
      `request.kubernetes_resources kind ${q(kind)} is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
    ];
  }
  return undefined;
}

/** For the v8 `kind: "*"` with no api_group, which the source read could not settle. */
export const kubeWildcardGroupNote: Check = (node, path, ctx) => {
  if (ctx.version !== "v8") return;
  elements(node).forEach((item, i) => {
    if (text(item, "kind") === "*" && text(item, "api_group") === "") {
      ctx.warn(
        item.offset,
        `${path}[${i}].api_group`,
        `${path}[${i}] has kind "*" and no api_group; Teleport v8 may refuse this (api_group is required outside the core kinds); write api_group: "*"`,
      );
    }
  });
};
