// The emulated eventstore: every change the emulator makes is an event here, with the sequence of its
// aggregate, a global position, a creation date and the user who caused it — the same record ZITADEL keeps
// and serves through POST /admin/v1/events/_search (docs/events.md). The lockout reads and this log are
// written by the same commands, so the two can never disagree.
export type AggregateType = "instance" | "org" | "user";

export interface EventRecord {
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
  readonly resourceOwner: string;
  /** The aggregate's sequence this event took. */
  readonly sequence: number;
  /** Global order across aggregates (ZITADEL's position): what the search orders by. */
  readonly position: number;
  /** Microseconds since the epoch (ZITADEL stores timestamptz: microsecond precision). */
  readonly createdUs: number;
  readonly type: string;
  /** The event's JSON payload; absent for events without one (removed events). */
  readonly payload?: Record<string, number | boolean | string>;
  /** The user behind the request (or SYSTEM for setup and the emulator's own back door). */
  readonly editorUserId: string;
}

/** Who caused events that no API caller did: instance setup and test/demo controls. */
export const SYSTEM_EDITOR = "SYSTEM";

/** Microseconds as an RFC 3339 UTC date with six fractional digits. */
export function isoFromUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(us % 1000).padStart(3, "0");
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${micros}Z`);
}

/** RFC 3339 (any fractional precision) → microseconds since the epoch; digits past the sixth are dropped. */
export function usFromIso(iso: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  const fraction = (m[2] ?? "").padEnd(6, "0").slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

export interface EventFilter {
  readonly eventTypes: readonly string[];
  readonly aggregateTypes: readonly string[];
  readonly aggregateId: string;
  readonly resourceOwner: string;
  readonly editorUserId: string;
  /** 0: none. Else a per-aggregate sequence bound: greater when ascending, less when descending. */
  readonly sequence: number;
  /** Strict bounds on the creation date, in microseconds (undefined: none). */
  readonly after?: number;
  readonly before?: number;
  readonly asc: boolean;
  readonly limit: number;
}

export interface EventLog {
  readonly all: () => readonly EventRecord[];
  append(e: Omit<EventRecord, "position" | "createdUs">, at: Date): EventRecord;
  search(f: EventFilter): EventRecord[];
  /** Retention: forget every event created before this instant. Returns how many were dropped. */
  dropBefore(at: Date): number;
  /** Every event type this log has ever held, sorted (what ListEventTypes answers). */
  types(): string[];
}

/**
 * A log over `events` (kept in the state data, so --state persists it). Creation dates strictly increase:
 * two events in the same microsecond of the host clock get consecutive microseconds, so dates order events
 * like positions do, as they do on a real server that writes one transaction at a time.
 */
export function createEventLog(events: EventRecord[]): EventLog {
  const byType = new Map<string, EventRecord[]>();
  for (const e of events) index(e);
  let lastUs = events.length > 0 ? events[events.length - 1]!.createdUs : 0;
  let lastPosition = events.length > 0 ? events[events.length - 1]!.position : 0;

  function index(e: EventRecord): void {
    const list = byType.get(e.type);
    if (list) list.push(e);
    else byType.set(e.type, [e]);
  }

  return {
    all: () => events,
    append(e, at) {
      lastUs = Math.max(lastUs + 1, at.getTime() * 1000);
      const record: EventRecord = { ...e, position: ++lastPosition, createdUs: lastUs };
      events.push(record);
      index(record);
      return record;
    },
    search(f) {
      // Candidates by type when types are asked for (the common, selective case), then the other filters.
      const candidates = f.eventTypes.length > 0 ? f.eventTypes.flatMap((t) => byType.get(t) ?? []).sort((a, b) => a.position - b.position) : events;
      const types = new Set(f.aggregateTypes);
      const matches = candidates.filter(
        (e) =>
          (types.size === 0 || types.has(e.aggregateType)) &&
          (f.aggregateId === "" || e.aggregateId === f.aggregateId) &&
          (f.resourceOwner === "" || e.resourceOwner === f.resourceOwner) &&
          (f.editorUserId === "" || e.editorUserId === f.editorUserId) &&
          (f.sequence === 0 || (f.asc ? e.sequence > f.sequence : e.sequence < f.sequence)) &&
          (f.after === undefined || e.createdUs > f.after) &&
          (f.before === undefined || e.createdUs < f.before),
      );
      if (!f.asc) matches.reverse();
      return matches.slice(0, f.limit);
    },
    dropBefore(at) {
      const cut = at.getTime() * 1000;
      const kept = events.filter((e) => e.createdUs >= cut);
      const dropped = events.length - kept.length;
      events.length = 0;
      for (const e of kept) events.push(e);
      byType.clear();
      for (const e of events) index(e);
      return dropped;
    },
    types: () => [...byType.keys()].sort(),
  };
}
