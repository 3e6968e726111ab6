// The emulator's back door for tests and the demo: read and change the instance without HTTP or auth.
// Changes go through the same commands as the API (so they push events and move sequences) but are
// lenient where the API is strict: setting what is already there is a no-op instead of NotChanged.
import { SYSTEM_EDITOR, type EventRecord } from "./event-log.js";
import type {
  OrgRecord,
  PasswordCheckResult,
  PolicyEvent,
  Role,
  Settings,
  Store,
  UserRecord,
  UserState,
} from "./state.js";

export interface PolicyView {
  maxPasswordAttempts: number;
  maxOtpAttempts: number;
  sequence: string;
}

export interface UserView {
  id: string;
  orgId: string;
  userName: string;
  kind: "human" | "machine";
  state: UserState;
  /** userName@the org's primary domain, as ZITADEL's preferred login name. */
  loginName: string;
}

export interface EmulatorControl {
  /** Adds an org; a name another org has (case-insensitively) is refused unless it is a legacyDuplicate. */
  addOrg(name: string, options?: { readonly legacyDuplicate?: boolean }): string;
  listOrgs(): { id: string; name: string }[];
  instancePolicy(): PolicyView & { showLockOutFailures: boolean };
  /** null: the org inherits the instance default. */
  orgPolicy(orgId: string): PolicyView | null;
  /** An out-of-band change of the instance default (as if made in the console by user `by`, default SYSTEM). */
  setInstancePolicy(s: Settings, by?: string): void;
  /** null resets the org to the instance default; otherwise adds or updates its custom policy. */
  setOrgPolicy(orgId: string, s: Settings | null, by?: string): void;
  /** An unrelated event on the instance ("instance") or an org aggregate: the next policy write skips a number. */
  bumpUnrelated(aggregate: "instance" | string, type?: string): void;
  /** org.changed with a new name. */
  renameOrg(orgId: string, name: string): void;
  /** org.removed: the org is gone (its reads answer AUTH-Bs7Ds), its events stay. */
  removeOrg(orgId: string): void;
  /** The event log, oldest first (what POST /admin/v1/events/_search serves). */
  events(): readonly EventRecord[];
  /** Audit-log retention: forget the events created before `at`; returns how many were dropped. */
  dropEventsBefore(at: Date): number;
  /** Every lockout-policy event since start, in order: what each target ever received. */
  policyHistory(): readonly PolicyEvent[];
  listUsers(orgId?: string): UserView[];
  /** A human user by default; `kind: "machine"` for a service user (whose PAT Emulator.patFor gives). */
  addUser(
    orgId: string,
    userName: string,
    state?: UserState,
    options?: { readonly kind?: "human" | "machine" },
  ): string;
  lockUser(userId: string): void;
  unlockUser(userId: string): void;
  /**
   * Simulates wrong passwords at the login: each one is counted and the user is locked when the count
   * reaches maxPasswordAttempts of the lockout policy in force for the user's org (0: never).
   * Returns what the last attempt did.
   */
  failPassword(userId: string, times?: number): PasswordCheckResult;
  /** Gives a user roles on the instance ("instance") or in an org (its id). */
  addMember(userId: string, scope: "instance" | string, roles: readonly Role[]): void;
  /** The roles a user holds per scope ("instance" or an org id). */
  memberships(userId: string): { scope: string; roles: Role[] }[];
}

const same = (p: { maxPasswordAttempts: number; maxOtpAttempts: number }, s: Settings): boolean =>
  p.maxPasswordAttempts === s.maxPasswordAttempts && p.maxOtpAttempts === s.maxOtpAttempts;

