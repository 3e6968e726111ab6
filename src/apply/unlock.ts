// Unlocking users: find each named user (by id or login name), leave out the ones that cannot or must not
// be unlocked (unknown, the tool's own user), send one unlock per remaining user — whatever state the
// preview saw, so a user locked meanwhile is unlocked too — then read every user again and report what
// it ended as. ZITADEL's "User is not locked" is success: the user is as wanted.
// API facts: docs/recovery.md, "The ZITADEL API behind it".
import { ApiError } from "../errors.js";
import type { UserRow, WhoAmI, ZitadelClient } from "../zitadel/index.js";

export type UnlockClient = Pick<ZitadelClient, "searchUsers" | "unlockUser">;

/** One user the command was asked to unlock, as found before any write. */
export type UnlockTarget =
  | { readonly kind: "found"; readonly request: string; readonly user: UserRow }
  | { readonly kind: "unknown"; readonly request: string }
  | { readonly kind: "self"; readonly request: string; readonly user: UserRow };

export type UnlockStatus =
  /** It was locked and the unlock went through. */
  | "unlocked"
  /** ZITADEL answered "not locked": nothing to do. */
  | "not-locked"
  /** Not unlocked: unknown, the tool's own user, refused by the server, or locked again. */
  | "failed";

export interface UnlockOutcome {
  readonly request: string;
  readonly userId?: string;
  readonly loginName?: string;
  readonly orgId?: string;
  readonly human?: boolean;
  readonly status: UnlockStatus;
  /** The state read after the unlock (absent when the user was never found). */
  readonly finalState?: UserRow["state"];
  /** Why it failed, in words (the server's answer included). */
  readonly error?: string;
}

const NOT_LOCKED = ["COMMAND-olb9vb0oca", "COMMAND-4M0ds"];
const isNotLocked = (e: unknown): boolean =>
  e instanceof ApiError &&
  ((e.info.id !== undefined && NOT_LOCKED.includes(e.info.id)) ||
    /User is not locked|Errors\.User\.NotLocked/.test(e.info.serverMessage));

/** Ids are ZITADEL's decimal snowflakes; anything else is a login name. */
const looksLikeId = (s: string): boolean => /^\d{1,30}$/.test(s);

async function collect(client: UnlockClient, query: Parameters<UnlockClient["searchUsers"]>[0]): Promise<UserRow[]> {
  const rows: UserRow[] = [];
  await client.searchUsers(query, (page) => rows.push(...page));
  return rows;
}

/** Finds one user by id (when it looks like one) or else by exact login name (case-insensitive). */
async function findUser(client: UnlockClient, request: string): Promise<UserRow | undefined> {
  if (looksLikeId(request)) {
    const byId = (await collect(client, { userIds: [request] })).find((u) => u.userId === request);
    if (byId) return byId;
  }
  const byLogin = await collect(client, { loginName: request });
  return byLogin.length === 1 ? byLogin[0] : undefined;
}

export async function findTargets(
  client: UnlockClient,
  requests: readonly string[],
  me: WhoAmI,
): Promise<UnlockTarget[]> {
  const unique = [...new Set(requests)];
  return Promise.all(
    unique.map(async (request): Promise<UnlockTarget> => {
      const user = await findUser(client, request);
      if (!user) return { kind: "unknown", request };
      return user.userId === me.userId ? { kind: "self", request, user } : { kind: "found", request, user };
    }),
  );
}

/** Users already found (e.g. the locked managers of a scope) as targets. */
export const targetsOf = (users: readonly UserRow[], me: WhoAmI): UnlockTarget[] =>
  users.map((user) =>
    user.userId === me.userId
      ? { kind: "self", request: user.userId, user }
      : { kind: "found", request: user.userId, user },
  );

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function unlockTargets(client: UnlockClient, targets: readonly UnlockTarget[]): Promise<UnlockOutcome[]> {
  const attempted = await Promise.all(
    targets.map(async (t): Promise<UnlockOutcome> => {
      if (t.kind === "unknown") {
        return {
          request: t.request,
          status: "failed",
          error: "no such user (no user has this id or login name, or these credentials may not read it)",
        };
      }
      const base = {
        request: t.request,
        userId: t.user.userId,
        loginName: t.user.loginName,
        orgId: t.user.orgId,
        human: t.user.human,
      };
      if (t.kind === "self") {
        return {
          ...base,
          status: "failed",
          finalState: t.user.state,
          error: "this is the tool's own user: ZITADEL lets no user unlock itself; another manager must do it",
        };
      }
      try {
        await client.unlockUser(t.user.userId);
        return { ...base, status: "unlocked" };
      } catch (err) {
        if (isNotLocked(err)) return { ...base, status: "not-locked" };
        return { ...base, status: "failed", error: describe(err) };
      }
    }),
  );
  // Read every user again: the report says what each ended as, not what was sent.
  const ids = attempted.flatMap((o) => (o.userId !== undefined ? [o.userId] : []));
  const after = new Map<string, UserRow>();
  for (let i = 0; i < ids.length; i += 1000) {
    await client.searchUsers({ userIds: ids.slice(i, i + 1000) }, (rows) =>
      rows.forEach((r) => after.set(r.userId, r)),
    );
  }
  return attempted.map((o) => {
    if (o.userId === undefined || (o.status === "failed" && o.finalState !== undefined)) return o;
    const now = after.get(o.userId);
    if (!now) return { ...o, status: "failed", error: o.error ?? "the user could not be read again after the unlock" };
    if (now.state === "locked") {
      return {
        ...o,
        status: "failed",
        finalState: now.state,
        error: o.error ?? "still locked when read again (locked again meanwhile?); run unlock again",
      };
    }
    return { ...o, finalState: now.state };
  });
}

/** Exit 0 only when every named user ended unlocked. */
export const allUnlocked = (outcomes: readonly UnlockOutcome[]): boolean =>
  outcomes.every((o) => o.status !== "failed");
