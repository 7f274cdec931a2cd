import type { ResultSet } from "@libsql/client";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { RawRow } from "../domain/profile-row";
import type * as schema from "./schema";

/** What a store function runs its queries on: the database, or a write transaction. */
export type Executor = BaseSQLiteDatabase<"async", ResultSet, typeof schema>;

/** A value bound to a `?` of a raw statement. */
export type RawArg = string | number | null;

export type { RawRow };

/**
 * Runs one fixed read statement and answers its rows as value arrays. The hot
 * reads (a profile, a page of profiles) go through this rather than drizzle:
 * their cost was per-row JavaScript, not SQLite (store/raw-rows.ts).
 */
export type RawRows = (sql: string, args: readonly RawArg[]) => Promise<readonly RawRow[]>;

/** What route handlers read and write through: the database, or a request's unit of work (store/unit-of-work.ts). */
export interface DatabaseHandle {
  /** @internal Drizzle's types stay out of the published `.d.ts` (see tsup.config.ts). */
  read<T>(fn: (q: Executor) => Promise<T>): Promise<T>;
  /** @internal */
  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** @internal A raw read (see `RawRows`), seeing what `read` would see. */
  rows: RawRows;
}
