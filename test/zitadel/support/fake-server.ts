// A tiny HTTP server for client tests: each test says how to answer, the server records what it got.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** The query string without "?" ("" when there is none). */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Reply =
  | {
      readonly status?: number;
      readonly json?: unknown;
      readonly text?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Close the connection without answering (a dropped connection). */
  | { readonly destroy: true }
  /** Never answer (an unresponsive server). */
  | { readonly hang: true };

export type Handler = (req: Recorded, index: number) => Reply | Promise<Reply>;

export interface FakeServer {
  readonly url: string;
  readonly requests: Recorded[];
  /** Requests being handled right now, and the most seen at once. */
  readonly inFlight: { now: number; max: number };
  close(): Promise<void>;
}

export async function startFake(handler: Handler): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const inFlight = { now: 0, max: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: Recorded = {
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0] ?? "",
        query: (req.url ?? "").split("?").slice(1).join("?"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const index = requests.push(recorded) - 1;
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      void Promise.resolve(handler(recorded, index)).then((reply) => {
        if ("hang" in reply) return;
        inFlight.now--;
        if ("destroy" in reply) {
          req.socket.destroy();
          return;
        }
        const isJson = reply.json !== undefined;
        const payload = isJson ? JSON.stringify(reply.json) : (reply.text ?? "");
        res.writeHead(reply.status ?? 200, {
          "content-type": isJson ? "application/json" : "text/plain; charset=utf-8",
          ...reply.headers,
        });
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** ZITADEL's error body (docs/zitadel-api.md §3). */
export function zitadelError(status: number, code: number, message: string, id?: string): Reply {
  const key = id !== undefined ? message.replace(` (${id})`, "") : message;
  return {
    status,
    json: {
      code,
      message,
      ...(id !== undefined
        ? { details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id, message: key }] }
        : {}),
    },
  };
}

/** A canned, well-formed answer for every endpoint the client calls. */
export function cannedZitadel(req: Recorded): Reply {
  const details = { sequence: "42", changeDate: "2025-03-02T10:00:00.000001Z", resourceOwner: "300000000000000001" };
  const key = `${req.method} ${req.path}`;
  switch (key) {
    case "GET /v2/settings/lockout":
      return {
        json: {
          details,
          settings: {
            maxPasswordAttempts: "5",
            maxOtpAttempts: "3",
            resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE",
          },
        },
      };
    case "GET /management/v1/policies/lockout":
      return { json: { policy: { details, maxPasswordAttempts: "10" } } };
    case "PUT /admin/v1/policies/password/lockout":
    case "PUT /management/v1/policies/lockout":
    case "DELETE /management/v1/policies/lockout":
      return { json: { details } };
    case "POST /management/v1/policies/lockout":
      return {
        json: { details: { sequence: "7", creationDate: "2025-03-02T10:05:00Z", resourceOwner: "300000000000000099" } },
      };
    case "POST /v2/organizations/_search":
      return {
        json: {
          details: { totalResult: "1" },
          result: [
            {
              id: "300000000000000099",
              name: "ACME",
              state: "ORGANIZATION_STATE_ACTIVE",
              primaryDomain: "acme.localhost",
            },
          ],
        },
      };
    case "POST /oauth/v2/token":
      return { json: { access_token: "canned-access-token", token_type: "Bearer", expires_in: 43199 } };
    default:
      return zitadelError(404, 5, "Not Found");
  }
}
