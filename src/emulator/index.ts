// The ZITADEL-compatible emulator (docs/emulator.md): a real HTTP server on loopback that answers the REST
// API of a small demo instance exactly as ZITADEL's gateway would for the endpoints the tool uses.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuth } from "./auth.js";
import { addGeneratedOrgs, demoState, SERVICE_USERS } from "./demo.js";
import { seededRandom, validateFaults, type FaultOptions } from "./faults.js";
import { HANDLERS } from "./handlers/index.js";
import { createMachineKey, type MachineKey, type ServiceAccountKeyFile } from "./oauth.js";
import { loadState, saveState } from "./persist.js";
import { defaultRouter } from "./routes.js";
import { createRequestListener, type Knobs, type RequestLogEntry } from "./server.js";
import { createStore, type Settings, type UserRecord, type UserState } from "./state.js";
import { createControl, type EmulatorControl } from "./control.js";

export type { FaultKind, FaultOptions, RandomFaults, ScheduledFaults } from "./faults.js";
export type { RequestLogEntry } from "./server.js";
export type { EmulatorControl } from "./control.js";
export type { PasswordCheckResult, PolicyEvent, Role } from "./state.js";

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** Load if it exists, else seed the demo; persisted atomically after every mutation. */
  statePath?: string;
  /** Seeds fault injection and the derived credentials (default fixed: deterministic). */
  seed?: number;
  latencyMs?: number;
  faults?: FaultOptions;
  /** Adds N generated orgs ("Org 00001" …) to a freshly seeded demo instance. */
  extraOrgs?: number;
  /** Lifetime of tokens from /oauth/v2/token (default 43199, as ZITADEL). */
  accessTokenTtlSeconds?: number;
  /** Called for every request as it completes (the CLI prints these on stderr). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called with unexpected exceptions (answered with HTTP 500). */
  onInternalError?: (err: unknown) => void;
  /**
   * The emulator's time: event dates and access-token expiry (default: the system clock). A test moves it
   * forward to expire a token instead of sleeping through the token's lifetime.
   */
  now?: () => Date;
}

export interface EmulatorCredentials {
  iamOwnerToken: string;
  orgOwnerToken: string;
  orgOwnerOrgId: string;
  viewerToken: string;
  /** A machine user with no role at all (404 membership not found). */
  noMembershipToken: string;
  /** PKCS#1 PEM private key of the IAM owner; new in every process, with a new key id on every start. */
  iamOwnerKeyFile: ServiceAccountKeyFile;
  iamOwnerClientId: string;
  iamOwnerClientSecret: string;
}

export interface Emulator {
  readonly url: string;
  readonly instanceId: string;
  readonly credentials: EmulatorCredentials;
  readonly requestLog: readonly RequestLogEntry[];
  clearLog(): void;
  setLatency(ms: number): void;
  setFaults(f: FaultOptions | undefined): void;
  /** The personal access token of a service (machine) user, e.g. one a test added with control.addUser. */
  patFor(userId: string): string;
  /** Test/demo control, bypassing HTTP and auth; mutations push events like the real server. */
  readonly control: EmulatorControl;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 20250110;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 43199;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.faults) validateFaults(options.faults);
  const loaded = options.statePath ? loadState(options.statePath) : undefined;
  const data = loaded ?? demoState();
  let persist = (): void => {};
  const now = options.now ?? ((): Date => new Date());
  const store = createStore(data, now, () => persist());
  if (!loaded && options.extraOrgs) addGeneratedOrgs(store, options.extraOrgs);
  const statePath = options.statePath;
  if (statePath) {
    persist = () => saveState(statePath, data);
    persist();
  }

  const auth = createAuth(store, seed, () => now().getTime());
  const user = (userName: string): UserRecord => {
    const found = data.users.find((u) => u.kind === "machine" && u.userName === userName);
    if (!found) throw new Error(`emulator state has no service user "${userName}"`);
    return found;
  };
  const iamOwner = user(SERVICE_USERS.iamOwner);
  const orgOwner = user(SERVICE_USERS.orgOwner);
  const { keyFile, key } = await createMachineKey(iamOwner.id);
  const keys = new Map<string, MachineKey>([[key.keyId, key]]);

  const log: RequestLogEntry[] = [];
  const knobs: Knobs = {
    latencyMs: options.latencyMs ?? 0,
    faults: options.faults,
    faultState: { injected: 0, attempts: new Map() },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  };
  const server: Server = createServer(
    { keepAlive: true },
    createRequestListener({
      router: defaultRouter(),
      handlers: HANDLERS,
      store,
      auth,
      keys,
      knobs,
      random: seededRandom(seed),
      seed,
      now,
      log: (entry) => {
        log.push(entry);
        options.onRequest?.(entry);
      },
      onInternalError: options.onInternalError ?? (() => {}),
    }),
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url,
    instanceId: data.instance.id,
    credentials: {
      iamOwnerToken: auth.patFor(iamOwner.id),
      orgOwnerToken: auth.patFor(orgOwner.id),
      orgOwnerOrgId: orgOwner.orgId,
      viewerToken: auth.patFor(user(SERVICE_USERS.viewer).id),
      noMembershipToken: auth.patFor(user(SERVICE_USERS.noMembership).id),
      iamOwnerKeyFile: keyFile,
      iamOwnerClientId: iamOwner.userName,
      iamOwnerClientSecret: auth.clientSecretFor(iamOwner.id),
    },
    requestLog: log,
    clearLog: () => void log.splice(0, log.length),
    setLatency: (ms) => {
      if (!(ms >= 0)) throw new RangeError(`latency must be >= 0, got ${ms}`);
      knobs.latencyMs = ms;
    },
    setFaults: (f) => {
      if (f) validateFaults(f);
      knobs.faults = f;
      knobs.faultState.injected = 0;
      knobs.faultState.attempts.clear();
    },
    patFor: (userId) => {
      if (store.findUser(userId)?.kind !== "machine")
        throw new Error(`user ${userId} is not a service user of this emulator`);
      return auth.patFor(userId);
    },
    control: createControl(store),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export type { Settings, UserState };
export { EmulatorStateError } from "./persist.js";
