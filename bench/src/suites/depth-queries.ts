import type { Client, InStatement } from "@libsql/client";
import { FIRST_PAGE, idMs, NEXT_PAGE, NEXT_PAGE_OR } from "../servers/profile-sql";

export type PageQuery = "first" | "deep" | "deepOr";

/** The server's page queries run straight on libSQL, with their plans: what the database alone costs at depth. */
export async function depthQueries(client: Client, accountId: string, cursor: string, limit: number) {
  const ms = idMs(cursor);
  const statements: Record<PageQuery, InStatement> = {
    first: { sql: FIRST_PAGE, args: [accountId, limit + 1] },
    deep: { sql: NEXT_PAGE, args: [accountId, ms, cursor, limit + 1] },
    deepOr: { sql: NEXT_PAGE_OR, args: [accountId, ms, ms, cursor, limit + 1] },
  };
  const plan = async (query: PageQuery) => {
    const { sql, args } = statements[query] as { sql: string; args: never };
    const { rows } = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args });
    // The first step is the profiles index search; the rest (state join, in_use subquery) is the same for every page.
    return String(rows[0]?.detail);
  };
  const run = async (query: PageQuery) => (await client.execute(statements[query])).rows.map((row) => String(row.id));
  const [deep, deepOr] = [await run("deep"), await run("deepOr")];
  return {
    plans: { first: await plan("first"), deep: await plan("deep"), deepOr: await plan("deepOr") },
    /** Whether the OR form returns exactly the server's page. */
    sameRows: deep.length > 0 && deep.join() === deepOr.join(),
    async run(query: PageQuery): Promise<void> {
      await run(query);
    },
  };
}
