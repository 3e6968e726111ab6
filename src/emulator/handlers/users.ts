// Locked-user search and lock/unlock (docs/zitadel-api.md §8). v1 works inside the request's org (x-zitadel-orgid or
// the caller's); v2 searches every org, filtered by user.read per org after counting, and lock/unlock run
// the command's own user.write check on the user's org after the existence and state checks.
import * as mgmt from "@zitadel/proto/zitadel/management_pb.js";
import {
  Type as TypeV1,
  UserFieldName as FieldV1,
  UserState as StateV1,
  type SearchQuery as QueryV1,
} from "@zitadel/proto/zitadel/user_pb.js";
import { UserState as StateV2 } from "@zitadel/proto/zitadel/user/v2/user_pb.js";
import {
  Type as TypeV2,
  UserFieldName as FieldV2,
  type SearchQuery as QueryV2,
} from "@zitadel/proto/zitadel/user/v2/query_pb.js";
import * as userV2 from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { assertNever } from "../../model.js";
import { Errors } from "../error-catalogue.js";
import type { RpcError } from "../rpc-error.js";
import type { UserCommandResult, UserRecord, UserState } from "../state.js";
import { defineHandler, timestamp, u64, type CallContext, type Handler } from "./define.js";
import { matchText, page } from "./search.js";

/** A user's state as v1's or v2's enum (the same four values, two generated types). */
function stateIn<T>(
  s: UserState,
  e: { readonly ACTIVE: T; readonly INACTIVE: T; readonly LOCKED: T; readonly INITIAL: T },
): T {
  switch (s) {
    case "active":
      return e.ACTIVE;
    case "inactive":
      return e.INACTIVE;
    case "locked":
      return e.LOCKED;
    case "initial":
      return e.INITIAL;
    default:
      return assertNever(s);
  }
}

export const loginName = (u: UserRecord, call: CallContext): string =>
  `${u.userName}@${call.store.findOrg(u.orgId)?.primaryDomain ?? "emulator.localhost"}`;

/** The fields both query trees (v1 zitadel.user.v1, v2 zitadel.user.v2) filter on, and their sort keys. */
const text = {
  userName: (u: UserRecord) => u.userName,
  firstName: (u: UserRecord) => u.firstName ?? "",
  lastName: (u: UserRecord) => u.lastName ?? "",
  displayName: (u: UserRecord) => u.displayName,
  email: (u: UserRecord) => u.email ?? "",
};

type AnyQuery = QueryV1 | QueryV2;

function matches(u: UserRecord, q: AnyQuery, call: CallContext, version: 1 | 2): boolean {
  const query = q.query;
  switch (query.case) {
    case "userNameQuery":
      return matchText(query.value.method, u.userName, query.value.userName);
    case "firstNameQuery":
      return matchText(query.value.method, text.firstName(u), query.value.firstName);
    case "lastNameQuery":
      return matchText(query.value.method, text.lastName(u), query.value.lastName);
    case "nickNameQuery":
      return matchText(query.value.method, "", query.value.nickName);
    case "displayNameQuery":
      return matchText(query.value.method, u.displayName, query.value.displayName);
    case "emailQuery":
      return matchText(query.value.method, text.email(u), query.value.emailAddress);
    case "loginNameQuery":
      return matchText(query.value.method, loginName(u, call), query.value.loginName);
    case "stateQuery":
      return (version === 1 ? stateIn(u.state, StateV1) : stateIn(u.state, StateV2)) === query.value.state;
    case "typeQuery": {
      const human = version === 1 ? TypeV1.HUMAN : TypeV2.HUMAN;
      const machine = version === 1 ? TypeV1.MACHINE : TypeV2.MACHINE;
      return query.value.type === (u.kind === "human" ? human : machine);
    }
    case "inUserIdsQuery":
      return query.value.userIds.includes(u.id);
    case "inUserEmailsQuery":
      return query.value.userEmails.includes(text.email(u));
    case "organizationIdQuery":
      return u.orgId === query.value.organizationId;
    case "orQuery":
      return query.value.queries.some((sub: AnyQuery) => matches(u, sub, call, version));
    case "andQuery":
      return query.value.queries.every((sub: AnyQuery) => matches(u, sub, call, version));
    case "notQuery":
      return query.value.query === undefined || !matches(u, query.value.query, call, version);
    case "phoneQuery":
      throw Errors.notImplemented("UserService.ListUsers with phoneQuery");
    case undefined:
      return true;
    default:
      return assertNever(query);
  }
}

