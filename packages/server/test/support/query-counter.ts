import type { Database } from "../../src/store/database";

/**
 * Counts the statements `db` runs outside transactions (every read goes
 * there), by wrapping its libSQL client's `execute`, which drizzle calls for
 * each query. `count()` is the number since the last `reset()`.
 */
export function countQueries(db: Database) {
  const client = db.client;
  const execute = client.execute.bind(client);
  const statements: string[] = [];
  client.execute = ((stmt: string | { sql: string }, ...rest: unknown[]) => {
    statements.push(typeof stmt === "string" ? stmt : stmt.sql);
    return (execute as (...args: unknown[]) => ReturnType<typeof execute>)(stmt, ...rest);
  }) as typeof client.execute;
  return {
    count: () => statements.length,
    statements: () => [...statements],
    reset: () => {
      statements.length = 0;
    },
  };
}
