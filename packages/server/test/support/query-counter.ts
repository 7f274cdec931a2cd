import type { Database } from "../../src/store/database";

/**
 * Counts the statements `db` runs outside transactions (every read goes
 * there): its libSQL client's `execute`, which drizzle calls for each query,
 * and its raw reads (`db.rows`, on a connection of their own for a file, else
 * through that same `execute`, then counted once). `count()` is the number
 * since the last `reset()`.
 */
export function countQueries(db: Database) {
  const client = db.client;
  const execute = client.execute.bind(client);
  const statements: string[] = [];
  // Raw reads under way, by statement: their `execute`, if any, is already counted.
  const rawPending = new Map<string, number>();
  client.execute = ((stmt: string | { sql: string }, ...rest: unknown[]) => {
    const sql = typeof stmt === "string" ? stmt : stmt.sql;
    if (!rawPending.get(sql)) statements.push(sql);
    return (execute as (...args: unknown[]) => ReturnType<typeof execute>)(stmt, ...rest);
  }) as typeof client.execute;
  const rows = db.rows;
  db.rows = (sql, args) => {
    statements.push(sql);
    rawPending.set(sql, (rawPending.get(sql) ?? 0) + 1);
    return rows(sql, args).finally(() => rawPending.set(sql, (rawPending.get(sql) ?? 1) - 1));
  };
  return {
    count: () => statements.length,
    statements: () => [...statements],
    reset: () => {
      statements.length = 0;
    },
  };
}
