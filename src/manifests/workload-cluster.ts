// The `workload_cluster` kind: schema validation of one YAML document before any call to Teleport. Every
// problem is reported at the YAML node it is about, and all problems of a document are collected, not just
// the first. The shape is Teleport's (fact: B14 "workload_cluster in tctl";
// B17 messages). Teleport decodes it with DisallowUnknown, so an unknown key here
// would fail there too.
import { type Document, isAlias, isMap, isScalar, type YAMLMap, type YAMLSeq } from "yaml";
import {
  type IamAllowRule,
  KIND_WORKLOAD_CLUSTER as WORKLOAD_CLUSTER_KIND,
  WORKLOAD_CLUSTER_VERSION,
} from "../core/workload-cluster.js";
import { accountWideProblem, awsArnProblem } from "./aws-arn.js";
import { CHILD_DOMAIN_SUFFIX, clusterNameProblem } from "./cluster-name.js";
import { quote, shorten } from "./errors.js";
import type { DeclaredName, KindContext, KindHandler, KindResult, ValidateOptions } from "./kind-handler.js";
import { describe, type Entry, rootMapping, Walker } from "./yaml-walker.js";

// Callers outside src/manifests import this from here, where it lived before the split.
export { clusterNameProblem } from "./cluster-name.js";

/** A workload cluster as the repository declares it, with where it was declared. */
export interface DeclaredWorkloadCluster {
  name: string;
  file: string;
  /** Line of the document: its `kind:` key, else its first key. */
  line: number;
  spec: {
    regions: { name: string }[];
    bot: { name: string };
    token: { join_method: "iam"; allow: IamAllowRule[] };
  };
}

const TOP_KEYS = ["kind", "version", "metadata", "spec"] as const;
const METADATA_KEYS = ["name"] as const;
const SPEC_KEYS = ["regions", "bot", "token"] as const;
const REGION_KEYS = ["name"] as const;
const BOT_KEYS = ["name"] as const;
const TOKEN_KEYS = ["join_method", "allow"] as const;
const ALLOW_KEYS = ["aws_account", "aws_arn"] as const;

/** fact: B14: Teleport's own text for metadata other than name. */
const METADATA_REJECTED =
  'Teleport rejects any other field ("only name and revision fields are supported on metadata for workload_cluster resources"), and sets revision itself';

const ACCOUNT_ID = /^\d{12}$/;

/** Loose on purpose: no allow-list of regions (Cloud decides), but a typo like `us-west2` is caught. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function regionNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "region name is empty; give an AWS region such as us-west-2";
  if (REGION.test(name)) return undefined;
  return `region ${quote(name)} does not look like an AWS region name such as us-west-2 or eu-central-1`;
}

/** The registry's handler (kinds.ts) for `workload_cluster` documents. */
export const workloadClusterKind: KindHandler<DeclaredWorkloadCluster> = {
  kind: WORKLOAD_CLUSTER_KIND,
  validate: validateWorkloadCluster,
  duplicate: (name, first) =>
    `workload cluster ${quote(name)} is already declared at ${first}; names must be unique, since each is ` +
    `one Teleport Cloud cluster (${clusterNameProblem(name) ? "<name>" : name}.${CHILD_DOMAIN_SUFFIX})`,
};

/**
 * One syntax-clean document (parsed with `ctx.lineCounter`) as a workload cluster. A document of another
 * kind in a workload-clusters file comes here too, and is told so.
 */
