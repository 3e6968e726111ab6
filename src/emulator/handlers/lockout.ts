// The lockout policy endpoints of docs/zitadel-api.md §1: A1/A2 (admin), M1-M5 (management), S1/S1b (settings v2,
// v2beta). Details carry exactly the fields the upstream converters set: GETs both dates, A2/M4/M5 only
// changeDate, M3 only creationDate.
import * as admin from "@zitadel/proto/zitadel/admin_pb.js";
import * as mgmt from "@zitadel/proto/zitadel/management_pb.js";
import * as settingsV2 from "@zitadel/proto/zitadel/settings/v2/settings_service_pb.js";
import { ResourceOwnerType } from "@zitadel/proto/zitadel/settings/v2/settings_pb.js";
import * as settingsV2beta from "@zitadel/proto/zitadel/settings/v2beta/settings_service_pb.js";
import { ResourceOwnerType as ResourceOwnerTypeBeta } from "@zitadel/proto/zitadel/settings/v2beta/settings_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { LockoutPolicySchema } from "@zitadel/proto/zitadel/policy_pb.js";
import type { PolicyRecord, Settings, WriteResult } from "../state.js";
import { defineHandler, timestamp, u64, type CallContext, type Handler } from "./define.js";

type LockoutPolicyInit = MessageInitShape<typeof LockoutPolicySchema>;

const policyMessage = (p: PolicyRecord, resourceOwner: string, isDefault: boolean): LockoutPolicyInit => ({
  details: {
    sequence: u64(p.sequence),
    creationDate: timestamp(p.creationDate),
    changeDate: timestamp(p.changeDate),
    resourceOwner,
  },
  maxPasswordAttempts: u64(p.maxPasswordAttempts),
  maxOtpAttempts: u64(p.maxOtpAttempts),
  isDefault,
});

const changeDetails = (w: WriteResult) => ({
  sequence: u64(w.sequence),
  changeDate: timestamp(w.date),
  resourceOwner: w.resourceOwner,
});

const settingsOf = (r: { maxPasswordAttempts: number; maxOtpAttempts: number }): Settings => ({
  maxPasswordAttempts: r.maxPasswordAttempts,
  maxOtpAttempts: r.maxOtpAttempts,
});

const instancePolicy = (call: CallContext): LockoutPolicyInit =>
  policyMessage(call.store.data.instance.policy, call.store.data.instance.id, true);

/** S1's org selection (object/v2 ResourceOwnerFromReq): ctx.instance, else ctx.orgId, else the caller's org. */
/** GetLockoutSettings' answer, the same in v2 and v2beta but for the enum type of resourceOwnerType. */
function lockoutSettings<T>(
  ctx: Parameters<typeof settingsFor>[0],
  call: CallContext,
  ownerType: { readonly INSTANCE: T; readonly ORG: T },
) {
  const { policy, isDefault, resourceOwner } = settingsFor(ctx, call);
  return {
    details: { ...v2Dates(policy), resourceOwner },
    settings: {
      maxPasswordAttempts: u64(policy.maxPasswordAttempts),
      maxOtpAttempts: u64(policy.maxOtpAttempts),
      resourceOwnerType: isDefault ? ownerType.INSTANCE : ownerType.ORG,
    },
  };
}

function settingsFor(
  ctx: { resourceOwner: { case: "orgId" | "instance" | undefined; value?: string | boolean } } | undefined,
  call: CallContext,
) {
  const owner = ctx?.resourceOwner;
  if (owner?.case === "instance" && owner.value === true) {
    return { policy: call.store.data.instance.policy, isDefault: true, resourceOwner: call.store.data.instance.id };
  }
  const orgId =
    owner?.case === "orgId" && typeof owner.value === "string" && owner.value !== "" ? owner.value : call.caller.orgId;
  return call.store.effectivePolicy(orgId);
}

export const lockoutHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.admin.v1.AdminService.GetLockoutPolicy": defineHandler(
    admin.GetLockoutPolicyRequestSchema,
    admin.GetLockoutPolicyResponseSchema,
    { write: false },
    (_req, call) => ({ policy: instancePolicy(call) }),
  ),
  "zitadel.admin.v1.AdminService.UpdateLockoutPolicy": defineHandler(
    admin.UpdateLockoutPolicyRequestSchema,
    admin.UpdateLockoutPolicyResponseSchema,
    { write: true },
    (req, call) => ({ details: changeDetails(call.store.updateInstancePolicy(settingsOf(req))) }),
  ),
  "zitadel.management.v1.ManagementService.GetLockoutPolicy": defineHandler(
    mgmt.GetLockoutPolicyRequestSchema,
    mgmt.GetLockoutPolicyResponseSchema,
    { write: false },
    (_req, call) => {
      const effective = call.store.effectivePolicy(call.caller.orgId);
      return {
        policy: policyMessage(effective.policy, effective.resourceOwner, effective.isDefault),
        isDefault: effective.isDefault,
      };
    },
  ),
  "zitadel.management.v1.ManagementService.GetDefaultLockoutPolicy": defineHandler(
    mgmt.GetDefaultLockoutPolicyRequestSchema,
    mgmt.GetDefaultLockoutPolicyResponseSchema,
    { write: false },
    (_req, call) => ({ policy: instancePolicy(call) }),
  ),
  "zitadel.management.v1.ManagementService.AddCustomLockoutPolicy": defineHandler(
    mgmt.AddCustomLockoutPolicyRequestSchema,
    mgmt.AddCustomLockoutPolicyResponseSchema,
    { write: true },
    (req, call) => {
      const w = call.store.addOrgPolicy(call.caller.orgId, settingsOf(req));
      return {
        details: { sequence: u64(w.sequence), creationDate: timestamp(w.date), resourceOwner: w.resourceOwner },
      };
    },
  ),
  "zitadel.management.v1.ManagementService.UpdateCustomLockoutPolicy": defineHandler(
    mgmt.UpdateCustomLockoutPolicyRequestSchema,
    mgmt.UpdateCustomLockoutPolicyResponseSchema,
    { write: true },
    (req, call) => ({ details: changeDetails(call.store.updateOrgPolicy(call.caller.orgId, settingsOf(req))) }),
  ),
  "zitadel.management.v1.ManagementService.ResetLockoutPolicyToDefault": defineHandler(
    mgmt.ResetLockoutPolicyToDefaultRequestSchema,
    mgmt.ResetLockoutPolicyToDefaultResponseSchema,
    { write: true },
    (_req, call) => ({ details: changeDetails(call.store.resetOrgPolicy(call.caller.orgId)) }),
  ),
  "zitadel.settings.v2.SettingsService.GetLockoutSettings": defineHandler(
    settingsV2.GetLockoutSettingsRequestSchema,
    settingsV2.GetLockoutSettingsResponseSchema,
    { write: false },
    (req, call) => lockoutSettings(req.ctx, call, ResourceOwnerType),
  ),
  "zitadel.settings.v2beta.SettingsService.GetLockoutSettings": defineHandler(
    settingsV2beta.GetLockoutSettingsRequestSchema,
    settingsV2beta.GetLockoutSettingsResponseSchema,
    { write: false },
    (req, call) => lockoutSettings(req.ctx, call, ResourceOwnerTypeBeta),
  ),
};

const v2Dates = (p: PolicyRecord) => ({
  sequence: u64(p.sequence),
  changeDate: timestamp(p.changeDate),
  creationDate: timestamp(p.creationDate),
});
