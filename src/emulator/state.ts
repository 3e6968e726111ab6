// The emulated instance: organizations, lockout policies, users, memberships and per-aggregate event
// sequences. Plain JSON-serialisable data (it is what --state persists) plus the commands that change it.
// Commands mirror ZITADEL's command side: each successful one pushes events, and every event takes the
// next sequence of its aggregate (the instance, an org, or a user), so a policy's sequence jumps whenever
// unrelated events happened on the same aggregate in between (docs/zitadel-api.md §2.3).
import { Errors } from "./error-catalogue.js";
import { lockoutPolicyCommands } from "./policy-commands.js";
import {
  createEventLog,
  isoFromUs,
  SYSTEM_EDITOR,
  type AggregateType,
  type EventLog,
  type EventRecord,
} from "./event-log.js";
import type { PolicyRecord, OrgRecord, UserState, UserRecord, Role, Membership, StateData } from "./records.js";
import type { LockoutPolicyCommands, WriteResult } from "./policy-commands.js";

export type { PolicyEvent, Settings, WriteResult } from "./policy-commands.js";

export type {
  PolicyRecord,
  OrgState,
  OrgRecord,
  UserState,
  UserRecord,
  Role,
  Membership,
  StateData,
} from "./records.js";

export type UserCommandResult =
  | { readonly kind: "ok"; readonly result: WriteResult }
  | { readonly kind: "not-found" }
  | { readonly kind: "wrong-state" };

/** What one wrong password did (ZITADEL's HumanCheckPassword: a check.failed event, plus user.locked at the limit). */
export type PasswordCheckResult =
  | { readonly kind: "counted"; readonly failedCount: number; readonly locked: boolean; readonly limit: number }
  /** Locked, inactive or unknown users and machine users are refused before any password is compared. */
  | { readonly kind: "refused"; readonly reason: "not-found" | "machine" | "locked" | "inactive" };

export interface Store extends LockoutPolicyCommands {
  readonly data: StateData;
  nextId(): string;
  /** The event log every command writes to. */
  readonly log: EventLog;
  /** Pushes one event on the aggregate (by default an unrelated one of its kind); returns its sequence. */
  push(aggregateId: string, type?: string, payload?: EventRecord["payload"]): number;
  /** Runs `fn` with `userId` recorded as the editor of every event it pushes (the API caller). */
  asEditor<T>(userId: string, fn: () => T): T;
  /** org.changed: a new name. */
  renameOrg(orgId: string, name: string): void;
  /** org.removed: the org and its policy are gone; reads of it fail like ZITADEL's (AUTH-Bs7Ds). */
  removeOrg(orgId: string): void;
  /** Reports a change made through push() alone (it does not persist by itself). */
  touched(): void;
  findOrg(orgId: string): OrgRecord | undefined;
  findUser(userId: string): UserRecord | undefined;
  /**
   * Adds an org. Names are unique per instance, case-insensitively, as ZITADEL's org.added command
   * enforces (docs/zitadel-api.md §4); `legacyDuplicate` adds one that breaks the rule anyway, as data
   * written before the rule existed still does on old instances.
   */
  addOrg(name: string, options?: { readonly legacyDuplicate?: boolean }): OrgRecord;
  /** The policy an org's reads return: its custom one, else the instance default (docs/zitadel-api.md §2.4). */
  effectivePolicy(orgId: string): {
    readonly policy: PolicyRecord;
    readonly isDefault: boolean;
    readonly resourceOwner: string;
  };
  lockUser(userId: string, scope?: UserCommandScope): UserCommandResult;
  unlockUser(userId: string, scope?: UserCommandScope): UserCommandResult;
  addUser(init: Omit<UserRecord, "id" | "sequence" | "creationDate" | "changeDate">): UserRecord;
  /** A wrong password for a human user: counted, and the user locked at the policy's maxPasswordAttempts. */
  failPasswordCheck(userId: string): PasswordCheckResult;
  /** Adds roles to a member of the instance ("instance") or an org (its id); creates the membership if needed. */
  addMember(userId: string, scope: string, roles: readonly Role[]): Membership;
}

export interface UserCommandScope {
  /** v1: the user is looked up within this org only. */
  readonly inOrg?: string;
  /** v2: the command's own permission check, run after the state checks and before the event is pushed. */
  readonly authorize?: (user: UserRecord) => void;
}

