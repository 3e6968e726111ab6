// Small pure helpers over LockoutSettings shared by the diff and its checks.
import type { LockoutSettings, SettingsPatch } from "../model.js";

export const sameSettings = (a: LockoutSettings, b: LockoutSettings): boolean =>
  a.maxPasswordAttempts === b.maxPasswordAttempts && a.maxOtpAttempts === b.maxOtpAttempts;

/** The omitted-field rule (docs/config.md): a field the config does not write keeps `base`'s value. */
export const fillPatch = (patch: SettingsPatch, base: LockoutSettings): LockoutSettings => ({
  maxPasswordAttempts: patch.maxPasswordAttempts ?? base.maxPasswordAttempts,
  maxOtpAttempts: patch.maxOtpAttempts ?? base.maxOtpAttempts,
});

/** Org ids are decimal snowflakes of varying length: order by length, then by digits (numeric order). */
export const compareOrgIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
