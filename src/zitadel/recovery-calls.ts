// The calls behind `locked`, `unlock` and the recovery check: who am I, the managers (instance and org
// members), user search (v2, across orgs) and unlock (v2). Facts and upstream sources:
// docs/recovery.md, "The ZITADEL API behind it".
import type { Fail } from "./decode.js";
import { decodeMe, decodeMemberPage, decodeUserPage, type Page } from "./decode-users.js";
import type { EndpointName } from "./endpoints.js";
import { decodeWriteResult } from "./decode.js";
import type { MemberRow, UserQuery, UserRow, WhoAmI, WriteResult } from "./types.js";

export type Call = <T>(
  name: EndpointName,
  decode: (body: unknown, fail: Fail) => T,
  orgId?: string,
  payload?: unknown,
  params?: Readonly<Record<string, string>>,
) => Promise<T>;

/** Rows per page: the most ZITADEL accepts (newer versions refuse a larger limit). */
export const USER_PAGE_SIZE = 1000;

export interface RecoveryCalls {
  /** GET /auth/v1/users/me: the user the credentials belong to. */
  whoAmI(): Promise<WhoAmI>;
  /** POST /admin/v1/members/_search, every page (iam.member.read). */
  listInstanceMembers(): Promise<MemberRow[]>;
  /** POST /management/v1/orgs/me/members/_search in one org, every page (org.member.read). */
  listOrgMembers(orgId: string): Promise<MemberRow[]>;
  /**
   * POST /v2/users, page by page: `onPage` gets each page's rows as they arrive, so a caller that keeps
   * only what it needs holds one page at a time. Rows the caller may not read are left out by the server.
   */
  searchUsers(query: UserQuery, onPage: (rows: readonly UserRow[], seen: number, total: number) => void): Promise<void>;
  /** POST /v2/users/{userId}/unlock. */
  unlockUser(userId: string): Promise<WriteResult>;
}

function userQueries(q: UserQuery): object[] {
  const queries: object[] = [];
  if (q.orgId !== undefined) queries.push({ organizationIdQuery: { organizationId: q.orgId } });
  if (q.state !== undefined)
    queries.push({ stateQuery: { state: q.state === "locked" ? "USER_STATE_LOCKED" : "USER_STATE_ACTIVE" } });
  if (q.userIds !== undefined) queries.push({ inUserIdsQuery: { userIds: [...q.userIds] } });
  if (q.loginName !== undefined)
    queries.push({ loginNameQuery: { loginName: q.loginName, method: "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } });
  return queries;
}

export function recoveryCalls(call: Call, checkOrgId: (orgId: string) => string): RecoveryCalls {
  /**
   * Offset paging up to totalResult (which counts rows before the permission filter, so short pages can be followed by
   * more).
   */
  async function pages<T>(
    fetch: (offset: number) => Promise<Page<T>>,
    onPage: (items: readonly T[], seen: number, total: number) => void,
  ): Promise<void> {
    let seen = 0;
    for (let offset = 0; ; offset += USER_PAGE_SIZE) {
      const page = await fetch(offset);
      seen += page.items.length;
      onPage(page.items, seen, Math.max(page.total, seen));
      if (offset + USER_PAGE_SIZE >= page.total) break;
    }
  }

  const members = async (name: "listInstanceMembers" | "listOrgMembers", orgId?: string): Promise<MemberRow[]> => {
    const byUser = new Map<string, MemberRow>();
    await pages(
      (offset) =>
        call(name, decodeMemberPage, orgId, { query: { offset: String(offset), limit: USER_PAGE_SIZE, asc: true } }),
      (items) => {
        // A member seen twice (the list moved between pages) is kept once.
        for (const m of items) byUser.set(m.userId, m);
      },
    );
    return [...byUser.values()];
  };

  return {
    whoAmI: () => call("getMyUser", decodeMe),
    listInstanceMembers: () => members("listInstanceMembers"),
    listOrgMembers: (orgId) => members("listOrgMembers", checkOrgId(orgId)),
    async searchUsers(query, onPage) {
      if (query.userIds !== undefined && query.userIds.length > USER_PAGE_SIZE) {
        throw new RangeError(`at most ${USER_PAGE_SIZE} user ids per search, got ${query.userIds.length}`);
      }
      if (query.userIds !== undefined && query.userIds.length === 0) return;
      await pages(
        (offset) =>
          call("searchUsers", decodeUserPage, undefined, {
            // Creation order: users added while the pages are read land at the end instead of shifting them.
            query: { offset: String(offset), limit: USER_PAGE_SIZE, asc: true },
            sortingColumn: "USER_FIELD_NAME_CREATION_DATE",
            queries: userQueries(query),
          }),
        onPage,
      );
    },
    unlockUser: (userId) => {
      if (!/^[\x21-\x7e]{1,200}$/.test(userId)) throw new RangeError(`invalid user id ${JSON.stringify(userId)}`);
      return call("unlockUser", decodeWriteResult, undefined, {}, { userId });
    },
  };
}
