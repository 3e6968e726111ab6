// `export`: live state → config v1 YAML (README.md#commands). Orgs are listed by id (names can change and need a
// lookup; ids cannot), each with its name as a comment for the reader. The text comes from the config's
// own serializer, so it loads back to exactly this state: plan with the export finds nothing to do.
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { DesiredOrg, DesiredState, LockoutSettings, Origin } from "../model.js";
import { serializeDesired } from "../desired/index.js";
import { printable } from "./view.js";

export type ExportScope = "custom" | "all";

export interface ExportedOrg {
  readonly orgId: string;
  readonly orgName: string;
  /** null: the org inherits the instance default. */
  readonly settings: LockoutSettings | null;
}

export interface ExportInput {
  readonly server: string;
  readonly instance: LockoutSettings;
  /** Every org read, sorted by id. */
  readonly orgs: readonly ExportedOrg[];
  readonly scope: ExportScope;
  readonly toolVersion: string;
  readonly now: Date;
}

// The serializer ignores positions; these only satisfy the model's types.
const EXPORTED: Origin = { file: "(export)", line: 1, column: 1 };

export function renderExportYaml(input: ExportInput): string {
  const listed = input.scope === "all" ? input.orgs : input.orgs.filter((o) => o.settings !== null);
  const state: DesiredState = {
    server: input.server,
    instance: { settings: input.instance, origin: EXPORTED },
    orgs: listed.map((o): DesiredOrg =>
      o.settings === null
        ? { ref: { kind: "id", id: o.orgId }, mode: "inherit", origin: EXPORTED }
        : { ref: { kind: "id", id: o.orgId }, mode: "custom", settings: o.settings, origin: EXPORTED },
    ),
    prune: { enabled: false, protect: [] },
    lintIgnore: [],
    sources: [],
  };
  const doc = parseDocument(serializeDesired(state), { version: "1.2" });
  const items = doc.get("orgs", true);
  if (isSeq(items)) {
    items.items.forEach((item, i) => {
      const id = isMap(item) ? item.get("id", true) : undefined;
      if (isScalar(id)) id.comment = ` ${oneLine(listed[i]!.orgName)}`;
    });
  }
  const custom = input.orgs.filter((o) => o.settings !== null).length;
  doc.commentBefore = [
    ` Exported from ${oneLine(input.server)} by zitadel-lockout ${input.toolVersion} at ${input.now.toISOString()}.`,
    ` ${custom} of ${input.orgs.length} orgs have a custom lockout policy; ` +
      (input.scope === "all"
        ? "the others are listed with inherit: true."
        : "orgs that inherit the instance default are not listed (--orgs all lists them)."),
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

/**
 * A comment ends at the line break: keep a name with one on a single line. ZITADEL does not forbid control
 * characters in org names, but YAML does (config.md): written raw, one would make the exported file
 * unloadable. They, and the characters YAML 1.1 readers take for line breaks (NEL, U+2028, U+2029), are
 * shown as \uXXXX escapes, which only the comment holds: the id is what the config uses.
 */
const oneLine = (text: string): string => printable(text.replace(/[\r\n]+/g, " "));
