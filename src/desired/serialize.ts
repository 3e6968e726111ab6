// DesiredState → config v1 YAML that loads back to the same state (origins aside). Used by `export`
// and by the round-trip property tests. Text that contains `${` is written as `$${` so a name or path
// is never mistaken for a substitution when the file is read again.
import { stringify } from "yaml";
import { SETTING_NAMES, type DesiredOrg, type DesiredState, type SettingsPatch } from "../model.js";

// A replacer function, not a string: in a replacement string "$$" would itself mean "$".
const escapeText = (s: string): string => s.replaceAll("${", () => "$${");

function settingsObject(settings: SettingsPatch): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of SETTING_NAMES) {
    const v = settings[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function orgObject(org: DesiredOrg): Record<string, unknown> {
  const ref = org.ref.kind === "id" ? { id: escapeText(org.ref.id) } : { name: escapeText(org.ref.name) };
  return org.mode === "inherit" ? { ...ref, inherit: true } : { ...ref, ...settingsObject(org.settings) };
}

export function serializeDesired(state: DesiredState): string {
  const doc: Record<string, unknown> = { version: 1 };
  if (state.server !== undefined) doc.server = escapeText(state.server);
  const instance = state.instance ? settingsObject(state.instance.settings) : {};
  if (Object.keys(instance).length > 0) doc.instance = instance;
  if (state.orgs.length > 0) doc.orgs = state.orgs.map(orgObject);
  if (state.prune.enabled || state.prune.protect.length > 0) {
    doc.prune = {
      ...(state.prune.enabled ? { enabled: true } : {}),
      ...(state.prune.protect.length > 0 ? { protect: state.prune.protect.map((p) => escapeText(p.value)) } : {}),
    };
  }
  if (state.lintIgnore.length > 0) doc.lint = { ignore: [...state.lintIgnore] };
  if (state.journal !== undefined) doc.journal = escapeText(state.journal);
  // lineWidth 0: never fold long names onto several lines.
  return stringify(doc, { lineWidth: 0, version: "1.2" });
}