/** ZITADEL's domain.UserState numbers, which the state column holds (and sorts by). */
const STATE_NUMBER: Readonly<Record<UserState, number>> = { active: 1, inactive: 2, locked: 4, initial: 6 };

function sortKey(field: number): ((u: UserRecord) => string | number) | undefined {
  // The text columns are isOrderByLower upstream (query/user.go): ORDER BY LOWER(column).
  const lower = (key: (u: UserRecord) => string) => (u: UserRecord) => key(u).toLowerCase();
  // FieldV1 and FieldV2 share their numbers.
  switch (field as FieldV1) {
    case FieldV1.USER_NAME:
      return lower(text.userName);
    case FieldV1.FIRST_NAME:
      return lower(text.firstName);
    case FieldV1.LAST_NAME:
      return lower(text.lastName);
    case FieldV1.DISPLAY_NAME:
      return lower(text.displayName);
    case FieldV1.EMAIL:
      return lower(text.email);
    case FieldV1.STATE:
      return (u) => STATE_NUMBER[u.state];
    // domain.UserType: human 1, machine 2.
    case FieldV1.TYPE:
      return (u) => (u.kind === "human" ? 1 : 2);
    case FieldV1.CREATION_DATE:
      return (u) => u.creationDate;
    default:
      return undefined;
  }
}

const listDetails = (total: number, call: CallContext) => ({
  totalResult: u64(total),
  processedSequence: u64(call.store.data.sequences[call.store.data.instance.id] ?? 0),
});

export const userV1 = (u: UserRecord, call: CallContext) => ({
  id: u.id,
  details: {
    sequence: u64(u.sequence),
    creationDate: timestamp(u.creationDate),
    changeDate: timestamp(u.changeDate),
    resourceOwner: u.orgId,
  },
  state: stateIn(u.state, StateV1),
  userName: u.userName,
  loginNames: [loginName(u, call)],
  preferredLoginName: loginName(u, call),
  type:
    u.kind === "human"
      ? {
          case: "human" as const,
          value: {
            profile: { firstName: u.firstName ?? "", lastName: u.lastName ?? "", displayName: u.displayName },
            email: { email: u.email ?? "", isEmailVerified: true },
          },
        }
      : { case: "machine" as const, value: { name: u.displayName, description: u.description ?? "" } },
});

const userV2Message = (u: UserRecord, call: CallContext) => ({
  userId: u.id,
  details: {
    sequence: u64(u.sequence),
    changeDate: timestamp(u.changeDate),
    resourceOwner: u.orgId,
    creationDate: timestamp(u.creationDate),
  },
  state: stateIn(u.state, StateV2),
  username: u.userName,
  loginNames: [loginName(u, call)],
  preferredLoginName: loginName(u, call),
  type:
    u.kind === "human"
      ? {
          case: "human" as const,
          value: {
            profile: { givenName: u.firstName ?? "", familyName: u.lastName ?? "", displayName: u.displayName },
            email: { email: u.email ?? "", isVerified: true },
          },
        }
      : { case: "machine" as const, value: { name: u.displayName, description: u.description ?? "" } },
});

function commandResult(result: UserCommandResult, notFound: () => RpcError, wrongState: () => RpcError) {
  switch (result.kind) {
    case "ok":
      return result.result;
    case "not-found":
      throw notFound();
    case "wrong-state":
      throw wrongState();
    default:
      return assertNever(result);
  }
}