function validateWorkloadCluster(
  doc: Document.Parsed,
  { file, lineCounter, options }: KindContext,
): KindResult<DeclaredWorkloadCluster> {
  const w = new Walker(doc, file, lineCounter, "a workload_cluster document");
  const root = rootMapping(w, doc, "a workload_cluster");
  if (!root) return { errors: w.errors };

  const top = w.fields(root, "", TOP_KEYS, {
    status:
      "status is reported by Teleport Cloud (state and domain) and is not configuration; remove it from the manifest",
  });
  const kindEntry = top.get("kind");
  const docPos = w.pos(kindEntry?.key ?? root);

  const kind = w.string(top, "kind", root, "kind", `write "kind: ${WORKLOAD_CLUSTER_KIND}"`);
  if (kind && kind.value !== WORKLOAD_CLUSTER_KIND) {
    w.error(
      kind.offset,
      "kind",
      `kind must be "${WORKLOAD_CLUSTER_KIND}", found ${quote(kind.value)}; ` +
        `files matched by the workload-clusters input hold only workload_cluster documents`,
    );
  }
  const versionEntry = top.get("version");
  if (versionEntry && isScalar(versionEntry.value) && typeof versionEntry.value.value === "number") {
    w.error(
      w.at(versionEntry),
      "version",
      `version must be the string "${WORKLOAD_CLUSTER_VERSION}", found ${describe(versionEntry.value)}`,
    );
  } else {
    const version = w.string(top, "version", root, "version", `write "version: ${WORKLOAD_CLUSTER_VERSION}"`);
    if (version && version.value !== WORKLOAD_CLUSTER_VERSION) {
      w.error(
        version.offset,
        "version",
        `version must be "${WORKLOAD_CLUSTER_VERSION}" (the only version of workload_cluster), found ${quote(version.value)}`,
      );
    }
  }

  // metadata: only name. fact: B15.
  let name: { value: string; offset: number } | undefined;
  let declaredName: DeclaredName | undefined;
  const metadata = w.map(top, "metadata", root, "metadata", "it holds the cluster's name");
  if (metadata) {
    const special: Record<string, string> = {
      revision: "metadata.revision is set by Teleport, not configuration; remove it from the manifest",
    };
    for (const key of ["labels", "description", "expires", "namespace", "id"]) {
      special[key] = `metadata of a workload_cluster may hold only name, not ${key}: ${METADATA_REJECTED}`;
    }
    const meta = w.fields(metadata, "metadata", METADATA_KEYS, special);
    name = w.string(
      meta,
      "name",
      metadata,
      "metadata.name",
      `it names the cluster, whose domain is <name>.${CHILD_DOMAIN_SUFFIX}`,
    );
    if (name) {
      declaredName = { value: name.value, ...lineCounter.linePos(name.offset) };
      const problem = clusterNameProblem(name.value);
      if (problem) w.error(name.offset, "metadata.name", problem);
    }
  }

  const spec = w.map(top, "spec", root, "spec", "it holds regions, bot and token");
  const declared = spec ? readSpec(w, spec, options) : undefined;

  if (w.errors.length > 0 || !name || !declared) return { errors: w.errors, declaredName };
  return {
    resource: { name: name.value, file, line: docPos.line, spec: declared },
    errors: [],
    declaredName,
  };
}

