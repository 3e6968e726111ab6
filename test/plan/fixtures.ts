// Builders for plan tests: small actual/desired states without a server.
import type { ActualState, LockoutSettings, ObservedOrg, ResolvedOrg, SettingsPatch } from "../../src/model.js";
import type { ResolvedDesired } from "../../src/plan/index.js";

export const origin = (line: number) => ({ file: "lockout.yaml", line, column: 5 });
export const s = (maxPasswordAttempts: number, maxOtpAttempts: number): LockoutSettings => ({
  maxPasswordAttempts,
  maxOtpAttempts,
});

export function actual(
  instance: LockoutSettings,
  orgs: Record<string, LockoutSettings | null>,
  instanceSeq = "57",
): ActualState {
  const map = new Map<string, ObservedOrg>();
  for (const [orgId, custom] of Object.entries(orgs)) {
    map.set(orgId, {
      orgId,
      orgName: `Org ${orgId.slice(-2)}`,
      policy: custom
        ? { settings: custom, inherited: false, sequence: `${orgId.slice(-2)}0` }
        : { settings: instance, inherited: true, sequence: instanceSeq },
    });
  }
  return {
    server: "https://acme.zitadel.cloud",
    instance: { settings: instance, inherited: false, sequence: instanceSeq },
    orgs: map,
  };
}

export const custom = (orgId: string, settings: SettingsPatch, line = 10): ResolvedOrg => ({
  ref: { kind: "id", id: orgId },
  mode: "custom",
  settings,
  origin: origin(line),
  orgId,
});
export const inherit = (orgId: string, line = 20): ResolvedOrg => ({
  ref: { kind: "id", id: orgId },
  mode: "inherit",
  origin: origin(line),
  orgId,
});

export const desired = (parts: Partial<ResolvedDesired>): ResolvedDesired => ({
  orgs: [],
  prune: { enabled: false, protectedOrgIds: new Set() },
  ...parts,
});
