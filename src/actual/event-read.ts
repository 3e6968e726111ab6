// Reading the whole audit log for some event types, oldest first, 1,000 events per request (docs/events.md).
// ZITADEL orders by the global position and offers no position cursor, only creation-date bounds that are
// strict (`from` = created after, ascending). So each next page starts one microsecond before the last
// date seen — events sharing that date come again and are dropped by (aggregate, sequence) — and a page
// that brings nothing new (more than 1,000 events in one microsecond) cannot be paged past: that is a
// reason to read per org instead, never a guess.
import type { EventQuery, LogEvent, ZitadelClient } from "../zitadel/index.js";

export const EVENT_PAGE_SIZE = 1000;

export type EventLister = Pick<ZitadelClient, "listEvents">;

export class UnpageableLog extends Error {}

/** RFC 3339 → nanoseconds since the epoch (exact: ZITADEL writes up to 9 fractional digits). */
export function nanosOf(iso: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(iso);
  if (!m) return BigInt(Date.parse(iso)) * 1_000_000n;
  return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** Nanoseconds since the epoch → RFC 3339 UTC with nine fractional digits (protojson accepts them). */
function isoOfNanos(nanos: bigint): string {
  const ms = nanos / 1_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, "0");
  return new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

/** One microsecond before `iso`: the strict `from` that still returns events created at `iso`. */
export const justBefore = (iso: string): string => isoOfNanos(nanosOf(iso) - 1000n);

export async function readEventLog(
  client: EventLister,
  eventTypes: readonly string[],
  since?: string,
): Promise<LogEvent[]> {
  const seen = new Set<string>();
  const out: LogEvent[] = [];
  let from = since;
  for (;;) {
    const query: EventQuery = {
      eventTypes,
      asc: true,
      limit: EVENT_PAGE_SIZE,
      ...(from !== undefined ? { from } : {}),
    };
    const page = await client.listEvents(query);
    let fresh = 0;
    for (const e of page) {
      const key = `${e.aggregateId}/${e.sequence}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
      fresh++;
    }
    if (page.length < EVENT_PAGE_SIZE) return out;
    if (fresh === 0) {
      throw new UnpageableLog(
        `more than ${EVENT_PAGE_SIZE} events share the creation date ${page[0]!.creationDate}: the log ` +
          `cannot be paged past them by date`,
      );
    }
    from = justBefore(page[page.length - 1]!.creationDate);
  }
}
