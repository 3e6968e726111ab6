// What a caller may do, asked about oneself (auth v1; any valid token): ListMyZitadelPermissions and
// ListMyMemberships, as ZITADEL answers them (docs/zitadel-api.md §12). Permissions are those of the caller's
// instance memberships plus its memberships in the request's org (x-zitadel-orgid, else its own org).
import * as authV1 from "@zitadel/proto/zitadel/auth_pb.js";
import { rolePermissions } from "../roles.js";
import { defineHandler, timestamp, u64, type Handler } from "./define.js";
import { page } from "./search.js";

export const authMeHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.auth.v1.AuthService.ListMyZitadelPermissions": defineHandler(
    authV1.ListMyZitadelPermissionsRequestSchema,
    authV1.ListMyZitadelPermissionsResponseSchema,
    { write: false },
    (_req, call) => {
      const { user, orgId } = call.caller;
      const roles = call.store.data.memberships
        .filter((m) => m.userId === user.id && (m.scope === "instance" || m.scope === orgId))
        .flatMap((m) => m.roles);
      // ZITADEL appends each permission once, in the order the role mappings list them.
      return { result: [...new Set(roles.flatMap(rolePermissions))] };
    },
  ),
  "zitadel.auth.v1.AuthService.ListMyMemberships": defineHandler(
    authV1.ListMyMembershipsRequestSchema,
    authV1.ListMyMembershipsResponseSchema,
    { write: false },
    (req, call) => {
      const { data } = call.store;
      const mine = data.memberships.filter((m) => m.userId === call.caller.user.id);
      const instanceId = data.instance.id;
      return {
        details: { totalResult: u64(mine.length), viewTimestamp: timestamp(call.now().toISOString()) },
        result: page(mine, req.query, undefined).map((m) => ({
          userId: m.userId,
          roles: [...m.roles],
          displayName: call.caller.user.displayName,
          details: {
            sequence: u64(data.sequences[m.scope === "instance" ? instanceId : m.scope] ?? 0),
            resourceOwner: m.scope === "instance" ? instanceId : m.scope,
          },
          type:
            m.scope === "instance" ? { case: "iam" as const, value: true } : { case: "orgId" as const, value: m.scope },
        })),
      };
    },
  ),
};
