// The emulator's back door for tests and the demo: read and change the instance without HTTP or auth.
// Changes go through the same commands as the API (so they push events and move sequences) but are
// lenient where the API is strict: setting what is already there is a no-op instead of NotChanged.
import { SYSTEM_EDITOR, type EventRecord } from "./event-log.js";
import type { OrgRecord, PolicyEvent, Settings, Store, UserRecord, UserState } from "./state.js";

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
}

export interface EmulatorControl {
  addOrg(name: string): string;
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
  addUser(orgId: string, userName: string, state?: UserState): string;
  lockUser(userId: string): void;
  unlockUser(userId: string): void;
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
  const view = (u: UserRecord): UserView => ({ id: u.id, orgId: u.orgId, userName: u.userName, kind: u.kind, state: u.state });
  return {
    addOrg: (name) => store.addOrg(name).id,
    listOrgs: () => store.data.orgs.map((o) => ({ id: o.id, name: o.name })),
    policyHistory: () => [...store.policyEvents],
    instancePolicy: () => {
      const p = store.data.instance.policy;
      return { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts, sequence: String(p.sequence), showLockOutFailures: p.showLockOutFailures };
    },
    orgPolicy: (orgId) => {
      const p = org(orgId).policy;
      return p ? { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts, sequence: String(p.sequence) } : null;
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
    addUser: (orgId, userName, state = "active") =>
      store.addUser({ orgId: org(orgId).id, userName, kind: "human", displayName: userName, firstName: userName, lastName: "Emulated", email: `${userName}@${org(orgId).primaryDomain}`, state }).id,
    lockUser: (userId) => {
      if (user(userId).state === "locked") return;
      if (store.lockUser(userId).kind !== "ok") throw new Error(`user ${userId} is ${user(userId).state}: only active or initial users can be locked`);
    },
    unlockUser: (userId) => {
      if (user(userId).state === "locked") store.unlockUser(userId);
    },
  };
}
