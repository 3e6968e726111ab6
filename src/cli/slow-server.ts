// A run that waits on a slow or overloaded server says so on stderr, instead of sitting silent for up to a
// minute per request (the client's retry budget) before it either succeeds or fails. CI logs especially:
// a job that prints nothing for minutes looks hung.
import type { RequestEvent } from "../zitadel/index.js";
import { plural } from "../render/view.js";

/** After the first notice, at most one summary line per this many ms. */
export const NOTICE_INTERVAL_MS = 10_000;

export function slowServerNotices(
  write: (text: string) => void,
  timeoutMs: number,
  now: () => number = () => performance.now(),
): (e: RequestEvent) => void {
  let last: number | undefined;
  let unreported = 0;
  return (e) => {
    // Only failures the client retries mean a wait; the others (DNS, TLS, 4xx) end the run with their error.
    if (!e.retryable) return;
    const timedOut = e.status === 0 && e.ms >= timeoutMs * 0.95;
    unreported++;
    const t = now();
    if (last !== undefined && t - last < NOTICE_INTERVAL_MS) return;
    const outcome = timedOut
      ? `got no answer within ${Math.round(timeoutMs / 1000)} s`
      : e.status === 0
        ? "could not connect or lost the connection"
        : `was answered HTTP ${e.status}`;
    const what = `${e.method} ${e.path} ${outcome} (attempt ${e.attempt})`;
    write(
      last === undefined
        ? `Waiting on the server: ${what}. Such requests are retried, for up to a minute each; interrupt ` +
            `(Ctrl-C) to stop.\n`
        : `Still waiting on the server: ${plural(unreported, "slow or refused attempt")} since the last ` +
            `notice (latest: ${what}).\n`,
    );
    last = t;
    unreported = 0;
  };
}
