import { count, inArray } from "drizzle-orm";
import type { Executor } from "./database";
import { sessions } from "./schema";

/** Sessions active and queued in the whole database (every server sharing it): for the metrics gauge. */
export async function countLiveSessions(q: Executor): Promise<{ active: number; queued: number }> {
  const rows = await q
    .select({ status: sessions.status, n: count() })
    .from(sessions)
    .where(inArray(sessions.status, ["active", "queued"]))
    .groupBy(sessions.status);
  const counts = { active: 0, queued: 0 };
  for (const row of rows) if (row.status === "active" || row.status === "queued") counts[row.status] = row.n;
  return counts;
}
