// Members: admin v1 ListIAMMembers (iam.member.read; the instance's members) and management v1
// ListOrgMembers (org.member.read; the members of the org in x-zitadel-orgid, else the caller's org).
// Both answer zitadel.member.v1.Member rows: the user's id, roles, names, type and org — but not the
// user's state, which a caller needs the user search for (docs/recovery.md, "The ZITADEL API behind it").
// Upstream: internal/api/grpc/admin/iam_member.go, internal/api/grpc/management/org.go ListOrgMembers,
// internal/query/iam_member.go and org_member.go (members joined with their users).
import * as admin from "@zitadel/proto/zitadel/admin_pb.js";
import * as mgmt from "@zitadel/proto/zitadel/management_pb.js";
import { MemberFieldColumnName, type SearchQuery as MemberQuery } from "@zitadel/proto/zitadel/member_pb.js";
import { Type as UserType } from "@zitadel/proto/zitadel/user_pb.js";
import { assertNever } from "../../model.js";
import type { Membership, UserRecord } from "../state.js";
import { defineHandler, timestamp, u64, type CallContext, type Handler } from "./define.js";
import { matchText, page } from "./search.js";
import { loginName } from "./users.js";

interface MemberRow {
  readonly membership: Membership;
  readonly user: UserRecord;
}

function matches(row: MemberRow, q: MemberQuery): boolean {
  const query = q.query;
  switch (query.case) {
    case "firstNameQuery":
      return matchText(query.value.method, row.user.firstName ?? "", query.value.firstName);
    case "lastNameQuery":
      return matchText(query.value.method, row.user.lastName ?? "", query.value.lastName);
    case "emailQuery":
      return matchText(query.value.method, row.user.email ?? "", query.value.email);
    case "userIdQuery":
      return row.user.id === query.value.userId;
    case undefined:
      return true;
    default:
      return assertNever(query);
  }
}

function sortKey(column: MemberFieldColumnName): ((row: MemberRow) => string | number) | undefined {
  switch (column) {
    case MemberFieldColumnName.MEMBER_FIELD_NAME_USER_ID:
      return (row) => row.user.id;
    case MemberFieldColumnName.MEMBER_FIELD_NAME_CREATION_DATE:
      return (row) => row.membership.creationDate ?? "";
    default:
      return undefined;
  }
}

/** Members of one scope whose user still exists (the query joins members with users). */
function rowsOf(scope: string, queries: readonly MemberQuery[], call: CallContext): MemberRow[] {
  const rows: MemberRow[] = [];
  for (const membership of call.store.data.memberships) {
    if (membership.scope !== scope) continue;
    const user = call.store.findUser(membership.userId);
    if (user && queries.every((q) => matches({ membership, user }, q))) rows.push({ membership, user });
  }
  return rows;
}

function member(row: MemberRow, resourceOwner: string, call: CallContext) {
  const { membership, user } = row;
  const created = membership.creationDate ?? call.store.data.instance.creationDate;
  return {
    userId: user.id,
    details: {
      sequence: u64(membership.sequence ?? 0),
      creationDate: timestamp(created),
      changeDate: timestamp(created),
      resourceOwner,
    },
    roles: [...membership.roles],
    preferredLoginName: loginName(user, call),
    email: user.email ?? "",
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    displayName: user.displayName,
    avatarUrl: "",
    userType: user.kind === "human" ? UserType.HUMAN : UserType.MACHINE,
    userResourceOwner: user.orgId,
  };
}

const listDetails = (total: number, call: CallContext) => ({
  totalResult: u64(total),
  processedSequence: u64(call.store.data.sequences[call.store.data.instance.id] ?? 0),
  viewTimestamp: timestamp(call.now().toISOString()),
});

export const memberHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.admin.v1.AdminService.ListIAMMembers": defineHandler(
    admin.ListIAMMembersRequestSchema,
    admin.ListIAMMembersResponseSchema,
    { write: false },
    (req, call) => {
      const rows = rowsOf("instance", req.queries, call);
      const instanceId = call.store.data.instance.id;
      return {
        details: listDetails(rows.length, call),
        result: page(rows, req.query, sortKey(req.sortingColumn)).map((row) => member(row, instanceId, call)),
      };
    },
  ),
  "zitadel.management.v1.ManagementService.ListOrgMembers": defineHandler(
    mgmt.ListOrgMembersRequestSchema,
    mgmt.ListOrgMembersResponseSchema,
    { write: false },
    (req, call) => {
      const rows = rowsOf(call.caller.orgId, req.queries, call);
      return {
        details: listDetails(rows.length, call),
        result: page(rows, req.query, undefined).map((row) => member(row, call.caller.orgId, call)),
      };
    },
  ),
};
