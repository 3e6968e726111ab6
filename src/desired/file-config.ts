// One file's plain value (shape already checked) → its part of the desired state, with origins, plus the
// rules the schema cannot word well: exactly one of id/name, inherit excludes numbers, an org entry must
// manage something, the same org only once per file, a usable server URL.
// An org entry that already has a problem is skipped here, so one mistake gives one message.
import {
  ID_RULE,
  looksLikeId,
  formatOrgRef,
  formatOrigin,
  SETTING_NAMES,
  type DesiredOrg,
  type FieldOrigins,
  type Origin,
  type OrgRef,
  type ProtectEntry,
  type SettingName,
  type SettingsPatch,
} from "../model.js";
import { judgeOrgEntry, judgeServerUrl, numbersSet, orgRefKey } from "../rules.js";
import {
  keyPosAt,
  labelOf,
  nodeAt,
  toPointer,
  type ParsedYaml,
  type PathIssue,
  type PathSegment,
} from "./yaml-tree.js";

export interface FileConfig {
  readonly file: string;
  readonly server?: string;
  readonly instance?: {
    readonly settings: SettingsPatch;
    readonly origin: Origin;
    readonly fieldOrigins: FieldOrigins;
  };
  readonly orgs: readonly DesiredOrg[];
  readonly prune?: { readonly enabled?: boolean; readonly protect: readonly ProtectEntry[]; readonly origin: Origin };
  readonly lintIgnore: readonly string[];
  readonly journal?: string;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * Interprets one file. `config` is set only when the file has no problems at all. `fromEnv`: the text
 * fields whose value came from the environment (pointer → as written); names and protect entries keep
 * that, so no later message shows the value.
 */
export function interpretFile(
  parsed: ParsedYaml,
  value: unknown,
  file: string,
  earlier: readonly PathIssue[],
  fromEnv: ReadonlyMap<string, string> = new Map(),
): { config?: FileConfig; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  // Every pointer that has an issue, and each of its ancestors: one lookup per question instead of a scan of
  // all issues (which made 24,000 duplicate names take 14 s).
  const troubled = new Set<string>();
  const mark = (path: string) => {
    for (let p = path; p !== ""; p = p.slice(0, p.lastIndexOf("/"))) {
      if (troubled.has(p)) return;
      troubled.add(p);
    }
  };
  for (const i of earlier) mark(i.path);
  const hasIssueAt = (pointer: string) => troubled.has(pointer);
  const origin = (path: readonly PathSegment[], ofKey = true): Origin => {
    const pos = (ofKey ? keyPosAt(parsed.root, path) : undefined) ??
      nodeAt(parsed.root, path)?.pos ?? { line: 1, column: 1 };
    return { file, ...pos };
  };
  const report = (path: readonly PathSegment[], message: string, at: Origin = origin(path, false)) => {
    const pointer = toPointer(path);
    issues.push({ file, line: at.line, column: at.column, message, path: pointer });
    mark(pointer);
  };

  if (!isObj(value)) return { issues };
  const server = typeof value.server === "string" ? value.server : undefined;
  if (server !== undefined && !hasIssueAt("/server")) checkServer(server, (m) => report(["server"], m));

  const orgs: DesiredOrg[] = [];
  const firstSeen = new Map<string, Origin>();
  (Array.isArray(value.orgs) ? value.orgs : []).forEach((entry, i) => {
    if (!isObj(entry) || hasIssueAt(toPointer(["orgs", i]))) return;
    const org = interpretOrg(entry, i, origin, report, fromEnv.get(toPointer(["orgs", i, "name"])));
    if (!org) return;
    const key = orgRefKey(org.ref);
    const first = firstSeen.get(key);
    if (first) {
      report(
        ["orgs", i],
        `${formatOrgRef(org.ref)} is listed twice: here and at ${formatOrigin(first)}; list each org once`,
      );
      return;
    }
    firstSeen.set(key, org.origin);
    orgs.push(org);
  });

  if (earlier.length > 0 || issues.length > 0) return { issues };

  const instance = isObj(value.instance) ? interpretInstance(value.instance, origin) : undefined;
  const prune = isObj(value.prune)
    ? {
        ...(typeof value.prune.enabled === "boolean" ? { enabled: value.prune.enabled } : {}),
        protect: strings(value.prune.protect).map((v, i) => {
          const written = fromEnv.get(toPointer(["prune", "protect", i]));
          return { value: v, origin: origin(["prune", "protect", i], false), ...(written ? { written } : {}) };
        }),
        origin: origin(["prune"]),
      }
    : undefined;
  const config: FileConfig = {
    file,
    ...(server !== undefined ? { server } : {}),
    ...(instance ? { instance } : {}),
    orgs,
    ...(prune ? { prune } : {}),
    lintIgnore: isObj(value.lint) ? strings(value.lint.ignore) : [],
    ...(typeof value.journal === "string" ? { journal: value.journal } : {}),
  };
  return { config, issues };
}

type OriginOf = (path: readonly PathSegment[], ofKey?: boolean) => Origin;
type Report = (path: readonly PathSegment[], message: string, at?: Origin) => void;

function interpretOrg(
  entry: Obj,
  i: number,
  origin: OriginOf,
  report: Report,
  nameWritten: string | undefined,
): DesiredOrg | undefined {
  const at = ["orgs", i] as const;
  const label = labelOf(at);
  const id = typeof entry.id === "string" ? entry.id : undefined;
  const name = typeof entry.name === "string" ? entry.name : undefined;
  const inherit = entry.inherit === true;
  const verdict = judgeOrgEntry({
    hasId: id !== undefined,
    hasName: name !== undefined,
    inherit,
    numbers: numbersSet(entry, (v) => typeof v === "number"),
  });
  if (verdict.naming === "both") {
    report(
      at,
      `${label}: write either id or name, not both (id names the org exactly; a name is looked up on the server)`,
    );
    return undefined;
  }
  if (id !== undefined && !looksLikeId(id)) {
    // The value is not quoted: it may have come from ${VAR}. plan would refuse it at the server; say it here.
    report([...at, "id"], `${label}.id is not an org id (${ID_RULE})`, origin([...at, "id"], false));
    return undefined;
  }
  if (verdict.naming === "neither") {
    report(at, `${label}: missing id or name (exactly one of them says which org this is)`);
    return undefined;
  }
  const ref: OrgRef =
    id !== undefined
      ? { kind: "id", id }
      : { kind: "name", name: name!, ...(nameWritten !== undefined ? { written: nameWritten } : {}) };
  const what = `${label} (${formatOrgRef(ref)})`;
  const entryOrigin = origin(at, false);
  for (const k of verdict.besideInherit) {
    report(
      [...at, k],
      `${what}: inherit: true excludes ${k} (the org then uses the instance default); remove one of them`,
      origin([...at, k]),
    );
  }
  if (verdict.besideInherit.length > 0) return undefined;
  if (inherit) return { ref, mode: "inherit", origin: entryOrigin };
  if (verdict.managesNothing) {
    report(at, `${what}: nothing to manage; write inherit: true, or set maxPasswordAttempts and/or maxOtpAttempts`);
    return undefined;
  }
  const { settings, fieldOrigins } = pickSettings(entry, (k) => origin([...at, k]));
  return { ref, mode: "custom", settings, origin: entryOrigin, fieldOrigins };
}

function interpretInstance(instance: Obj, origin: OriginOf): FileConfig["instance"] {
  return { ...pickSettings(instance, (k) => origin(["instance", k])), origin: origin(["instance"]) };
}

function pickSettings(
  obj: Obj,
  originOf: (k: SettingName) => Origin,
): { settings: SettingsPatch; fieldOrigins: FieldOrigins } {
  const settings: { [K in SettingName]?: number } = {};
  const fieldOrigins: { [K in SettingName]?: Origin } = {};
  for (const k of SETTING_NAMES) {
    const v = obj[k];
    if (typeof v !== "number") continue; // omitted: unmanaged
    settings[k] = v;
    fieldOrigins[k] = originOf(k);
  }
  return { settings, fieldOrigins };
}

/** A query or fragment is left to the client to refuse, as before: here only what makes it no server URL at all. */
function checkServer(server: string, report: (message: string) => void): void {
  const verdict = judgeServerUrl(server);
  if (verdict.ok) return;
  if (verdict.problem === "invalid" || verdict.problem === "scheme")
    report("server must be an http:// or https:// URL (like https://acme.zitadel.cloud)");
  else if (verdict.problem === "credentials")
    report("server must not contain a user name or password: credentials never belong in a config file");
}
