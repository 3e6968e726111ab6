// What the v1 and v2 list endpoints share: text query methods, paging and sorting, as ZITADEL's
// query.SearchRequest.toQuery applies them (internal/query/search_query.go). The limit goes through the
// system defaults first (docs/zitadel-api.md §5): 0 means the default of 1000, more than 1000 is refused
// with QUERY-4M0fs before anything is read. A sorting
// column sorts DESCENDING unless asc is true, and a request without a `query` object has asc false too
// (the converters return zeros for a nil ListQuery); no column means no ORDER BY (here: creation order).
// Text columns ZITADEL marks isOrderByLower sort by LOWER(column): their sort keys are lower-cased by the
// handlers.
import { TextQueryMethod } from "@zitadel/proto/zitadel/object_pb.js";
import { assertNever } from "../../model.js";
import { Errors } from "../error-catalogue.js";

/** v1 zitadel.v1.TextQueryMethod and v2 zitadel.object.v2.TextQueryMethod share their numbers. */
export function matchText(method: number, actual: string, wanted: string): boolean {
  const m = method as TextQueryMethod;
  switch (m) {
    case TextQueryMethod.EQUALS:
      return actual === wanted;
    case TextQueryMethod.EQUALS_IGNORE_CASE:
      return actual.toLowerCase() === wanted.toLowerCase();
    case TextQueryMethod.STARTS_WITH:
      return actual.startsWith(wanted);
    case TextQueryMethod.STARTS_WITH_IGNORE_CASE:
      return actual.toLowerCase().startsWith(wanted.toLowerCase());
    case TextQueryMethod.CONTAINS:
      return actual.includes(wanted);
    case TextQueryMethod.CONTAINS_IGNORE_CASE:
      return actual.toLowerCase().includes(wanted.toLowerCase());
    case TextQueryMethod.ENDS_WITH:
      return actual.endsWith(wanted);
    case TextQueryMethod.ENDS_WITH_IGNORE_CASE:
      return actual.toLowerCase().endsWith(wanted.toLowerCase());
    default:
      // protojson accepts unknown enum numbers; ZITADEL's converter rejects them as an invalid query.
      if (typeof m === "number") return false;
      return assertNever(m);
  }
}

export interface ListQueryLike {
  readonly offset: bigint;
  readonly limit: number;
  readonly asc: boolean;
}

/** ZITADEL's SystemDefaults DefaultQueryLimit and MaxQueryLimit as shipped (cmd/defaults.yaml). */
export const DEFAULT_QUERY_LIMIT = 1000;
export const MAX_QUERY_LIMIT = 1000;

/** The limit a list applies: the default for 0, the caller's otherwise; over the maximum is an error. */
export function queryLimit(requested: number): number {
  if (requested > MAX_QUERY_LIMIT) throw Errors.limitExceeded();
  return requested === 0 ? DEFAULT_QUERY_LIMIT : requested;
}

/** Sorts (when a column is chosen) and pages the matches; the caller counts totalResult before paging. */
export function page<T>(
  matches: readonly T[],
  query: ListQueryLike | undefined,
  sortKey: ((item: T) => string | number) | undefined,
): readonly T[] {
  let sorted = matches;
  if (sortKey) {
    const direction = query?.asc === true ? 1 : -1;
    sorted = [...matches].sort((a, b) => {
      const ka = sortKey(a);
      const kb = sortKey(b);
      return ka < kb ? -direction : ka > kb ? direction : 0;
    });
  }
  const offset = Number(query?.offset ?? 0n);
  const limit = queryLimit(query?.limit ?? 0);
  return sorted.slice(offset, offset + limit);
}
