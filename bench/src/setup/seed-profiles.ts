import { DEFAULT_ARCHETYPE } from "@driftstack/server";
import type { Client, InStatement } from "@libsql/client";
import { newId } from "../../../packages/server/src/domain/ids";

const COLUMNS = "id, account_id, name, archetype, description, state_id, last_used_at, created_at, updated_at";
/** 9 columns × 400 rows stays under SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 400;
const STATEMENTS_PER_BATCH = 25;

/**
 * Inserts `count` profiles straight into the `profiles` table, in batched write
 * transactions: the HTTP API would take minutes for 100,000. Ids come from the
 * server's own id function with `created_at` equal to the id's millisecond, so
 * the keyset order is the one real traffic makes; one row in ten shares its
 * millisecond with the previous one, so the `id` tie-break is exercised too.
 */
export async function seedProfiles(
  client: Client,
  input: { accountId: string; count: number; namePrefix: string; endMs: number },
): Promise<string[]> {
  const ids: string[] = [];
  const startMs = input.endMs - input.count * 1_000;
  let ms = startMs;
  let rows: unknown[][] = [];
  let statements: InStatement[] = [];
  const flushStatement = () => {
    if (rows.length === 0) return;
    const placeholders = rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
    statements.push({ sql: `INSERT INTO profiles (${COLUMNS}) VALUES ${placeholders}`, args: rows.flat() as never });
    rows = [];
  };
  const flushBatch = async () => {
    flushStatement();
    if (statements.length > 0) await client.batch(statements, "write");
    statements = [];
  };
  for (let i = 0; i < input.count; i++) {
    if (i % 10 !== 1) ms += 1_000;
    const id = newId("profile", ms);
    ids.push(id);
    rows.push([id, input.accountId, `${input.namePrefix}-${i}`, DEFAULT_ARCHETYPE, null, null, null, ms, ms]);
    if (rows.length === ROWS_PER_STATEMENT) flushStatement();
    if (statements.length === STATEMENTS_PER_BATCH) await flushBatch();
  }
  await flushBatch();
  return ids;
}
