// Several files (-f base.yaml -f prod.yaml) → one desired state, in order (docs/config.md):
// later files override `server`, `journal`, `prune.enabled`, individual `instance` fields, and whole
// org entries with the same id or the same name; `prune.protect` and `lint.ignore` concatenate
// (first occurrence kept). Across files an id and a name cannot be matched without the server: plan
// resolves names and refuses an org listed twice that way.
import type { DesiredOrg, DesiredState, FieldOrigins, Origin, ProtectEntry, SettingsPatch } from "../model.js";
import { orgRefKey } from "../rules.js";
import type { FileConfig } from "./file-config.js";

export function mergeFiles(files: readonly FileConfig[]): DesiredState {
  let server: string | undefined;
  let journal: string | undefined;
  let instance: { settings: SettingsPatch; origin: Origin; fieldOrigins: FieldOrigins } | undefined;
  const orgs = new Map<string, DesiredOrg>(); // insertion order = first appearance
  let pruneEnabled: { value: boolean; origin: Origin } | undefined;
  let pruneOrigin: Origin | undefined;
  const protect = new Map<string, ProtectEntry>();
  const lintIgnore = new Set<string>();

  for (const f of files) {
    server = f.server ?? server;
    journal = f.journal ?? journal;
    if (f.instance) {
      instance = {
        settings: { ...instance?.settings, ...f.instance.settings },
        fieldOrigins: { ...instance?.fieldOrigins, ...f.instance.fieldOrigins },
        // The block that set the last field is the one to point at for the instance as a whole.
        origin: f.instance.origin,
      };
    }
    for (const org of f.orgs) orgs.set(orgRefKey(org.ref), org);
    if (f.prune) {
      pruneOrigin = f.prune.origin;
      if (f.prune.enabled !== undefined) pruneEnabled = { value: f.prune.enabled, origin: f.prune.origin };
      for (const p of f.prune.protect) if (!protect.has(p.value)) protect.set(p.value, p);
    }
    for (const id of f.lintIgnore) lintIgnore.add(id);
  }

  const pruneAt = pruneEnabled?.origin ?? pruneOrigin;
  return {
    ...(server !== undefined ? { server } : {}),
    ...(instance ? { instance } : {}),
    orgs: [...orgs.values()],
    prune: {
      enabled: pruneEnabled?.value ?? false,
      protect: [...protect.values()],
      ...(pruneAt ? { origin: pruneAt } : {}),
    },
    lintIgnore: [...lintIgnore],
    ...(journal !== undefined ? { journal } : {}),
    sources: files.map((f) => f.file),
  };
}
