import { sql } from "drizzle-orm";
import type { DatabaseHandle, Executor } from "./executor";
import { MIGRATIONS } from "./migrations.generated";

/**
 * Applies the SQL migrations drizzle-kit generated (embedded by `pnpm generate`,
 * so no file system is needed and the mock can migrate in a browser). Each one
 * runs in its own write transaction that first checks whether another process
 * has applied it meanwhile.
 */
export async function applyMigrations(db: DatabaseHandle & { readonly orm: Executor }): Promise<void> {
  await db.orm.run(
    sql`CREATE TABLE IF NOT EXISTS driftstack_migrations (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
  );
  for (const migration of MIGRATIONS) {
    await db.write(async (tx) => {
      const applied = await tx.all(sql`SELECT 1 FROM driftstack_migrations WHERE tag = ${migration.tag}`);
      if (applied.length > 0) return;
      for (const statement of migration.statements) await tx.run(sql.raw(statement));
      await tx.run(sql`INSERT INTO driftstack_migrations (tag, applied_at) VALUES (${migration.tag}, ${Date.now()})`);
    });
  }
}
