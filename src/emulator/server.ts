// One request, start to finish, in the order ZITADEL handles it: latency and injected faults (the network
// in front of the server), the OAuth token endpoint, then grpc-gateway routing (404/405), request decoding
// (a decode error is a 400 even without credentials: the gateway decodes before the gRPC interceptors
// run), authentication and the method's permission, and the handler. Every request lands in the log.
import type { IncomingMessage, ServerResponse } from "node:http";
import { assertNever } from "../model.js";
import { Errors } from "./error-catalogue.js";
import type { Auth } from "./auth.js";
import { faultStatus, pickFault, type FaultKind, type FaultOptions, type FaultState } from "./faults.js";
import type { Handler } from "./handlers/define.js";
import { handleTokenRequest, type MachineKey } from "./oauth.js";
import { RpcError } from "./rpc-error.js";
import type { Router } from "./routes.js";
import type { Store } from "./state.js";
import { decodeRequest, errorBody } from "./wire.js";

export interface RequestLogEntry {
  method: string;
  path: string;
  orgId?: string;
  status: number;
  /** A policy or user mutation (A2, M3-M5, lock, unlock), whether or not it succeeded. */
  write: boolean;
  fault?: FaultKind;
  /** With a "lost-response" fault: the status the request was served with before its answer was lost. */
  servedStatus?: number;
}

export interface Knobs {
  latencyMs: number;
  faults: FaultOptions | undefined;
  /** Faults injected and attempts seen since the last setFaults. */
  readonly faultState: FaultState;
  readonly accessTokenTtlSeconds: number;
}

export interface ServerDeps {
  readonly router: Router;
  readonly handlers: ReadonlyMap<string, Handler>;
  readonly store: Store;
  readonly auth: Auth;
  readonly keys: ReadonlyMap<string, MachineKey>;
  readonly knobs: Knobs;
  readonly random: () => number;
  /** The emulator's seed: scheduled faults pick their kinds with it. */
  readonly seed: number;
  readonly now: () => Date;
  readonly log: (entry: RequestLogEntry) => void;
  /** Unexpected exceptions (bugs): answered with 500, reported here. */
  readonly onInternalError: (err: unknown) => void;
}

const TOKEN_PATH = "/oauth/v2/token";
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res).catch((err: unknown) => {
      deps.onInternalError(err);
      if (!res.headersSent) send(res, 500, "application/json", errorBody(Errors.internal()));
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const path = url.pathname;
  const orgHeader = header(req, "x-zitadel-orgid");
  const orgId = orgHeader ?? url.searchParams.get("ctx.orgId") ?? url.searchParams.get("ctx.org_id") ?? undefined;
  const match = deps.router.match(method, path);
  const handler = match.kind === "route" ? deps.handlers.get(match.route.fullName) : undefined;
  const entry: RequestLogEntry = {
    method,
    path,
    ...(orgId ? { orgId } : {}),
    status: 0,
    write: handler?.write ?? false,
  };

  const rawBody = await readBody(req);
  if (rawBody === undefined) {
    send(res, 400, "application/json", errorBody(Errors.decode("request body too large")));
    return deps.log({ ...entry, status: 400 });
  }
  if (deps.knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.knobs.latencyMs));

  const key = `${method} ${url.pathname}${url.search}\n${orgId ?? ""}\n${rawBody}`;
  const fault = pickFault(deps.knobs.faults, { method, path, key }, deps.knobs.faultState, deps.random, deps.seed);
  if (fault) deps.knobs.faultState.injected += 1;
  if (fault && fault !== "lost-response") {
    deps.log({ ...entry, status: faultStatus(fault), fault });
    return injectFault(fault, res);
  }
  // A lost response: the request is served in full, then the connection closes instead of the answer.
  const reply: typeof send = fault ? () => void res.socket?.destroy() : send;
  const logged = (status: number) =>
    deps.log(fault ? { ...entry, status: 0, fault, servedStatus: status } : { ...entry, status });

  if (path === TOKEN_PATH) {
    const status = await tokenEndpoint(deps, req, rawBody, method, res);
    return deps.log({ ...entry, status });
  }

  try {
    if (match.kind === "not-found") throw Errors.notFound();
    if (match.kind === "method-not-allowed") throw Errors.methodNotAllowed();
    if (!handler) throw Errors.notImplemented(match.route.fullName);
    const request = decodeRequest(handler.input, {
      bodyField: match.route.body,
      rawBody,
      query: url.searchParams,
      pathParams: match.params,
    });
    const caller = deps.auth.authorize(match.route.permission, header(req, "authorization"), orgHeader);
    // Every event the handler causes names the caller as its editor, as ZITADEL's eventstore records it.
    const body = deps.store.asEditor(caller.user.id, () =>
      handler.invoke(request, { caller, store: deps.store, auth: deps.auth, now: deps.now }),
    );
    reply(res, match.route.successCode, "application/json", body);
    logged(match.route.successCode);
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    const extra: Record<string, string> = err.code === 16 ? { "www-authenticate": err.message } : {};
    reply(res, err.status, "application/json", errorBody(err), extra);
    logged(err.status);
  }
}

async function tokenEndpoint(
  deps: ServerDeps,
  req: IncomingMessage,
  rawBody: string,
  method: string,
  res: ServerResponse,
): Promise<number> {
  if (method !== "POST") {
    send(
      res,
      405,
      "application/json",
      JSON.stringify({ error: "invalid_request", error_description: "the token endpoint only accepts POST" }),
      { allow: "POST" },
    );
    return 405;
  }
  const host = header(req, "host");
  const answer = await handleTokenRequest({
    rawBody,
    contentType: header(req, "content-type"),
    authorization: header(req, "authorization"),
    // The issuer is this server as the client addressed it (ZITADEL derives it from the request host).
    issuers: host ? [`http://${host}`, `https://${host}`] : [],
    store: deps.store,
    auth: deps.auth,
    keys: deps.keys,
    ttlSeconds: deps.knobs.accessTokenTtlSeconds,
  });
  send(res, answer.status, "application/json", answer.body, { "cache-control": "no-store", pragma: "no-cache" });
  return answer.status;
}

function injectFault(kind: FaultKind, res: ServerResponse): void {
  switch (kind) {
    case "429-json":
      return send(res, 429, "application/json", errorBody(Errors.instanceBlocked()));
    case "429-text":
      // The access interceptor's quota answer (docs/zitadel-api.md §6): plain text plus the quota cookie.
      return send(res, 429, "text/plain; charset=utf-8", "Your ZITADEL instance is blocked.", {
        "set-cookie": "zitadel.quota.exhausted=true; Path=/; Max-Age=300",
      });
    case "503":
      return send(res, 503, "application/json", errorBody(Errors.unavailable()));
    case "drop":
    case "lost-response":
      res.socket?.destroy();
      return;
    default:
      return assertNever(kind);
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or undefined when it exceeds the limit (nothing the tool sends comes close). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buf);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString("utf8");
}
