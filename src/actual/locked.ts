// Who is locked, and which of them are managers. One cross-org v2 user search for locked users (paged;
// only the rows of orgs in scope are kept, so memory grows with the locked users in scope, not with the
// instance), then the roles of those users: the instance's members once, and the members of each org
// that has a locked user, read concurrently (the client bounds how many requests are in flight).
// API facts: docs/recovery.md, "The ZITADEL API behind it".
import { ApiError } from "../errors.js";
import type { MemberRow, ZitadelClient } from "../zitadel/index.js";

export interface LockedUser {
  readonly userId: string;
  readonly loginName: string;
  readonly orgId: string;
  readonly orgName: string;
  /** false: a service (machine) user, locked by an administrator (lockout policies lock only humans). */
  readonly human: boolean;
  /** Instance roles (IAM_…) and roles in orgs (ORG_…), sorted; empty: not a manager (or roles unreadable). */
  readonly roles: readonly string[];
}

export interface LockedRead {
  /** Managers first, then by org name, then login name. */
  readonly users: readonly LockedUser[];
  /** Why roles may be incomplete (members could not be read), in words. */
  readonly warnings: readonly string[];
}

export type LockedScope =
  | { readonly kind: "all" }
  | { readonly kind: "orgs"; readonly orgs: ReadonlyMap<string, string> };

export type LockedClient = Pick<ZitadelClient, "searchUsers" | "listInstanceMembers" | "listOrgMembers" | "listOrgs">;

export const isManager = (u: Pick<LockedUser, "roles">): boolean => u.roles.length > 0;

/** Managers first; then org name, login name, id: the same order on every run. */
function compareLocked(a: LockedUser, b: LockedUser): number {
  const byRole = Number(isManager(b)) - Number(isManager(a));
  if (byRole !== 0) return byRole;
  for (const [x, y] of [
    [a.orgName, b.orgName],
    [a.loginName, b.loginName],
    [a.userId, b.userId],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A permission problem while reading members: the listing goes on without those roles. */
const isDenied = (e: unknown): e is ApiError =>
  e instanceof ApiError && (e.info.status === 403 || e.info.status === 404);

export async function readLockedUsers(
  client: LockedClient,
  scope: LockedScope,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<LockedRead> {
  const orgNames = scope.kind === "orgs" ? scope.orgs : new Map((await client.listOrgs()).map((o) => [o.id, o.name]));
  const found = new Map<string, { userId: string; loginName: string; orgId: string; human: boolean }>();
  let counted = 0;
  let visible = 0;
  await client.searchUsers({ state: "locked" }, (rows, seen, total) => {
    counted = total;
    visible = seen;
    for (const u of rows) {
      // A row can show up on two pages when the list moves between them: the map keeps it once.
      if (u.state === "locked" && orgNames.has(u.orgId)) {
        found.set(u.userId, { userId: u.userId, loginName: u.loginName || u.userName, orgId: u.orgId, human: u.human });
      }
    }
    onProgress(seen, total);
  });
  const warnings: string[] = [];
  // The server counts matches before it drops the rows the caller may not read (user.read per org).
  if (counted > visible) {
    warnings.push(
      `the server counts ${counted} locked users on the instance; these credentials may read ${visible} ` +
        `of them (user.read is missing in the other orgs)`,
    );
  }
  const roles = new Map<string, Set<string>>();
  const addRoles = (members: readonly MemberRow[]) => {
    for (const m of members) {
      if (!found.has(m.userId)) continue;
      const set = roles.get(m.userId) ?? new Set<string>();
      for (const r of m.roles) set.add(r);
      roles.set(m.userId, set);
    }
  };
  if (found.size > 0) {
    const orgIds = [...new Set([...found.values()].map((u) => u.orgId))];
    const reads: Promise<void>[] = [
      client.listInstanceMembers().then(addRoles, (e: unknown) => {
        if (!isDenied(e)) throw e;
        warnings.push(
          `instance roles could not be read (${e.info.id ?? `HTTP ${e.info.status}`}: reading instance ` +
            `members needs iam.member.read)`,
        );
      }),
      ...orgIds.map((orgId) =>
        client.listOrgMembers(orgId).then(addRoles, (e: unknown) => {
          if (!isDenied(e)) throw e;
          warnings.push(
            `roles in ${orgNames.get(orgId) ?? orgId} could not be read ` +
              `(${e.info.id ?? `HTTP ${e.info.status}`}: reading org members needs org.member.read)`,
          );
        }),
      ),
    ];
    await Promise.all(reads);
  }
  const users = [...found.values()].map((u): LockedUser => ({
    ...u,
    orgName: orgNames.get(u.orgId) ?? "",
    roles: [...(roles.get(u.userId) ?? [])].sort(),
  }));
  return { users: users.sort(compareLocked), warnings: warnings.sort() };
}
