// Reads the audit log's answers strictly (docs/events.md): an event without a type, aggregate, sequence or
// date is not something a fold may guess about, so it is a shape error like any other.
import type { Fail } from "./decode.js";
import type { LogEvent } from "./types.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, fail: Fail, required: boolean): string {
  if (v === undefined && !required) return "";
  if (typeof v !== "string" || (required && v === "")) return fail(`${field} is ${JSON.stringify(v)}, expected a non-empty string`);
  return v;
}

/** `{events: [Event]}` from POST /admin/v1/events/_search (no `events` key when there are none). */
export function decodeEventPage(body: unknown, fail: Fail): LogEvent[] {
  if (!isObject(body)) return fail("the body is not a JSON object");
  if (body.events !== undefined && !Array.isArray(body.events)) return fail("events is not a list");
  return ((body.events as unknown[] | undefined) ?? []).map((e, i): LogEvent => {
    const at = `events[${i}]`;
    if (!isObject(e)) return fail(`${at} is not an object`);
    const aggregate = isObject(e.aggregate) ? e.aggregate : fail(`${at}.aggregate is missing`);
    const aggregateType = isObject(aggregate.type) ? text(aggregate.type.type, `${at}.aggregate.type.type`, fail, true) : fail(`${at}.aggregate.type is missing`);
    const type = isObject(e.type) ? text(e.type.type, `${at}.type.type`, fail, true) : fail(`${at}.type is missing`);
    const sequence = typeof e.sequence === "string" && /^\d{1,20}$/.test(e.sequence) ? e.sequence.replace(/^0+(?=\d)/, "") : fail(`${at}.sequence is ${JSON.stringify(e.sequence)}`);
    const creationDate = text(e.creationDate, `${at}.creationDate`, fail, true);
    if (Number.isNaN(Date.parse(creationDate))) return fail(`${at}.creationDate is "${creationDate}", expected an RFC 3339 timestamp`);
    if (e.payload !== undefined && !isObject(e.payload)) return fail(`${at}.payload is not an object`);
    const editor = isObject(e.editor) ? e.editor : {};
    return {
      type,
      aggregateType,
      aggregateId: text(aggregate.id, `${at}.aggregate.id`, fail, true),
      resourceOwner: text(aggregate.resourceOwner, `${at}.aggregate.resourceOwner`, fail, false),
      sequence,
      creationDate,
      ...(e.payload !== undefined ? { payload: e.payload } : {}),
      editor: { userId: text(editor.userId, `${at}.editor.userId`, fail, false), displayName: text(editor.displayName, `${at}.editor.displayName`, fail, false) },
    };
  });
}

/** `{eventTypes: [{type}]}` from POST /admin/v1/events/types/_search. */
export function decodeEventTypes(body: unknown, fail: Fail): string[] {
  if (!isObject(body)) return fail("the body is not a JSON object");
  if (body.eventTypes !== undefined && !Array.isArray(body.eventTypes)) return fail("eventTypes is not a list");
  return ((body.eventTypes as unknown[] | undefined) ?? []).map((t, i) => (isObject(t) ? text(t.type, `eventTypes[${i}].type`, fail, true) : fail(`eventTypes[${i}] is not an object`)));
}
