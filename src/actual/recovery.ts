// The reads behind the recovery check (docs/recovery-check.md): the tool's own user, the managers of the
// instance and, only when the instance's do not already give every target a way back in, of the orgs the
// plan tightens; then the states of the managers who hold a role with user.write, in bulk (v2 user search by
// ids, 1000 per request). The counting and the verdict are plan/recovery.ts's.
import pLimit from "p-limit";
import { ApiError } from "../errors.js";
import {
  INSTANCE_RECOVERER_ROLES,
  ORG_RECOVERER_ROLES,
  type RecoveryFacts,
  type RecoveryMember,
  type RecoveryUser,
} from "../model.js";
import { USER_PAGE_SIZE, type MemberRow, type ZitadelClient } from "../zitadel/index.js";

export type RecoveryClient = Pick<ZitadelClient, "whoAmI" | "listInstanceMembers" | "listOrgMembers" | "searchUsers">;

/** The credentials may not read members or users: the check cannot be made. */
export class RecoveryReadDenied extends Error {
  override readonly name = "RecoveryReadDenied";
}

// Reading members needs iam.member.read (instance) and org.member.read (org); a caller without a membership
// in the org gets 404 instead of 403.
const denied = (err: unknown, what: string, permission: string): never => {
  if (err instanceof ApiError && (err.info.status === 403 || err.info.status === 404)) {
    throw new RecoveryReadDenied(
      `${what} could not be read (${err.info.id ?? `HTTP ${err.info.status}`}; it needs ${permission})`,
    );
  }
  throw err;
};

const FAN_OUT = 64;

const asMembers = (rows: readonly MemberRow[]): RecoveryMember[] =>
  rows.map((m) => ({ userId: m.userId, roles: m.roles }));

/** Who the tool is, the instance's members, and the states of those with an instance role that may unlock. */
export async function readInstanceRecovery(client: RecoveryClient): Promise<RecoveryFacts> {
  const [me, members] = await Promise.all([
    client.whoAmI(),
    client.listInstanceMembers().catch((err: unknown) => denied(err, "the instance's members", "iam.member.read")),
  ]);
  const instanceMembers = asMembers(members);
  const users = new Map<string, RecoveryUser>();
  await readStates(client, holders(instanceMembers, INSTANCE_RECOVERER_ROLES, me.userId), users);
  return { selfUserId: me.userId, instanceMembers, orgMembers: new Map(), users };
}

/** `facts` plus the members of `orgIds` and the states of those with an org role that may unlock. */
export async function addOrgRecovery(
  client: RecoveryClient,
  facts: RecoveryFacts,
  orgIds: readonly string[],
): Promise<RecoveryFacts> {
  const limit = pLimit(FAN_OUT);
  const read = await Promise.all(
    orgIds.map((orgId) =>
      limit(
        async () =>
          [
            orgId,
            asMembers(
              await client
                .listOrgMembers(orgId)
                .catch((err: unknown) => denied(err, `the members of org ${orgId}`, "org.member.read")),
            ),
          ] as const,
      ),
    ),
  );
  const orgMembers = new Map(facts.orgMembers);
  const wanted = new Set<string>();
  for (const [orgId, members] of read) {
    orgMembers.set(orgId, members);
    for (const id of holders(members, ORG_RECOVERER_ROLES, facts.selfUserId)) if (!facts.users.has(id)) wanted.add(id);
  }
  const users = new Map(facts.users);
  await readStates(client, [...wanted], users);
  return { ...facts, orgMembers, users };
}

const holders = (members: readonly RecoveryMember[], roles: readonly string[], self: string): string[] =>
  members.filter((m) => m.userId !== self && m.roles.some((r) => roles.includes(r))).map((m) => m.userId);

/**
 * User states by id, 1000 ids per search. The v2 search leaves out users the caller may not read (no
 * error): such a user is then missing from `into` and is not counted — the check errs towards a finding.
 */
async function readStates(
  client: RecoveryClient,
  ids: readonly string[],
  into: Map<string, RecoveryUser>,
): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += USER_PAGE_SIZE) {
    await client
      .searchUsers({ userIds: unique.slice(i, i + USER_PAGE_SIZE) }, (rows) => {
        for (const u of rows) into.set(u.userId, { userId: u.userId, state: u.state, human: u.human });
      })
      .catch((err: unknown) => denied(err, "the managers' user states", "user.read"));
  }
}
