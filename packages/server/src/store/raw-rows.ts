import type { Client } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { Executor, RawArg, RawRow, RawRows } from "./executor";

/** Raw reads on the libSQL client: any URL (memory, file, remote). Its rows index by position. */
export function clientRawRows(client: Client): RawRows {
  return async (text, args) => (await client.execute({ sql: text, args: [...args] })).rows;
}

/** Raw reads inside a drizzle transaction, so they see its own uncommitted writes. */
export async function executorRawRows(q: Executor, text: string, args: readonly RawArg[]): Promise<readonly RawRow[]> {
  const parts = text.split("?");
  if (parts.length !== args.length + 1)
    throw new Error(`${args.length} arguments for ${parts.length - 1} placeholders`);
  const strings = Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray;
  return q.values(sql(strings, ...args));
}