function readSpec(
  w: Walker,
  spec: YAMLMap,
  options: ValidateOptions,
): DeclaredWorkloadCluster["spec"] | undefined {
  const fields = w.fields(spec, "spec", SPEC_KEYS);

  // fact: B14: "regions is required", "region name is required".
  const regions: { name: string }[] = [];
  const regionHint = 'list at least one region, e.g. "regions: [{name: us-west-2}]"';
  const regionSeq = w.seq(fields, "regions", spec, "spec.regions", regionHint);
  const firstRegion = new Map<string, number>();
  regionSeq?.items.forEach((item, i) => {
    const path = `spec.regions[${i}]`;
    const node = w.resolve(item);
    if (isAlias(item) && !node) return;
    if (!isMap(node)) {
      const offset = node?.range?.[0] ?? regionSeq.range![0];
      const example =
        isScalar(node) && typeof node.value === "string" ? `name: ${node.value}` : "name: us-west-2";
      w.error(
        offset,
        path,
        `each region is a mapping with a name, e.g. "- ${example}"; found ${describe(node)}`,
      );
      return;
    }
    const region = w.fields(node, path, REGION_KEYS);
    const regionName = w.string(region, "name", node, `${path}.name`, "give an AWS region such as us-west-2");
    if (!regionName) return;
    const problem = regionNameProblem(regionName.value);
    if (problem) {
      w.error(regionName.offset, `${path}.name`, problem);
      return;
    }
    const first = firstRegion.get(regionName.value);
    if (first !== undefined) {
      w.error(
        regionName.offset,
        `${path}.name`,
        `region ${quote(regionName.value)} is listed twice (first at line ${first})`,
      );
      return;
    }
    firstRegion.set(regionName.value, w.pos(node).line);
    regions.push({ name: regionName.value });
  });

  // The guide's seed flow joins the child as this bot, so the action cannot work without it.
  const botHint =
    "the action signs in to the new cluster as this bot (its join token and role share the name)";
  const botMap = w.map(fields, "bot", spec, "spec.bot", `give "bot: {name: <bot>}": ${botHint}`);
  let bot: { name: string } | undefined;
  if (botMap) {
    const botFields = w.fields(botMap, "spec.bot", BOT_KEYS);
    const botName = w.string(botFields, "name", botMap, "spec.bot.name", botHint);
    if (botName) bot = { name: botName.value };
  }

  const token = readToken(w, fields, spec, options);
  if (!regionSeq || !bot || !token) return undefined;
  return { regions, bot, token };
}

function readToken(
  w: Walker,
  fields: Map<string, Entry>,
  spec: YAMLMap,
  options: ValidateOptions,
): DeclaredWorkloadCluster["spec"]["token"] | undefined {
  const tokenMap = w.map(
    fields,
    "token",
    spec,
    "spec.token",
    "give join_method: iam and allow rules naming the AWS identities that may join as the bot",
  );
  if (!tokenMap) return undefined;
  const token = w.fields(tokenMap, "spec.token", TOKEN_KEYS);

  // fact: B32: only IAM join is supported for workload clusters "in the short term".
  const method = w.string(
    token,
    "join_method",
    tokenMap,
    "spec.token.join_method",
    'write "join_method: iam"',
  );
  let methodOk = false;
  if (method) {
    methodOk = method.value === "iam";
    if (!methodOk) {
      w.error(
        method.offset,
        "spec.token.join_method",
        `join_method ${quote(method.value)} is not supported for workload clusters: ` +
          `Teleport Cloud supports only "iam" for now`,
      );
    }
  }

  const allowSeq = w.seq(
    token,
    "allow",
    tokenMap,
    "spec.token.allow",
    "list at least one rule with aws_account and aws_arn naming the AWS identity that may join as the bot",
  );
  const allow: IamAllowRule[] = [];
  let allowOk = allowSeq !== undefined;
  allowSeq?.items.forEach((item, i) => {
    const rule = readAllowRule(w, item, i, allowSeq, options);
    if (rule) allow.push(rule);
    else allowOk = false;
  });
  if (!methodOk || !allowOk) return undefined;
  return { join_method: "iam", allow };
}

