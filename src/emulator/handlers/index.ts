// Every method the emulator implements, by full proto name. Every other route of the same services is
// known to the router and answers 501.
import { authMeHandlers } from "./auth-me.js";
import type { Handler } from "./define.js";
import { eventHandlers } from "./events.js";
import { lockoutHandlers } from "./lockout.js";
import { meHandlers } from "./me.js";
import { memberHandlers } from "./members.js";
import { orgHandlers } from "./orgs.js";
import { userHandlers } from "./users.js";

export type { Handler } from "./define.js";

export const HANDLERS: ReadonlyMap<string, Handler> = new Map(
  Object.entries({
    ...lockoutHandlers,
    ...orgHandlers,
    ...userHandlers,
    ...memberHandlers,
    ...meHandlers,
    ...eventHandlers,
    ...authMeHandlers,
  }),
);
