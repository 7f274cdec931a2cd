import type { ResultSet } from "@libsql/client";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema";

/** What a store function runs its queries on: the database, or a write transaction. */
export type Executor = BaseSQLiteDatabase<"async", ResultSet, typeof schema>;

/** What route handlers read and write through: the database, or a request's unit of work (store/unit-of-work.ts). */
export interface DatabaseHandle {
  /** @internal Drizzle's types stay out of the published `.d.ts` (see tsup.config.ts). */
  read<T>(fn: (q: Executor) => Promise<T>): Promise<T>;
  /** @internal */
  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}
