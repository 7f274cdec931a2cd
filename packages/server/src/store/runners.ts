import { and, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { Executor } from "./database";
import { runners, sessions } from "./schema";

/** The process behind a runner, so a server can tell that a neighbour on its own host is gone. */
export interface RunnerProcess {
  host: string;
  pid: number;
  isAlive(pid: number): boolean;
}

/**
 * Records that this runner is alive, and removes the rows of runners on the
 * same host whose process is gone: they are dead now, not only once their
 * heartbeat goes stale.
 */
export async function heartbeat(tx: Executor, runnerId: string, now: number, process?: RunnerProcess): Promise<void> {
  await tx
    .insert(runners)
    .values({ id: runnerId, host: process?.host ?? null, pid: process?.pid ?? null, heartbeatAt: now, startedAt: now })
    .onConflictDoUpdate({ target: runners.id, set: { heartbeatAt: now } });
  if (!process) return;
  const neighbours = await tx
    .select({ id: runners.id, pid: runners.pid })
    .from(runners)
    .where(and(eq(runners.host, process.host), ne(runners.id, runnerId)));
  for (const neighbour of neighbours) {
    if (neighbour.pid !== null && !process.isAlive(neighbour.pid)) await removeRunner(tx, neighbour.id);
  }
}

export async function removeRunner(tx: Executor, runnerId: string): Promise<void> {
  await tx.delete(runners).where(eq(runners.id, runnerId));
}

/**
 * Ends (failed, `server_lost`) the live sessions of server processes that stopped beating (crashed
 * or killed), so their profiles' queues move on. A session whose runner has
 * no row at all is orphaned too. Returns the profiles whose queues changed.
 */
export async function endAllOfDeadRunners(tx: Executor, input: { now: number; staleMs: number }): Promise<string[]> {
  await tx.delete(runners).where(lt(runners.heartbeatAt, input.now - input.staleMs));
  const orphans = await tx
    .select({ id: sessions.id, profileId: sessions.profileId })
    .from(sessions)
    .where(
      and(
        inArray(sessions.status, ["queued", "active"]),
        sql`${sessions.runnerId} NOT IN (SELECT ${runners.id} FROM ${runners})`,
      ),
    );
  if (orphans.length === 0) return [];
  await tx
    .update(sessions)
    .set({ status: "failed", endReason: "server_lost", endedAt: input.now })
    .where(
      inArray(
        sessions.id,
        orphans.map((o) => o.id),
      ),
    );
  return [...new Set(orphans.map((o) => o.profileId))];
}