export function createStore(data: StateData, now: () => Date, onChange: () => void): Store {
  const timestamp = (): string => now().toISOString();
  const orgsById = new Map(data.orgs.map((o) => [o.id, o]));
  const usersById = new Map(data.users.map((u) => [u.id, u]));
  // Names never change once added, so an index keeps the uniqueness check O(1) for 10,000 orgs.
  const orgsByLowerName = new Map(data.orgs.map((o) => [o.name.toLowerCase(), o]));

  const log = createEventLog(data.events);
  let editor = SYSTEM_EDITOR;
  const aggregateOf = (id: string): { type: AggregateType; owner: string } => {
    if (id === data.instance.id) return { type: "instance", owner: id };
    const user = usersById.get(id);
    if (user) return { type: "user", owner: user.orgId };
    return { type: "org", owner: id };
  };
  // What an event nobody here cares about is called, per aggregate: it only uses up a sequence number.
  const UNRELATED: Record<AggregateType, string> = {
    instance: "instance.member.added",
    org: "org.member.added",
    user: "user.human.phone.changed",
  };
  let lastEvent: EventRecord | undefined;

  const push = (aggregateId: string, type?: string, payload?: EventRecord["payload"]): number => {
    const next = (data.sequences[aggregateId] ?? 0) + 1;
    data.sequences[aggregateId] = next;
    const aggregate = aggregateOf(aggregateId);
    lastEvent = log.append(
      {
        aggregateType: aggregate.type,
        aggregateId,
        resourceOwner: aggregate.owner,
        sequence: next,
        type: type ?? UNRELATED[aggregate.type],
        ...(payload ? { payload } : {}),
        editorUserId: editor,
      },
      now(),
    );
    return next;
  };
  /** The date of the event just pushed: what the projection records as the policy's change date. */
  const pushedDate = (): string => isoFromUs(lastEvent!.createdUs);

  const nextId = (): string => {
    const id = data.nextId;
    data.nextId = (BigInt(id) + 1n).toString();
    return id;
  };

  const orgOrThrow = (orgId: string): OrgRecord => {
    const org = orgsById.get(orgId);
    // The auth layer has already refused unknown orgs (AUTH-Bs7Ds); reaching here is a bug.
    if (!org) throw Errors.internal();
    return org;
  };

  const effectivePolicy = (orgId: string) => {
    const org = orgsById.get(orgId);
    if (org?.policy) return { policy: org.policy, isDefault: false, resourceOwner: org.id };
    return { policy: data.instance.policy, isDefault: true, resourceOwner: data.instance.id };
  };

  const changed = <T>(value: T): T => {
    onChange();
    return value;
  };
  const policy = lockoutPolicyCommands({ data, push, pushedDate, orgOrThrow, changed });

  const userCommand = (
    userId: string,
    scope: UserCommandScope,
    allowed: readonly UserState[],
    next: UserState,
  ): UserCommandResult => {
    const user = usersById.get(userId);
    // v1 looks the user up within the request's org: another org's user is "not found" there.
    if (!user || (scope.inOrg !== undefined && user.orgId !== scope.inOrg)) return { kind: "not-found" };
    if (!allowed.includes(user.state)) return { kind: "wrong-state" };
    scope.authorize?.(user);
    const date = timestamp();
    user.state = next;
    // user.unlocked resets the failed-check counters (internal/command user write models).
    if (next === "active" && allowed.includes("locked")) user.passwordCheckFailedCount = 0;
    user.sequence = push(user.id, next === "locked" ? "user.locked" : "user.unlocked");
    user.changeDate = date;
    return changed({ kind: "ok", result: { sequence: user.sequence, date, resourceOwner: user.orgId } });
  };

  return {
    data,
    nextId,
    push,
    touched: () => onChange(),
    findOrg: (orgId) => orgsById.get(orgId),
    findUser: (userId) => usersById.get(userId),

    log,
    asEditor(userId, fn) {
      const previous = editor;
      editor = userId;
      try {
        return fn();
      } finally {
        editor = previous;
      }
    },

    addOrg(name, options = {}) {
      const taken = orgsByLowerName.get(name.toLowerCase());
      if (taken && !options.legacyDuplicate) {
        throw new Error(
          `an org named ${JSON.stringify(taken.name)} exists already (org names are unique, case-insensitively)`,
        );
      }
      const id = nextId();
      const slug =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "") || id;
      const domain = `${slug}.emulator.localhost`;
      push(id, "org.added", { name });
      push(id, "org.domain.added", { domain });
      push(id, "org.domain.verified", { domain });
      const sequence = push(id, "org.domain.primary.set", { domain });
      const date = pushedDate();
      const org: OrgRecord = {
        id,
        name,
        primaryDomain: domain,
        domains: [domain],
        state: "active",
        sequence,
        creationDate: date,
        changeDate: date,
        policy: null,
      };
      data.orgs.push(org);
      orgsById.set(id, org);
      if (!taken) orgsByLowerName.set(name.toLowerCase(), org);
      return changed(org);
    },

    renameOrg(orgId, name) {
      const org = orgOrThrow(orgId);
      org.sequence = push(org.id, "org.changed", { name });
      if (orgsByLowerName.get(org.name.toLowerCase()) === org) orgsByLowerName.delete(org.name.toLowerCase());
      org.name = name;
      if (!orgsByLowerName.has(name.toLowerCase())) orgsByLowerName.set(name.toLowerCase(), org);
      org.changeDate = pushedDate();
      onChange();
    },

    removeOrg(orgId) {
      const org = orgOrThrow(orgId);
      push(org.id, "org.removed");
      data.orgs.splice(data.orgs.indexOf(org), 1);
      orgsById.delete(org.id);
      if (orgsByLowerName.get(org.name.toLowerCase()) === org) orgsByLowerName.delete(org.name.toLowerCase());
      onChange();
    },

    effectivePolicy,

    ...policy,

    lockUser: (userId, scope = {}) => userCommand(userId, scope, ["active", "initial"], "locked"),
    unlockUser: (userId, scope = {}) => userCommand(userId, scope, ["locked"], "active"),

    failPasswordCheck(userId) {
      const user = usersById.get(userId);
      if (!user) return { kind: "refused", reason: "not-found" };
      if (user.kind === "machine") return { kind: "refused", reason: "machine" };
      if (user.state === "locked") return { kind: "refused", reason: "locked" };
      if (user.state === "inactive") return { kind: "refused", reason: "inactive" };
      // internal/command/user_human_password.go (HumanCheckPassword): a check.failed event, and when the
      // policy in force for the user's org has a limit above 0 and this failure reaches it, user.locked too.
      const limit = effectivePolicy(user.orgId).policy.maxPasswordAttempts;
      const failedCount = (user.passwordCheckFailedCount ?? 0) + 1;
      const date = timestamp();
      user.passwordCheckFailedCount = failedCount;
      user.sequence = push(user.id);
      const locked = limit > 0 && failedCount >= limit;
      if (locked) {
        user.state = "locked";
        user.sequence = push(user.id);
      }
      user.changeDate = date;
      return changed({ kind: "counted", failedCount, locked, limit });
    },

    addMember(userId, scope, roles) {
      const aggregate = scope === "instance" ? data.instance.id : orgOrThrow(scope).id;
      const existing = data.memberships.find((m) => m.userId === userId && m.scope === scope);
      const sequence = push(aggregate);
      if (existing) {
        for (const role of roles) if (!existing.roles.includes(role)) existing.roles.push(role);
        existing.sequence = sequence;
        return changed(existing);
      }
      const member: Membership = { userId, scope, roles: [...roles], creationDate: timestamp(), sequence };
      data.memberships.push(member);
      return changed(member);
    },

    addUser(init) {
      const id = nextId();
      const date = timestamp();
      const user: UserRecord = { ...init, id, sequence: 0, creationDate: date, changeDate: date };
      // Known before its first event, so the events land on a user aggregate.
      usersById.set(id, user);
      // user.added (plus a locked/deactivated event when the user does not start active) on its own aggregate.
      user.sequence = push(id, `user.${init.kind}.added`, { userName: init.userName });
      if (init.state === "locked" || init.state === "inactive")
        user.sequence = push(id, init.state === "locked" ? "user.locked" : "user.deactivated");
      data.users.push(user);
      return changed(user);
    },
  };
}