function readAllowRule(
  w: Walker,
  item: unknown,
  i: number,
  seq: YAMLSeq,
  options: ValidateOptions,
): IamAllowRule | undefined {
  const path = `spec.token.allow[${i}]`;
  const node = w.resolve(item);
  if (isAlias(item) && !node) return undefined;
  if (!isMap(node)) {
    w.error(
      node?.range?.[0] ?? seq.range![0],
      path,
      `each allow rule is a mapping with aws_account and aws_arn; found ${describe(node)}`,
    );
    return undefined;
  }
  // fact: B31: the workload-cluster Allow message carries only these two fields, and
  // organization-based IAM joins are not supported in Teleport Cloud.
  const orgMessage = (key: string) =>
    `${key} is not supported here: workload cluster allow rules carry only aws_account and aws_arn ` +
    `(organization-based IAM joins are not supported in Teleport Cloud)`;
  const fields = w.fields(node, path, ALLOW_KEYS, {
    aws_organization_id: orgMessage("aws_organization_id"),
    aws_organizational_units: orgMessage("aws_organizational_units"),
  });

  // An invalid account is reported, and the ARN is still checked on its own (with the account the author
  // evidently meant, when there is one), so that fixing one problem does not reveal the next.
  const account = readAccount(w, fields, node, `${path}.aws_account`);
  const arnEntry = fields.get("aws_arn");
  const arnPath = `${path}.aws_arn`;
  const arnNode = arnEntry?.value;
  let arn: string | undefined;
  if (arnEntry?.broken) return undefined;
  if (arnEntry && isScalar(arnNode) && typeof arnNode.value === "string" && arnNode.value !== "") {
    arn = arnNode.value;
  } else if (arnEntry && !(isScalar(arnNode) && (arnNode.value === null || arnNode.value === ""))) {
    w.error(w.at(arnEntry), arnPath, `aws_arn must be a string, found ${describe(arnNode ?? null)}`);
    return undefined;
  }

  if (arn === undefined) {
    // An empty aws_arn is not checked by Teleport either, so it is as broad as a missing one.
    if (options.allowAccountWideJoin) return account.valid ? { aws_account: account.valid } : undefined;
    w.error(
      arnEntry ? w.at(arnEntry) : node.range![0],
      arnEntry ? arnPath : path,
      accountWideProblem(account.meant),
    );
    return undefined;
  }
  const problem = awsArnProblem(arn, account.meant, options);
  if (problem) {
    w.error(w.at(arnEntry!), arnPath, problem);
    return undefined;
  }
  return account.valid ? { aws_account: account.valid, aws_arn: arn } : undefined;
}

/**
 * fact: B31: aws_account is compared as an exact string with the caller's account.
 * `valid` is the account when it is right; `meant` is also set when it is wrong in a way whose intent is
 * clear (unquoted, or with dashes), so that the rule's ARN can be checked against it.
 */
function readAccount(
  w: Walker,
  fields: Map<string, Entry>,
  rule: YAMLMap,
  path: string,
): { valid?: string; meant?: string } {
  const hint = 'the 12-digit AWS account ID allowed to join, quoted, e.g. aws_account: "012345678901"';
  const entry = fields.get("aws_account");
  const value = entry?.value;
  if (entry && isScalar(value) && (typeof value.value === "number" || typeof value.value === "bigint")) {
    const written = value.source ?? String(value.value);
    const whole = ACCOUNT_ID.test(written);
    const fix = whole
      ? `quote it: aws_account: "${written}"`
      : `quote it and give all 12 digits, e.g. aws_account: "012345678901"`;
    w.error(
      w.at(entry),
      path,
      `aws_account ${shorten(written)} is not quoted, so YAML reads it as the number ` +
        `${shorten(String(value.value))}, and a number loses the account ID's leading zeros; ${fix}`,
    );
    return whole ? { meant: written } : {};
  }
  const account = w.string(fields, "aws_account", rule, path, hint);
  if (!account) return {};
  if (ACCOUNT_ID.test(account.value)) return { valid: account.value, meant: account.value };
  const digitsOnly = account.value.replace(/[\s-]/g, "");
  const detail = /^\d+$/.test(account.value)
    ? `found ${account.value.length} digits`
    : ACCOUNT_ID.test(digitsOnly)
      ? `write it without dashes or spaces: "${digitsOnly}"`
      : "found other characters";
  w.error(
    account.offset,
    path,
    `aws_account ${quote(account.value)} is not an AWS account ID: it must be exactly 12 digits; ${detail}`,
  );
  return ACCOUNT_ID.test(digitsOnly) ? { meant: digitsOnly } : {};
}
