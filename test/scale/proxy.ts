// A programmable HTTP proxy in front of the emulator, for tests that need what the emulator's own knobs
// cannot give: added latency per request, a misbehaving network or middlebox (HTML pages, truncated or
// odd bodies, a server that never answers), and a record of every exchange with its timing — from which
// the race test tells which client sent what, and in which order the server answered.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly orgId?: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** How many requests with this method, path and org came before this one (0 for the first). */
  readonly repeat: number;
}

/** What to do with a request instead of (or before) forwarding it. */
export type Interception =
  | { readonly kind: "respond"; readonly status: number; readonly contentType: string; readonly body: string }
  /** Send these headers and bytes, then close the connection (a body cut short by the network). */
  | { readonly kind: "cut"; readonly status: number; readonly contentLength: number; readonly body: string }
  /** Accept the request and never answer. */
  | { readonly kind: "hang" }
  /** Answer 200 with a large content-length, then one byte of JSON every `everyMs` until the client leaves. */
  | { readonly kind: "drip"; readonly everyMs: number }
  /** Forward it after this pause. */
  | { readonly kind: "delay"; readonly ms: number }
  /** Forward it once `until` settles (a test holds a client's writes back to stage an interleaving). */
  | { readonly kind: "hold"; readonly until: Promise<unknown> };

export interface Exchange {
  readonly request: ProxiedRequest;
  /**
   * performance.now() when the request was sent on to the server (or answered by the proxy) and when its answer was
   * complete.
   */
  readonly startedAt: number;
  readonly endedAt: number;
  /** 0: no answer (the connection was dropped or cut). */
  readonly status: number;
  readonly responseText: string;
  readonly intercepted: boolean;
}

export interface Proxy {
  readonly url: string;
  /** Finished exchanges, in the order their answers completed. */
  readonly log: readonly Exchange[];
  close(): Promise<void>;
}

export async function startProxy(
  target: string,
  intercept: (r: ProxiedRequest) => Interception | undefined = () => undefined,
): Promise<Proxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const log: Exchange[] = [];
  const seen = new Map<string, number>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => req.socket.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? "/";
    const orgHeader = req.headers["x-zitadel-orgid"];
    const orgId = Array.isArray(orgHeader) ? orgHeader[0] : orgHeader;
    const key = `${req.method} ${path} ${orgId ?? ""}`;
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    const request: ProxiedRequest = {
      method: req.method ?? "GET",
      path,
      ...(orgId ? { orgId } : {}),
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      repeat,
    };
    let startedAt = performance.now();
    const done = (status: number, responseText: string, intercepted: boolean) =>
      void log.push({ request, startedAt, endedAt: performance.now(), status, responseText, intercepted });

    const action = intercept(request);
    if (action?.kind === "hang") return; // the socket stays open until the client gives up or close()
    if (action?.kind === "drip") {
      res.writeHead(200, { "content-type": "application/json", "content-length": 1_000_000 });
      const timer = setInterval(() => res.write(" "), action.everyMs);
      res.write("{");
      res.socket?.once("close", () => {
        clearInterval(timer);
        done(0, "", true);
      });
      return;
    }
    if (action?.kind === "respond") {
      res.writeHead(action.status, {
        "content-type": action.contentType,
        "content-length": Buffer.byteLength(action.body),
      });
      res.end(action.body);
      return done(action.status, action.body, true);
    }
    if (action?.kind === "cut") {
      res.writeHead(action.status, { "content-type": "application/json", "content-length": action.contentLength });
      res.write(action.body, () => res.socket?.destroy());
      return done(0, action.body, true);
    }
    if (action?.kind === "delay") await new Promise((r) => setTimeout(r, action.ms));
    if (action?.kind === "hold") await action.until.catch(() => undefined);
    startedAt = performance.now(); // a delayed or held request starts when it is sent on
    await forward(request, res, done);
  }

  function forward(
    request: ProxiedRequest,
    res: ServerResponse,
    done: (status: number, text: string, intercepted: boolean) => void,
  ): Promise<void> {
    return new Promise((resolve) => {
      const up = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.path,
          headers: request.headers,
          agent,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            const text = Buffer.concat(parts).toString("utf8");
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
            done(answer.statusCode ?? 0, text, false);
            resolve();
          });
          answer.on("error", () => fail());
        },
      );
      // The emulator dropped the connection (an injected fault): drop ours too, as a network would.
      const fail = () => {
        res.socket?.destroy();
        done(0, "", false);
        resolve();
      };
      up.on("error", fail);
      up.end(request.body);
    });
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