/**
 * v2's checkPermissionUpdateUser for lock and unlock: user.write in the user's org or on the instance. Being
 * the user is not enough (lock/unlock pass allowSelfManagement = false; docs/zitadel-api.md §3).
 */
const requireUserWrite =
  (call: CallContext) =>
  (user: UserRecord): void => {
    const check = call.auth.check(call.caller.user.id, "user.write", user.orgId);
    if (check === "no-membership") throw Errors.membershipNotFound();
    if (check === "denied") throw Errors.commandPermissionDenied();
  };

const v1Write = (w: { sequence: number; date: string; resourceOwner: string }) => ({
  details: { sequence: u64(w.sequence), changeDate: timestamp(w.date), resourceOwner: w.resourceOwner },
});

export const userHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.management.v1.ManagementService.ListUsers": defineHandler(
    mgmt.ListUsersRequestSchema,
    mgmt.ListUsersResponseSchema,
    { write: false },
    (req, call) => {
      const inOrg = call.store.data.users.filter(
        (u) => u.orgId === call.caller.orgId && req.queries.every((q) => matches(u, q, call, 1)),
      );
      return {
        details: { ...listDetails(inOrg.length, call), viewTimestamp: timestamp(call.now().toISOString()) },
        sortingColumn: req.sortingColumn,
        result: page(inOrg, req.query, sortKey(req.sortingColumn)).map((u) => userV1(u, call)),
      };
    },
  ),
  "zitadel.user.v2.UserService.ListUsers": defineHandler(
    userV2.ListUsersRequestSchema,
    userV2.ListUsersResponseSchema,
    { write: false },
    (req, call) => {
      const all = call.store.data.users.filter((u) => req.queries.every((q) => matches(u, q, call, 2)));
      const visible = page(all, req.query, sortKey(req.sortingColumn as number as FieldV2)).filter(
        (u) => u.id === call.caller.user.id || call.auth.check(call.caller.user.id, "user.read", u.orgId) === "granted",
      );
      return {
        details: { ...listDetails(all.length, call), timestamp: timestamp(call.now().toISOString()) },
        sortingColumn: req.sortingColumn,
        result: visible.map((u) => userV2Message(u, call)),
      };
    },
  ),
  "zitadel.management.v1.ManagementService.LockUser": defineHandler(
    mgmt.LockUserRequestSchema,
    mgmt.LockUserResponseSchema,
    { write: true },
    (req, call) =>
      v1Write(
        commandResult(
          call.store.lockUser(req.id, { inOrg: call.caller.orgId }),
          Errors.userNotFoundOnLockV1,
          Errors.userNotActiveV1,
        ),
      ),
  ),
  "zitadel.management.v1.ManagementService.UnlockUser": defineHandler(
    mgmt.UnlockUserRequestSchema,
    mgmt.UnlockUserResponseSchema,
    { write: true },
    (req, call) =>
      v1Write(
        commandResult(
          call.store.unlockUser(req.id, { inOrg: call.caller.orgId }),
          Errors.userNotFoundOnUnlockV1,
          Errors.userNotLockedV1,
        ),
      ),
  ),
  "zitadel.user.v2.UserService.LockUser": defineHandler(
    userV2.LockUserRequestSchema,
    userV2.LockUserResponseSchema,
    { write: true },
    (req, call) =>
      v1Write(
        commandResult(
          call.store.lockUser(req.userId, { authorize: requireUserWrite(call) }),
          Errors.userNotFoundOnLockV2,
          Errors.userNotActiveV2,
        ),
      ),
  ),
  "zitadel.user.v2.UserService.UnlockUser": defineHandler(
    userV2.UnlockUserRequestSchema,
    userV2.UnlockUserResponseSchema,
    { write: true },
    (req, call) =>
      v1Write(
        commandResult(
          call.store.unlockUser(req.userId, { authorize: requireUserWrite(call) }),
          Errors.userNotFoundOnUnlockV2,
          Errors.userNotLockedV2,
        ),
      ),
  ),
};