export function createControl(store: Store): EmulatorControl {
  const org = (orgId: string): OrgRecord => {
    const found = store.findOrg(orgId);
    if (!found) throw new Error(`no org ${orgId} in the emulator`);
    return found;
  };
  const user = (userId: string): UserRecord => {
    const found = store.findUser(userId);
    if (!found) throw new Error(`no user ${userId} in the emulator`);
    return found;
  };
  const view = (u: UserRecord): UserView => ({
    id: u.id,
    orgId: u.orgId,
    userName: u.userName,
    kind: u.kind,
    state: u.state,
    loginName: `${u.userName}@${store.findOrg(u.orgId)?.primaryDomain ?? "emulator.localhost"}`,
  });
  return {
    addOrg: (name, options) => store.addOrg(name, options).id,
    listOrgs: () => store.data.orgs.map((o) => ({ id: o.id, name: o.name })),
    policyHistory: () => [...store.policyEvents],
    instancePolicy: () => {
      const p = store.data.instance.policy;
      return {
        maxPasswordAttempts: p.maxPasswordAttempts,
        maxOtpAttempts: p.maxOtpAttempts,
        sequence: String(p.sequence),
        showLockOutFailures: p.showLockOutFailures,
      };
    },
    orgPolicy: (orgId) => {
      const p = org(orgId).policy;
      return p
        ? { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts, sequence: String(p.sequence) }
        : null;
    },
    setInstancePolicy: (s, by = SYSTEM_EDITOR) => {
      const p = store.data.instance.policy;
      if (!same(p, s) || p.showLockOutFailures) store.asEditor(by, () => store.updateInstancePolicy(s));
    },
    setOrgPolicy: (orgId, s, by = SYSTEM_EDITOR) => {
      const current = org(orgId).policy;
      store.asEditor(by, () => {
        if (s === null) {
          if (current) store.resetOrgPolicy(orgId);
        } else if (!current) {
          store.addOrgPolicy(orgId, s);
        } else if (!same(current, s)) {
          store.updateOrgPolicy(orgId, s);
        }
      });
    },
    renameOrg: (orgId, name) => store.renameOrg(org(orgId).id, name),
    removeOrg: (orgId) => store.removeOrg(org(orgId).id),
    events: () => [...store.log.all()],
    dropEventsBefore: (at) => {
      const dropped = store.log.dropBefore(at);
      store.touched();
      return dropped;
    },
    bumpUnrelated: (aggregate, type) => {
      store.push(aggregate === "instance" ? store.data.instance.id : org(aggregate).id, type);
      store.touched();
    },
    listUsers: (orgId) => store.data.users.filter((u) => orgId === undefined || u.orgId === orgId).map(view),
    addUser: (orgId, userName, state = "active", options = {}) =>
      options.kind === "machine"
        ? store.addUser({
            orgId: org(orgId).id,
            userName,
            kind: "machine",
            displayName: userName,
            description: "added by a test",
            state,
          }).id
        : store.addUser({
            orgId: org(orgId).id,
            userName,
            kind: "human",
            displayName: userName,
            firstName: userName,
            lastName: "Emulated",
            email: `${userName}@${org(orgId).primaryDomain}`,
            state,
          }).id,
    lockUser: (userId) => {
      if (user(userId).state === "locked") return;
      if (store.lockUser(userId).kind !== "ok")
        throw new Error(`user ${userId} is ${user(userId).state}: only active or initial users can be locked`);
    },
    unlockUser: (userId) => {
      if (user(userId).state === "locked") store.unlockUser(userId);
    },
    failPassword: (userId, times = 1) => {
      user(userId);
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
      let result: PasswordCheckResult = store.failPasswordCheck(userId);
      for (let i = 1; i < times && result.kind === "counted"; i++) result = store.failPasswordCheck(userId);
      return result;
    },
    addMember: (userId, scope, roles) => {
      user(userId);
      if (scope !== "instance") org(scope);
      store.addMember(userId, scope, roles);
    },
    memberships: (userId) =>
      store.data.memberships.filter((m) => m.userId === userId).map((m) => ({ scope: m.scope, roles: [...m.roles] })),
  };
}
