// Synthesized Terraform JSON (cdktf / cdktn stacks, or hand-written *.tf.json) → DesiredState, the
// same model the YAML front-end produces, so everything after loading is shared.
// Pure: takes parsed documents, never touches files; every problem of every document is collected
// into one ConfigError.
import { ConfigError, type ConfigIssue } from "../../errors.js";
import { formatOrgRef, type DesiredInstance, type DesiredOrg, type DesiredState, type Origin } from "../../model.js";
import { orgRefKey } from "../../rules.js";
import { readPolicyResource, readRecordedPolicy, type DeclaredPolicy, type PolicyContext } from "./policies.js";
import { INSTANCE_POLICY_TYPE, ORG_LOOKUP_TYPE, ORG_POLICY_TYPE, ORG_TYPE, PROVIDER_NAME } from "./provider-schema.js";
import { RECORD_FORMAT_VERSION, RECORD_KEY } from "./record.js";
import { keyPositions } from "./positions.js";
import { didYouMean, isExpression, isRecord } from "./values.js";

export interface TerraformJsonSource {
  /** The path shown in messages (the synthesized stack file or the *.tf.json). */
  readonly file: string;
  readonly json: unknown;
  /** The file's text, when known: lets messages point at the line of a resource. */
  readonly text?: string;
  /**
   * Where a key path of `json` is written, when the document was not read from JSON text (HCL: the
   * path's block or attribute, possibly in another file of the module); takes precedence over `text`.
   */
  readonly locate?: (keys: readonly string[]) => Origin | undefined;
}

export interface ReadOptions {
  /**
   * The sources are the files of one Terraform module (a directory of *.tf / *.tf.json): a resource may
   * refer to a data source or resource of another file. Stacks of a cdktf.out are separate modules.
   */
  readonly oneModule?: boolean;
}

interface Located {
  readonly policy: DeclaredPolicy;
  readonly origin: Origin;
  /** "zitadel_lockout_policy.acme (construct app/acme)": how messages name the policy. */
  readonly label: string;
}

const POLICY_TYPES = [INSTANCE_POLICY_TYPE, ORG_POLICY_TYPE];

/** Reads every source; throws ConfigError with all problems found. */
export function readTerraformJson(sources: readonly TerraformJsonSource[], options: ReadOptions = {}): DesiredState {
  const issues: ConfigIssue[] = [];
  const policies: Located[] = [];
  const servers: { server: string; origin: Origin }[] = [];
  const moduleWide = options.oneModule ? moduleReferences(sources) : undefined;
  for (const source of sources) readDocument(source, issues, policies, servers, moduleWide);

  const firstServer = servers[0];
  for (const other of servers.slice(1)) {
    if (other.server !== firstServer?.server)
      issues.push({
        ...other.origin,
        message:
          `provider zitadel points at ${other.server}, another stack at ${firstServer?.server}: one plan ` +
          `targets one server`,
      });
  }
  const { instance, orgs } = collectPolicies(policies, issues);
  if (issues.length > 0) throw new ConfigError(inReadingOrder(issues, sources));
  return {
    ...(firstServer ? { server: firstServer.server } : {}),
    ...(instance ? { instance } : {}),
    orgs,
    prune: { enabled: false, protect: [] },
    lintIgnore: [],
    sources: sources.map((s) => s.file),
  };
}

/**
 * File by file (in the order read), then line by line: the checks run in passes (resources, the record,
 * the server, duplicates), and their findings would otherwise jump back and forth through a file.
 */
function inReadingOrder(issues: readonly ConfigIssue[], sources: readonly TerraformJsonSource[]): ConfigIssue[] {
  const fileIndex = new Map(sources.map((s, i) => [s.file, i] as const));
  const rank = (issue: ConfigIssue): number => fileIndex.get(issue.file) ?? sources.length;
  return [...issues].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}

/** What a policy may refer to: the data.zitadel_orgs and zitadel_org blocks, by name. */
interface References {
  readonly orgLookups: Readonly<Record<string, unknown>>;
  /** Only in a module read as one (HCL): a cdktf stack's zitadel_org is not a declaration zitadel-lockout reads. */
  readonly orgResources?: Readonly<Record<string, unknown>>;
}

