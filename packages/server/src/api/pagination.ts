// The query-parameter half of paging: what a list route accepts and answers with, and the
// page built from a list's rows. The keyset condition that reads them is in store/paging.ts.
import { z } from "@hono/zod-openapi";

export const LIMIT_DEFAULT = 50;
export const LIMIT_MAX = 100;

export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(LIMIT_MAX)
  .default(LIMIT_DEFAULT)
  .openapi({ param: { name: "limit", in: "query" }, description: "Items per page, 1–100.", example: 50 });

export function cursorParam(example: string) {
  return z
    .string()
    .optional()
    .openapi({
      param: { name: "cursor", in: "query" },
      description: "The previous page's `next_cursor` (its last item's id). Still valid after that item is deleted.",
      example,
    });
}

/** The `{data, has_more, next_cursor}` envelope every list answers with. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      has_more: z.boolean(),
      next_cursor: z
        .string()
        .nullable()
        .openapi({ description: "Pass as `cursor` for the next page; null on the last." }),
    })
    .openapi(name);
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Builds a page from up to `limit + 1` rows: the extra row only says that more exist. */
export function toPage<Row extends { id: string }, T>(
  rows: readonly Row[],
  limit: number,
  present: (row: Row) => T,
): Page<T> {
  return toPageBy(rows, limit, present, (row) => row.id);
}

/** `toPage` for rows that carry their id elsewhere than in `id` (raw rows). */
export function toPageBy<Row, T>(
  rows: readonly Row[],
  limit: number,
  present: (row: Row) => T,
  idOf: (row: Row) => string,
): Page<T> {
  const has_more = rows.length > limit;
  const kept = has_more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return {
    data: kept.map(present),
    has_more,
    next_cursor: has_more && last !== undefined ? idOf(last) : null,
  };
}
