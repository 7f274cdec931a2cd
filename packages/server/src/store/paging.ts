import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type IdKind, idTime } from "../domain/ids";
import { validationFailed } from "../domain/problem";

// The SQL half of paging: the keyset condition a list query reads after. A list returns up
// to `limit + 1` rows; the page's envelope is built from them in api/pagination.ts.

/**
 * The keyset condition for "after this cursor" in `created_at desc, id desc`
 * order. The cursor is an id, and ids carry their creation millisecond, so the
 * row it names need not exist any more.
 */
export function afterCursor(
  kind: IdKind,
  cursor: string | undefined,
  columns: { createdAt: SQLiteColumn; id: SQLiteColumn },
): SQL | undefined {
  if (cursor === undefined) return undefined;
  const ms = cursorTime(kind, cursor);
  // A row value, not `a < x OR (a = x AND b < y)`: SQLite turns the row value into a range
  // on the (account, created_at, id) index, so a page costs the same at any depth.
  return sql`(${columns.createdAt}, ${columns.id}) < (${ms}, ${cursor})`;
}

/** The creation millisecond a cursor (an id) carries; 400 for anything that is not an id of `kind`. */
export function cursorTime(kind: IdKind, cursor: string): number {
  const ms = idTime(kind, cursor);
  if (ms === null) {
    throw validationFailed([{ path: "cursor", message: `must be a ${kind} id from a previous page's next_cursor` }]);
  }
  return ms;
}