function referencesOf(doc: Readonly<Record<string, unknown>>): Required<References> {
  const data = isRecord(doc.data) ? doc.data : {};
  const resources = isRecord(doc.resource) ? doc.resource : {};
  return {
    orgLookups: isRecord(data[ORG_LOOKUP_TYPE]) ? data[ORG_LOOKUP_TYPE] : {},
    orgResources: isRecord(resources[ORG_TYPE]) ? resources[ORG_TYPE] : {},
  };
}

/** The references of every file of a module together (the first declaration of a name wins). */
function moduleReferences(sources: readonly TerraformJsonSource[]): References {
  const orgLookups: Record<string, unknown> = {};
  const orgResources: Record<string, unknown> = {};
  for (const source of [...sources].reverse()) {
    if (!isRecord(source.json)) continue;
    const refs = referencesOf(source.json);
    Object.assign(orgLookups, refs.orgLookups);
    Object.assign(orgResources, refs.orgResources);
  }
  return { orgLookups, orgResources };
}

function readDocument(
  source: TerraformJsonSource,
  issues: ConfigIssue[],
  policies: Located[],
  servers: { server: string; origin: Origin }[],
  moduleWide: References | undefined,
): void {
  const positions = source.text === undefined ? () => undefined : keyPositions(source.text);
  const at = (keys: readonly string[]): Origin =>
    source.locate?.(keys) ?? { file: source.file, ...(positions(keys) ?? { line: 1, column: 1 }) };
  const doc = source.json;
  if (!isRecord(doc)) {
    issues.push({ ...at([]), message: "not a Terraform JSON document (expected a JSON object)" });
    return;
  }
  if ("module" in doc)
    issues.push({
      ...at(["module"]),
      message: "module blocks are not supported: zitadel-lockout cannot see the policies inside a module",
    });

  const data = isRecord(doc.data) ? doc.data : {};
  for (const type of Object.keys(data)) {
    if (type !== ORG_LOOKUP_TYPE)
      issues.push({
        ...at(["data", type]),
        message:
          `data source ${type}${constructsOf(data[type])} is not supported: zitadel-lockout reads only ` +
          `${ORG_LOOKUP_TYPE} (exact-name org lookups)${didYouMean(type, [ORG_LOOKUP_TYPE])}`,
      });
  }
  const refs: References = moduleWide ?? { orgLookups: referencesOf(doc).orgLookups };

  const resources = isRecord(doc.resource) ? doc.resource : {};
  for (const [type, blocks] of Object.entries(resources)) {
    if (type === ORG_TYPE && moduleWide) continue; // an org a policy may refer to (HCL modules)
    if (!POLICY_TYPES.includes(type)) {
      issues.push({
        ...at(["resource", type]),
        message:
          `resource type ${type}${constructsOf(blocks)} is not a lockout policy: zitadel-lockout reads only ` +
          `${POLICY_TYPES.join(" and ")}${didYouMean(type, POLICY_TYPES)}`,
      });
      continue;
    }
    for (const [name, body] of Object.entries(isRecord(blocks) ? blocks : {})) {
      const keys = ["resource", type, name];
      const label = `${type}.${name}${constructOf(body)}`;
      const policy = readPolicyResource(type, body, context(at, keys, label, refs, issues));
      if (policy) policies.push({ policy, origin: at(keys), label });
    }
  }
  readRecord(doc["//"], at, refs, issues, policies);
  const server = serverOf(doc.provider);
  if (server) servers.push({ server, origin: at(["provider", PROVIDER_NAME]) });
}

type Locate = (keys: readonly string[]) => Origin;

function context(
  at: Locate,
  keys: readonly string[],
  label: string,
  refs: References,
  issues: ConfigIssue[],
): PolicyContext {
  const origin = at(keys);
  return {
    origin,
    fieldOrigin: (key) => at([...keys, key]),
    orgLookups: refs.orgLookups,
    ...(refs.orgResources ? { orgResources: refs.orgResources } : {}),
    problem: (message) => issues.push({ ...origin, message: `${label}: ${message}` }),
  };
}

/** " (construct app/acme)" from cdktf's per-block metadata; the hidden "Default" child id is dropped. */
function constructOf(body: unknown): string {
  const path =
    isRecord(body) && isRecord(body["//"]) && isRecord(body["//"].metadata) ? body["//"].metadata.path : undefined;
  return typeof path === "string" ? ` (construct ${path.replace(/\/Default$/, "")})` : "";
}

