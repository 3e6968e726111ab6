// The audit log (docs/events.md): admin v1 ListEvents and ListEventTypes, permission events.read. The
// filter follows ZITADEL's eventRequestToFilter (internal/api/grpc/admin/event.go) and the eventstore's
// search (internal/eventstore/repository/search_query.go): newest first unless asc; limit 0 or above 1000
// means 1000; `sequence` is greater-than ascending and less-than descending; `from` is a strict lower bound
// ascending and a strict upper bound descending; `range` (which wins over `from`) bounds both ends strictly.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import * as admin from "@zitadel/proto/zitadel/admin_pb.js";
import type { EventRecord } from "../event-log.js";
import { LOCKOUT_EVENT } from "../policy-events.js";
import type { Store } from "../state.js";
import { defineHandler, type Handler } from "./define.js";

const MAX_LIMIT = 1000;

const usOf = (t: Timestamp | undefined): number | undefined =>
  t === undefined || (t.seconds === 0n && t.nanos === 0) ? undefined : Number(t.seconds) * 1_000_000 + Math.floor(t.nanos / 1000);

const timestampOf = (us: number): Timestamp =>
  ({ $typeName: "google.protobuf.Timestamp", seconds: BigInt(Math.floor(us / 1_000_000)), nanos: (us % 1_000_000) * 1000 }) as Timestamp;

/** ZITADEL looks the editor up at read time: a human's display name, a machine's name, "" when gone. */
function editorOf(e: EventRecord, store: Store) {
  const user = store.findUser(e.editorUserId);
  return { userId: e.editorUserId, displayName: user?.displayName ?? "", service: "zitadel" };
}

const localized = (key: string) => ({ key: `EventTypes.${key}`, localizedMessage: key });

export const eventHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.admin.v1.AdminService.ListEvents": defineHandler(admin.ListEventsRequestSchema, admin.ListEventsResponseSchema, { write: false }, (req, call) => {
    const filter = req.creationDateFilter;
    const asc = req.asc;
    let after: number | undefined;
    let before: number | undefined;
    if (filter.case === "range") {
      after = usOf(filter.value.since);
      before = usOf(filter.value.until);
    } else {
      // The deprecated creation_date is read first and `from` overrides it.
      const from = filter.case === "from" ? usOf(filter.value) : usOf(req.creationDate);
      if (asc) after = from;
      else before = from;
    }
    const limit = req.limit === 0 || req.limit > MAX_LIMIT ? MAX_LIMIT : req.limit;
    const found = call.store.log.search({
      eventTypes: req.eventTypes,
      aggregateTypes: req.aggregateTypes,
      aggregateId: req.aggregateId,
      resourceOwner: req.resourceOwner,
      editorUserId: req.editorUserId,
      sequence: Number(req.sequence),
      ...(after !== undefined ? { after } : {}),
      ...(before !== undefined ? { before } : {}),
      asc,
      limit,
    });
    return {
      events: found.map((e) => ({
        editor: editorOf(e, call.store),
        aggregate: { id: e.aggregateId, type: { type: e.aggregateType, localized: localized(e.aggregateType) }, resourceOwner: e.resourceOwner },
        sequence: BigInt(e.sequence),
        creationDate: timestampOf(e.createdUs),
        ...(e.payload ? { payload: e.payload } : {}),
        type: { type: e.type, localized: localized(e.type) },
      })),
    };
  }),
  "zitadel.admin.v1.AdminService.ListEventTypes": defineHandler(
    admin.ListEventTypesRequestSchema,
    admin.ListEventTypesResponseSchema,
    { write: false },
    // Every type the emulator writes, whether or not one is in the log right now (ZITADEL lists its registry).
    (_req, call) => ({
      eventTypes: [...new Set([...Object.values(LOCKOUT_EVENT), "org.added", "org.changed", "org.removed", ...call.store.log.types()])]
        .sort()
        .map((type) => ({ type, localized: localized(type) })),
    }),
  ),
};
