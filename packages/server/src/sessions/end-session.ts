import { eq } from "drizzle-orm";
import type { Clock } from "../domain/clock";
import type { BrowserContextHandle } from "../driver/types";
import { type Actor, recordAudit } from "../store/audit";
import type { Database } from "../store/database";
import { sessions } from "../store/schema";
import { markEnded, type SessionRow } from "../store/sessions";
import { replaceProfileState } from "../store/states";

export type Ending = { status: "closed" | "failed"; reason: string; persist: boolean; actor?: Actor };

/**
 * Exports the context's state (when the ending persists and the session may
 * write), then in one transaction points the profile at it, marks the session
 * ended and audits a destroy. A session that already ended elsewhere (its
 * profile deleted, another server failed it) is left as it is. A failed export
 * means the browser died: the session fails and the last good state stays.
 */
export async function saveAndEnd(
  db: Database,
  clock: Clock,
  row: SessionRow,
  context: BrowserContextHandle | null,
  how: Ending,
): Promise<void> {
  let { status, reason } = how;
  let state: { format: string; data: string } | null = null;
  if (how.persist && row.persist && context) {
    try {
      state = await context.exportState();
    } catch {
      status = "failed";
      reason = "browser_crashed";
    }
  }
  await db.write(async (tx) => {
    const now = clock.now();
    const [current] = await tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, row.id));
    if (current?.status !== "active") return;
    const persisted =
      state !== null &&
      (await replaceProfileState(tx, { profileId: row.profileId, accountId: row.accountId, ...state, now }));
    await markEnded(tx, row.id, { status, endReason: reason, now, statePersistedAt: persisted ? now : undefined });
    if (how.actor) {
      await recordAudit(tx, {
        caller: how.actor,
        action: "session.destroyed",
        target: { type: "session", id: row.id },
        payload: { end_reason: reason, state_persisted: persisted },
        now,
      });
    }
  });
}
