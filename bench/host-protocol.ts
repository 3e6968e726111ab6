// Messages between the benchmark (parent) and the emulator host process (child), over the fork IPC channel.

export interface SeedOrg {
  readonly id: string;
  /** The org's custom policy as generated, or null when it inherits the instance default. */
  readonly custom: { readonly maxPasswordAttempts: number; readonly maxOtpAttempts: number } | null;
}

export interface RequestCounts {
  /** "GET /management/v1/policies/lockout" → how many requests the server answered (or faulted). */
  readonly byKind: Record<string, number>;
  /** Policy mutations (POST/PUT/DELETE of a lockout policy), whether or not they succeeded. */
  writes: number;
  /** Answers outside 2xx. */
  errors: number;
  total: number;
}

export type HostRequest = { readonly type: "take-counts" } | { readonly type: "stop" };

export type HostReply =
  | { readonly type: "ready"; readonly url: string; readonly token: string; readonly orgs: readonly SeedOrg[] }
  /** Counts and the server's CPU time since the previous take-counts; the counters restart at zero. */
  | { readonly type: "counts"; readonly counts: RequestCounts; readonly serverCpuMs: number };
