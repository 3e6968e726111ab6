// vitest helpers for suites that need a ZITADEL-compatible server: one emulator per suite, started in
// beforeAll on a free loopback port and closed in afterAll, plus a small raw-HTTP caller.
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";

export interface EmulatorHandle {
  /** The running emulator (throws when used outside the suite's tests). */
  readonly current: Emulator;
}

export function withEmulator(options: EmulatorOptions = {}): EmulatorHandle {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return {
    get current(): Emulator {
      if (!emulator) throw new Error("the emulator runs only inside the suite's tests (beforeAll has not run)");
      return emulator;
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** One request to the emulator, exactly as given (no retries, no client logic). */
export async function callEmulator(
  emulator: Pick<Emulator, "url">,
  request: {
    method: string;
    path: string;
    token?: string;
    orgId?: string;
    body?: string;
    headers?: Record<string, string>;
  },
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.orgId !== undefined) headers["x-zitadel-orgid"] = request.orgId;
  if (request.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  const res = await fetch(emulator.url + request.path, { method: request.method, headers, body: request.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
