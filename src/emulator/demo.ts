// The demo instance every fresh emulator starts with. Deterministic: the same ids, names, dates and
// sequences on every start, so tests and documentation can rely on them. It looks like a small real
// instance: a default org holding the service users, four customer orgs (two with custom lockout
// policies), a few human users (some locked, one of them ACME's owner), and sequences with gaps from unrelated events.
import { isoFromUs } from "./event-log.js";
import { addedPayload, LOCKOUT_EVENT } from "./policy-events.js";
import { createStore, type PolicyRecord, type StateData, type Store } from "./state.js";

const DEMO_INSTANCE_ID = "300000000000000001";
const DEMO_EPOCH = Date.UTC(2025, 0, 10, 9, 0, 0, 123);

/** User names of the machine users whose credentials the emulator hands out. */
export const SERVICE_USERS = {
  iamOwner: "lockout-admin",
  viewer: "lockout-viewer",
  noMembership: "lockout-nobody",
  orgOwner: "acme-admin",
} as const;

const ORG_NAMES = ["ACME", "Globex", "Initech", "Umbrella"] as const;

export function demoState(): StateData {
  // ZITADEL setup creates the lockout default with 0/0 (lockout off) and showLockOutFailures=true.
  const instancePolicy: PolicyRecord = {
    maxPasswordAttempts: 0,
    maxOtpAttempts: 0,
    showLockOutFailures: true,
    sequence: 0,
    creationDate: new Date(DEMO_EPOCH).toISOString(),
    changeDate: new Date(DEMO_EPOCH).toISOString(),
  };
  const data: StateData = {
    formatVersion: 1,
    instance: {
      id: DEMO_INSTANCE_ID,
      name: "Emulated ZITADEL",
      defaultOrgId: "",
      creationDate: instancePolicy.creationDate,
      policy: instancePolicy,
    },
    orgs: [],
    users: [],
    memberships: [],
    sequences: {},
    nextId: "300000000000000002",
    events: [],
  };
  let minutes = 0;
  const clock = (): Date => new Date(DEMO_EPOCH + minutes++ * 60_000);
  const store = createStore(data, clock, () => {});
  const instanceId = data.instance.id;

  // instance.added, domains, default settings …: setup's events before the lockout default (sequence 12).
  for (let i = 0; i < 11; i++) store.push(instanceId);
  instancePolicy.sequence = store.push(instanceId, LOCKOUT_EVENT.instanceAdded, addedPayload(instancePolicy, true));
  // The projection dates the row by its event.
  instancePolicy.creationDate = instancePolicy.changeDate = isoFromUs(store.log.all().at(-1)!.createdUs);

  const zitadel = store.addOrg("ZITADEL");
  data.instance.defaultOrgId = zitadel.id;
  const orgs = ORG_NAMES.map((name) => store.addOrg(name));
  const [acme, globex, initech, umbrella] = orgs as [typeof zitadel, typeof zitadel, typeof zitadel, typeof zitadel];

  const machine = (orgId: string, userName: string, description: string) =>
    store.addUser({ orgId, userName, kind: "machine", displayName: userName, description, state: "active" });
  const iamOwner = machine(zitadel.id, SERVICE_USERS.iamOwner, "IAM owner for zitadel-lockout");
  const viewer = machine(zitadel.id, SERVICE_USERS.viewer, "read-only instance viewer");
  machine(zitadel.id, SERVICE_USERS.noMembership, "service user without any role");
  const orgOwner = machine(acme.id, SERVICE_USERS.orgOwner, "ORG_OWNER of ACME");

  // Memberships are events on the aggregate they belong to: that is where the instance's gaps come from.
  data.memberships.push({ userId: iamOwner.id, scope: "instance", roles: ["IAM_OWNER"] });
  data.memberships.push({ userId: viewer.id, scope: "instance", roles: ["IAM_OWNER_VIEWER"] });
  data.memberships.push({ userId: orgOwner.id, scope: acme.id, roles: ["ORG_OWNER"] });
  for (let i = 0; i < 2; i++) store.push(instanceId);
  store.push(acme.id);

  store.addOrgPolicy(globex.id, { maxPasswordAttempts: 10, maxOtpAttempts: 5 });
  store.addOrgPolicy(initech.id, { maxPasswordAttempts: 3, maxOtpAttempts: 0 });
  // Other settings changed later on the same aggregates: the policies' sequences are no longer the latest.
  store.push(globex.id);
  store.push(initech.id);
  store.push(initech.id);
  for (let i = 0; i < 42; i++) store.push(instanceId);

  const human = (
    org: { id: string; primaryDomain: string },
    first: string,
    last: string,
    state: "active" | "locked" | "initial" | "inactive",
  ) =>
    store.addUser({
      orgId: org.id,
      userName: first.toLowerCase(),
      kind: "human",
      displayName: `${first} ${last}`,
      firstName: first,
      lastName: last,
      email: `${first.toLowerCase()}@${org.primaryDomain}`,
      state,
    });
  const alice = human(acme, "Alice", "Anders", "active");
  human(acme, "Bob", "Brown", "locked");
  human(globex, "Carol", "Clark", "locked");
  human(globex, "Dave", "Davis", "active");
  human(initech, "Erin", "Evans", "initial");
  human(umbrella, "Frank", "Fischer", "inactive");
  human(umbrella, "Grace", "Green", "locked");
  // Alice is ACME's human owner: the manager the demo locks out with wrong passwords and recovers. Her
  // membership's member.added is one of ACME's membership events pushed above (sequences stay as they were).
  data.memberships.push({ userId: alice.id, scope: acme.id, roles: ["ORG_OWNER"], creationDate: alice.creationDate });
  // The instance's way back in besides the tool's own service user: a break-glass service user kept by the
  // team (ZITADEL Cloud's lockout policy expects one). Without it, every plan that tightens the instance
  // default would carry a no-recovery-path finding (docs/recovery-check.md). Added last: ids before it stay.
  const breakGlass = machine(zitadel.id, "break-glass", "break-glass IAM owner, kept offline");
  data.memberships.push({
    userId: breakGlass.id,
    scope: "instance",
    roles: ["IAM_OWNER"],
    creationDate: breakGlass.creationDate,
  });
  return data;
}

/** Adds `count` generated orgs ("Org 00001" …) for benchmarks; every tenth gets a custom policy. */
export function addGeneratedOrgs(store: Store, count: number): void {
  const width = Math.max(5, String(count).length);
  for (let i = 1; i <= count; i++) {
    const org = store.addOrg(`Org ${String(i).padStart(width, "0")}`);
    if (i % 10 === 0) store.addOrgPolicy(org.id, { maxPasswordAttempts: 5, maxOtpAttempts: 5 });
  }
}
