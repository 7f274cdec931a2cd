import type { Database } from "@driftstack/server";

/** What the mock was configured with, and the schema's bookkeeping; every other table is data. */
const KEPT_TABLES = new Set(["accounts", "api_keys", "memberships", "driftstack_migrations"]);

/**
 * Empties every data table in one write transaction. The list comes from `sqlite_master`,
 * so tables the server adds later are emptied too; foreign keys are checked at commit, when
 * every table is empty, so the order of deletes does not matter.
 */
export async function clearData(db: Database): Promise<void> {
  await db.write(async (tx) => {
    await tx.run("PRAGMA defer_foreign_keys = ON");
    const tables = await tx.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    );
    for (const { name } of tables) {
      if (!KEPT_TABLES.has(name)) await tx.run(`DELETE FROM "${name.replaceAll('"', '""')}"`);
    }
  });
}