/** " (constructs a/x, a/y)": which constructs wrote the blocks of one type, when cdktf recorded it. */
function constructsOf(blocks: unknown): string {
  const paths = Object.values(isRecord(blocks) ? blocks : {})
    .map((body) => constructOf(body).replace(/^ \(construct (.*)\)$/, "$1"))
    .filter((path) => path !== "");
  return paths.length === 0 ? "" : ` (construct${paths.length > 1 ? "s" : ""} ${paths.join(", ")})`;
}

function readRecord(comment: unknown, at: Locate, refs: References, issues: ConfigIssue[], policies: Located[]): void {
  const record = isRecord(comment) ? comment[RECORD_KEY] : undefined;
  if (record === undefined) return;
  if (!isRecord(record) || record.formatVersion !== RECORD_FORMAT_VERSION || !isRecord(record.policies)) {
    issues.push({
      ...at(["//", RECORD_KEY]),
      message:
        `the ${RECORD_KEY} record has an unknown format (expected formatVersion ${RECORD_FORMAT_VERSION}); ` +
        `upgrade zitadel-lockout`,
    });
    return;
  }
  for (const [path, entry] of Object.entries(record.policies)) {
    const keys = ["//", RECORD_KEY, "policies", path];
    // Entries of a Terraform module's locals.zitadel_lockout (desired/terraform/settings.ts) say where they are.
    const label = path.startsWith("local.") ? path : `construct ${path}`;
    const policy = readRecordedPolicy(entry, context(at, keys, label, refs, issues));
    if (policy) policies.push({ policy, origin: at(keys), label });
  }
}

/** The default zitadel provider's literal domain, as the URL the provider would talk to. */
function serverOf(provider: unknown): string | undefined {
  const configs = isRecord(provider) ? provider[PROVIDER_NAME] : undefined;
  const list: unknown[] = Array.isArray(configs) ? configs : [configs];
  const config = list.find((c) => isRecord(c) && c.alias === undefined);
  if (!isRecord(config) || typeof config.domain !== "string" || isExpression(config.domain)) return undefined;
  const insecure = config.insecure === true || config.insecure === "true";
  const port = typeof config.port === "string" && !isExpression(config.port) ? config.port : undefined;
  const defaultPort = insecure ? "80" : "443";
  // The provider trims "http://" / "https://" from domain, so a domain written as a URL is still a domain
  // (docs/zitadel-api.md §7); the scheme comes from insecure alone.
  const domain = config.domain.replace(/^https?:\/\//, "");
  return `${insecure ? "http" : "https"}://${domain}${port && port !== defaultPort ? `:${port}` : ""}`;
}

/** One instance policy at most, one policy per org reference; the first declaration wins. */
function collectPolicies(
  policies: readonly Located[],
  issues: ConfigIssue[],
): { instance?: DesiredInstance; orgs: DesiredOrg[] } {
  let instance: Located | undefined;
  const orgs = new Map<string, { located: Located; org: DesiredOrg }>();
  for (const located of policies) {
    const { policy, origin, label } = located;
    if (policy.target === "instance") {
      if (instance)
        issues.push({ ...origin, message: `${label}: the instance policy is already declared by ${instance.label}` });
      else instance = located;
      continue;
    }
    const key = orgRefKey(policy.ref);
    const earlier = orgs.get(key);
    if (earlier) {
      issues.push({
        ...origin,
        message: `${label}: ${formatOrgRef(policy.ref)} is already declared by ${earlier.located.label}`,
      });
      continue;
    }
    const org: DesiredOrg =
      policy.mode === "inherit"
        ? { ref: policy.ref, mode: "inherit", origin }
        : { ref: policy.ref, mode: "custom", settings: policy.settings, origin, fieldOrigins: policy.fieldOrigins };
    orgs.set(key, { located, org });
  }
  const desiredInstance =
    instance?.policy.target === "instance"
      ? { settings: instance.policy.settings, origin: instance.origin, fieldOrigins: instance.policy.fieldOrigins }
      : undefined;
  return { ...(desiredInstance ? { instance: desiredInstance } : {}), orgs: [...orgs.values()].map((o) => o.org) };
}
