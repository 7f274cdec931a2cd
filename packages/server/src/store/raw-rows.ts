import type { Client } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { Executor, RawArg, RawRow, RawRows } from "./executor";

/** Raw reads on the libSQL client: any URL (memory, file, remote). Its rows index by position. */
export function clientRawRows(client: Client): RawRows {
  return async (text, args) => (await client.execute({ sql: text, args: [...args] })).rows;
}

/** Raw reads inside a drizzle transaction, so they see its own uncommitted writes. */
export async function executorRawRows(q: Executor, text: string, args: readonly RawArg[]): Promise<readonly RawRow[]> {
  return q.values(rawStatement(text, args));
}

/**
 * A raw write statement in a drizzle transaction. The writes every create
 * makes (the profile, its audit entry, an idempotency key's claim and stored
 * answer) skip drizzle's query builder: building an insert cost several times
 * what SQLite spent running it.
 */
export async function executorRun(q: Executor, text: string, args: readonly RawArg[]): Promise<void> {
  await q.run(rawStatement(text, args));
}

/** `text` with `?` placeholders as a drizzle SQL chunk binding `args` in order. */
function rawStatement(text: string, args: readonly RawArg[]) {
  const parts = text.split("?");
  if (parts.length !== args.length + 1)
    throw new Error(`${args.length} arguments for ${parts.length - 1} placeholders`);
  const strings = Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray;
  return sql(strings, ...args);
}
