// Turning config references into org ids: names are resolved by exact name against the server.
// None or several matches is an error at the YAML line, before anything is read further or written.
import { ResolveError } from "../errors.js";
import { type DesiredOrg, type ProtectEntry, type ResolvedOrg } from "../model.js";
import type { OrgSummary, ZitadelClient } from "../zitadel/index.js";

/** How to name an org by id in each front-end: the message cannot tell which one the config came from. */
const BY_ID = "id: in YAML, orgId in CDKTF";

export type OrgFinder = Pick<ZitadelClient, "findOrgsByName">;

export async function resolveOrg(client: OrgFinder, org: DesiredOrg): Promise<ResolvedOrg> {
  if (org.ref.kind === "id") return { ...org, orgId: org.ref.id };
  const { name, written } = org.ref;
  // A name from ${VAR} is named by the variable, never quoted: the value may not belong in a CI log.
  const named = written === undefined ? `named "${name}"` : `named by ${written} (its value is not shown)`;
  const matches = (await client.findOrgsByName(name)).filter((o) => o.name === name);
  if (matches.length === 1) return { ...org, orgId: matches[0]!.id, orgName: name };
  if (matches.length === 0) {
    // Names are unique ignoring case (docs/zitadel-api.md §4): one more request, on the error path only,
    // finds the org the name most likely meant. For a variable's value its id, since its name is the value.
    const other = await client.findOrgsByName(name, { ignoreCase: true });
    const meant = other.map((o) => (written === undefined ? `"${o.name}"` : `the org with id ${o.id}`));
    const hint = meant.length > 0 ? `did you mean ${meant.join(" or ")}? ` : "";
    throw new ResolveError(
      `no organization is ${named} on the server (names match exactly, case included); ` +
        `${hint}check the ${written === undefined ? "name" : "variable"}, or name the org by its id (${BY_ID})`,
      org.origin,
    );
  }
  throw new ResolveError(
    `${matches.length} organizations are ${named} (ids ${matches.map((m) => m.id).join(", ")}); ` +
      `name the one you mean by its id (${BY_ID})`,
    org.origin,
  );
}

/**
 * Prune's protect list holds ids or exact names. An entry that matches no org is an error: a typo there
 * would otherwise silently leave the org it meant unprotected, and prune would reset it. The problems are
 * returned for the caller to report along with its own.
 */
export function matchProtected(
  entries: readonly ProtectEntry[],
  allOrgs: readonly OrgSummary[],
): { ids: Set<string>; problems: ResolveError[] } {
  const ids = new Set<string>();
  const problems: ResolveError[] = [];
  for (const entry of entries) {
    const hits = allOrgs.filter((o) => o.id === entry.value || o.name === entry.value);
    if (hits.length === 0) {
      const shown = entry.written === undefined ? `"${entry.value}"` : `${entry.written} (its value is not shown)`;
      problems.push(new ResolveError(`prune.protect entry ${shown} matches no organization id or name`, entry.origin));
    }
    for (const hit of hits) ids.add(hit.id);
  }
  return { ids, problems };
}
