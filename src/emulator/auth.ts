// Who is calling, in which org, and may they: the emulator's version of ZITADEL's auth interceptor
// (internal/api/authz). Order as upstream: the token is verified first, then the org named by
// x-zitadel-orgid must exist, then the memberships in that org or the instance must grant the method's
// permission (none at all: 404 "membership not found"; some, but not this one: 403).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { assertNever } from "../model.js";
import { Errors } from "./error-catalogue.js";
import { rolePermissions } from "./roles.js";
import type { StateData, Store, UserRecord } from "./state.js";

/**
 * The scope without which a JWT-profile or client-credentials token is not accepted by the APIs (docs/zitadel-api.md
 * §5.1).
 */
export const ZITADEL_API_SCOPE = "urn:zitadel:iam:org:project:id:zitadel:aud";

export interface Caller {
  readonly user: UserRecord;
  /** The org the call acts in: x-zitadel-orgid, else the caller's own org. */
  readonly orgId: string;
}

interface AccessToken {
  readonly userId: string;
  readonly expiresAt: number;
  /** Issued with the ZITADEL API scope; without it the APIs reject the token. */
  readonly apiAudience: boolean;
}

export type PermissionCheck = "granted" | "no-membership" | "denied";

export interface Auth {
  /** Personal access token of a machine user (derived from the seed: stable across restarts). */
  patFor(userId: string): string;
  /** Client secret of a machine user for the client-credentials grant (derived from the seed). */
  clientSecretFor(userId: string): string;
  verifyClientSecret(userId: string, secret: string): boolean;
  issueAccessToken(userId: string, apiAudience: boolean, ttlSeconds: number): string;
  /** Resolves the Authorization and x-zitadel-orgid headers to a caller, or throws the API's error. */
  authenticate(authorization: string | undefined, orgHeader: string | undefined): Caller;
  /** Checks one permission of the caller in one org (memberships there or on the instance). */
  check(userId: string, permission: string, orgId: string): PermissionCheck;
  /** authenticate + the method's permission check, as the interceptor does before any handler runs. */
  authorize(permission: string, authorization: string | undefined, orgHeader: string | undefined): Caller;
}

export function createAuth(store: Store, seed: number, now: () => number = Date.now): Auth {
  const data: StateData = store.data;
  // Emulator credentials are an HMAC of the seed and the instance: the same tokens after a restart with
  // --state, different ones for a different --seed. They only open this emulator.
  const derive = (purpose: string, userId: string): string =>
    createHmac("sha256", `zitadel-lockout-emulator/${seed}/${data.instance.id}`)
      .update(`${purpose}:${userId}`)
      .digest("base64url");
  const machineUsers = (): UserRecord[] => data.users.filter((u) => u.kind === "machine");
  const patIndex = new Map<string, string>();
  const indexPats = (): void => {
    for (const user of machineUsers()) patIndex.set(sha256(derive("pat", user.id)), user.id);
  };
  indexPats();
  const accessTokens = new Map<string, AccessToken>();

  const resolveToken = (token: string): UserRecord | undefined => {
    const hash = sha256(token);
    if (!patIndex.has(hash)) indexPats(); // users added since the last lookup
    const patUser = patIndex.get(hash);
    if (patUser) return store.findUser(patUser);
    const issued = accessTokens.get(hash);
    if (!issued) return undefined;
    if (issued.expiresAt <= now()) {
      accessTokens.delete(hash);
      return undefined;
    }
    return issued.apiAudience ? store.findUser(issued.userId) : undefined;
  };

  const check = (userId: string, permission: string, orgId: string): PermissionCheck => {
    const memberships = data.memberships.filter(
      (m) => m.userId === userId && (m.scope === "instance" || m.scope === orgId),
    );
    if (memberships.length === 0) return "no-membership";
    const granted = memberships.some((m) => m.roles.some((role) => rolePermissions(role).includes(permission)));
    return granted ? "granted" : "denied";
  };

  const authenticate = (authorization: string | undefined, orgHeader: string | undefined): Caller => {
    if (authorization === undefined || authorization === "") throw Errors.authHeaderMissing();
    const parts = authorization.split("Bearer ");
    if (parts.length !== 2) throw Errors.invalidAuthHeader();
    const user = resolveToken(parts[1]!);
    if (!user || user.state !== "active") throw Errors.tokenInvalid();
    if (orgHeader) {
      if (!store.findOrg(orgHeader)) throw Errors.orgDoesNotExist();
      return { user, orgId: orgHeader };
    }
    return { user, orgId: user.orgId };
  };

  return {
    patFor: (userId) => derive("pat", userId),
    clientSecretFor: (userId) => derive("client-secret", userId),
    verifyClientSecret(userId, secret) {
      const expected = Buffer.from(sha256(derive("client-secret", userId)));
      return timingSafeEqual(expected, Buffer.from(sha256(secret)));
    },
    issueAccessToken(userId, apiAudience, ttlSeconds) {
      const token = randomBytes(32).toString("base64url");
      accessTokens.set(sha256(token), { userId, apiAudience, expiresAt: now() + ttlSeconds * 1000 });
      return token;
    },
    authenticate,
    check,
    authorize(permission, authorization, orgHeader) {
      const caller = authenticate(authorization, orgHeader);
      if (permission === "" || permission === "authenticated") return caller;
      switch (check(caller.user.id, permission, caller.orgId)) {
        case "granted":
          return caller;
        case "no-membership":
          throw Errors.membershipNotFound();
        case "denied":
          throw Errors.noMatchingPermissions();
        default:
          return assertNever(check(caller.user.id, permission, caller.orgId) as never);
      }
    },
  };
}

// Tokens are kept only as hashes, so a heap dump or a debug print of the maps shows no credential.
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
