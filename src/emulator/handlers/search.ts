// What the v1 and v2 list endpoints share: text query methods, paging and sorting, as ZITADEL's
// query.SearchRequest applies them (limit 0 = no limit; a sorting column sorts ascending unless asc is
// false; no column keeps creation order).
import { TextQueryMethod } from "@zitadel/proto/zitadel/object_pb.js";
import { assertNever } from "../../model.js";

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

/** Sorts (when a column is chosen) and pages the matches; the caller counts totalResult before paging. */
export function page<T>(
  matches: readonly T[],
  query: ListQueryLike | undefined,
  sortKey: ((item: T) => string) | undefined,
): readonly T[] {
  let sorted = matches;
  if (sortKey) {
    const direction = query?.asc === false ? -1 : 1;
    sorted = [...matches].sort((a, b) => {
      const ka = sortKey(a);
      const kb = sortKey(b);
      return ka < kb ? -direction : ka > kb ? direction : 0;
    });
  }
  const offset = Number(query?.offset ?? 0n);
  const limit = query?.limit ?? 0;
  return sorted.slice(offset, limit > 0 ? offset + limit : undefined);
}
