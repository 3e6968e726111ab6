// "Who am I": auth v1 GetMyUser (GET /auth/v1/users/me, any authenticated caller) answers the token's own
// user. The tool needs it to leave its own credentials out when it counts who could unlock a manager,
// and to refuse to unlock itself (internal/api/grpc/auth/user.go GetMyUser).
import * as auth from "@zitadel/proto/zitadel/auth_pb.js";
import { defineHandler, type Handler } from "./define.js";
import { userV1 } from "./users.js";

export const meHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.auth.v1.AuthService.GetMyUser": defineHandler(
    auth.GetMyUserRequestSchema,
    auth.GetMyUserResponseSchema,
    { write: false },
    (_req, call) => ({
      user: userV1(call.caller.user, call),
    }),
  ),
};
