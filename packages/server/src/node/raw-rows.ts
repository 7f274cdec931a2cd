import Libsql from "libsql";
import type { RawArg, RawRow, RawRows } from "../store/executor";

/**
 * Raw reads of a database file on a connection of their own, each statement
 * prepared once and stepped in raw mode (rows as value arrays). The client's
 * `execute` prepares the statement on every call and builds each row as an
 * object with a property per column and per index; on a page of 50 profiles
 * that was a larger share of the CPU than SQLite itself.
 *
 * The file is in WAL mode, so this connection reads the latest commit without
 * blocking the writer, and sees every commit the server has answered for.
 */
export function fileRawRows(path: string, busyTimeoutMs: number): { rows: RawRows; close(): void } {
  const db = new Libsql(path, { timeout: busyTimeoutMs });
  const statements = new Map<string, Libsql.Statement<RawArg[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<RawArg[]>(sql).raw(true);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    // Synchronous underneath, as the client's own `execute` on a file is.
    rows: async (sql, args) => prepared(sql).all(...args) as RawRow[],
    close: () => db.close(),
  };
}
