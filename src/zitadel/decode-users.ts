// Reads the bodies of the user, member and who-am-I endpoints strictly, like decode.ts does for the
// lockout endpoints: a missing key is ZITADEL's zero value, a key of the wrong type means this is not the
// response we asked for. docs/recovery.md ("The ZITADEL API behind it") describes the shapes.
import { searchResult, type Fail } from "./decode.js";
import type { MemberRow, UserRow, UserState, WhoAmI } from "./types.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, fail: Fail): string {
  if (v === undefined) return "";
  if (typeof v !== "string") return fail(`${field} is ${JSON.stringify(v)}, expected a string`);
  return v;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** details.totalResult: every match, counted before the server filters rows by permission. */
  readonly total: number;
}

/** `{details, result: [zitadel.member.v1.Member]}` from the instance and org member searches. */
export function decodeMemberPage(raw: unknown, fail: Fail): Page<MemberRow> {
  const { list, total } = searchResult(raw, fail);
  const items = list.map((m, i): MemberRow => {
    const at = `result[${i}]`;
    if (!isObject(m)) return fail(`${at} is not an object`);
    const userId = text(m.userId, `${at}.userId`, fail);
    if (userId === "") return fail(`${at}.userId is missing`);
    if (m.roles !== undefined && (!Array.isArray(m.roles) || m.roles.some((r) => typeof r !== "string")))
      return fail(`${at}.roles is not a list of strings`);
    const type = text(m.userType, `${at}.userType`, fail);
    return {
      userId,
      roles: [...((m.roles as string[] | undefined) ?? [])],
      loginName: text(m.preferredLoginName, `${at}.preferredLoginName`, fail),
      kind: type === "TYPE_HUMAN" ? "human" : type === "TYPE_MACHINE" ? "machine" : "unknown",
      userOrgId: text(m.userResourceOwner, `${at}.userResourceOwner`, fail),
    };
  });
  return { items, total };
}

const STATES: Readonly<Record<string, UserState>> = {
  USER_STATE_ACTIVE: "active",
  USER_STATE_INACTIVE: "inactive",
  USER_STATE_DELETED: "deleted",
  USER_STATE_LOCKED: "locked",
  USER_STATE_INITIAL: "initial",
};

/** `{details, result: [zitadel.user.v2.User]}` from POST /v2/users. */
export function decodeUserPage(raw: unknown, fail: Fail): Page<UserRow> {
  const { list, total } = searchResult(raw, fail);
  const items = list.map((u, i): UserRow => {
    const at = `result[${i}]`;
    if (!isObject(u)) return fail(`${at} is not an object`);
    const userId = text(u.userId, `${at}.userId`, fail);
    if (userId === "") return fail(`${at}.userId is missing`);
    if (u.details !== undefined && !isObject(u.details)) return fail(`${at}.details is not an object`);
    const state = text(u.state, `${at}.state`, fail);
    const human = u.human !== undefined;
    if (human && !isObject(u.human)) return fail(`${at}.human is not an object`);
    if (u.machine !== undefined && !isObject(u.machine)) return fail(`${at}.machine is not an object`);
    return {
      userId,
      orgId: text((u.details as Json | undefined)?.resourceOwner, `${at}.details.resourceOwner`, fail),
      userName: text(u.username, `${at}.username`, fail),
      loginName: text(u.preferredLoginName, `${at}.preferredLoginName`, fail),
      state: STATES[state] ?? "unknown",
      human,
    };
  });
  return { items, total };
}

/** `{user: zitadel.user.v1.User}` from GET /auth/v1/users/me. */
export function decodeMe(raw: unknown, fail: Fail): WhoAmI {
  if (!isObject(raw)) return fail("the body is not a JSON object");
  const { user } = raw;
  if (!isObject(user)) return fail("no user object");
  const userId = text(user.id, "user.id", fail);
  if (userId === "") return fail("user.id is missing");
  if (user.details !== undefined && !isObject(user.details)) return fail("user.details is not an object");
  return {
    userId,
    orgId: text((user.details as Json | undefined)?.resourceOwner, "user.details.resourceOwner", fail),
    loginName: text(user.preferredLoginName, "user.preferredLoginName", fail),
  };
}
