// Which orgs `locked`, `unlock --locked-managers` and the drift section look at: the orgs the config
// declares (names resolved exactly, ids checked to exist), or every org with --all-orgs.
import { resolveOrg, type LockedScope } from "../actual/index.js";
import { ResolveError } from "../errors.js";
import type { DesiredState } from "../model.js";
import type { ZitadelClient } from "../zitadel/index.js";

export async function declaredScope(
  client: Pick<ZitadelClient, "findOrgsByName" | "getOrg">,
  desired: DesiredState,
): Promise<LockedScope> {
  const problems: ResolveError[] = [];
  const orgs = new Map<string, string>();
  await Promise.all(
    desired.orgs.map(async (org) => {
      try {
        const resolved = await resolveOrg(client, org);
        const name = resolved.orgName ?? (await client.getOrg(resolved.orgId))?.name;
        if (name === undefined)
          throw new ResolveError(
            `no organization with id ${resolved.orgId} is visible to these credentials`,
            org.origin,
          );
        orgs.set(resolved.orgId, name);
      } catch (err) {
        if (!(err instanceof ResolveError)) throw err;
        problems.push(err);
      }
    }),
  );
  if (problems.length > 0) throw ResolveError.combine(problems);
  return { kind: "orgs", orgs };
}
