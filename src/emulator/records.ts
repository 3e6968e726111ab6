// The emulated instance's persisted records: plain JSON-serialisable data, exactly what --state writes and
// reads back. The commands that change them live in state.ts.
import type { EventRecord } from "./event-log.js";
export interface PolicyRecord {
  maxPasswordAttempts: number;
  maxOtpAttempts: number;
  /** Hidden flag (docs/zitadel-api.md §2.1 quirk): true on a fresh instance, false after any API write. */
  showLockOutFailures: boolean;
  sequence: number;
  creationDate: string;
  changeDate: string;
}

export type OrgState = "active" | "inactive";

export interface OrgRecord {
  id: string;
  name: string;
  primaryDomain: string;
  domains: string[];
  state: OrgState;
  sequence: number;
  creationDate: string;
  changeDate: string;
  /** null: the org has no custom policy and inherits the instance default. */
  policy: PolicyRecord | null;
}

export type UserState = "active" | "inactive" | "locked" | "initial";

export interface UserRecord {
  id: string;
  orgId: string;
  userName: string;
  kind: "human" | "machine";
  displayName: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  description?: string;
  state: UserState;
  /**
   * Wrong passwords since the last correct one or unlock (humans only; absent in state files of the first
   * release, meaning 0). The user is locked when it reaches the lockout policy's maxPasswordAttempts.
   */
  passwordCheckFailedCount?: number;
  sequence: number;
  creationDate: string;
  changeDate: string;
}

export type Role =
  | "IAM_OWNER"
  | "IAM_OWNER_VIEWER"
  | "IAM_ORG_MANAGER"
  | "IAM_USER_MANAGER"
  | "IAM_LOGIN_CLIENT"
  | "ORG_OWNER"
  | "ORG_SETTINGS_MANAGER"
  | "ORG_OWNER_VIEWER"
  | "ORG_USER_MANAGER";

export interface Membership {
  userId: string;
  /** "instance" for IAM roles, else the org id. */
  scope: string;
  roles: Role[];
  /** When the member was added (absent in state files of the first release: the instance's creation). */
  creationDate?: string;
  /** The member.added event's sequence on the scope's aggregate (absent: 0). */
  sequence?: number;
}

export interface InstanceRecord {
  id: string;
  name: string;
  defaultOrgId: string;
  creationDate: string;
  policy: PolicyRecord;
}

export interface StateData {
  formatVersion: 1;
  instance: InstanceRecord;
  orgs: OrgRecord[];
  users: UserRecord[];
  memberships: Membership[];
  /** Last sequence used per aggregate id (instance id, org ids, user ids). */
  sequences: Record<string, number>;
  /** Next numeric id to hand out (ids are 18-digit decimal strings, like ZITADEL's). */
  nextId: string;
  /** The event log: every change above, as ZITADEL's eventstore would hold it (see event-log.ts). */
  events: EventRecord[];
}
