import type { Clock } from "../domain/clock";
import type { StateCounts } from "../domain/state-summary";
import type { BrowserContextHandle } from "../driver/types";
import { type Actor, recordAudit } from "../store/audit";
import type { Database } from "../store/database";
import { endSession, type SessionRow, sessionStatus } from "../store/sessions";
import { replaceProfileState, type StateLayers } from "../store/states";
import { exportForSave } from "./export-state";

/** `abandon`: the page no longer answers; its context is given up instead of closed. */
export type Ending = {
  status: "closed" | "failed";
  reason: string;
  persist: boolean;
  actor?: Actor;
  abandon?: boolean;
};

/** DRIFTSTACK_MAX_STATE_BYTES' default: the largest state a session saves. */
export const DEFAULT_MAX_STATE_BYTES = 16 * 1024 * 1024;

/**
 * Exports the context's state (when the ending persists and the session may
 * write), then in one transaction points the profile at it, marks the session
 * ended and audits a destroy. A session that already ended elsewhere (its
 * profile deleted, another server failed it) is left as it is. A failed export
 * means the browser died, an export the page holds up past the watchdog's
 * patience that it stopped answering, a state over the cap that it is
 * too large for the account's tier (`maxStateBytes` caps every tier): each
 * fails the session and keeps the last good state. Answers the reason the
 * session ended with, how, and what was saved (null: nothing).
 */
export async function endLiveSession(
  db: Database,
  clock: Clock,
  row: SessionRow,
  context: BrowserContextHandle | null,
  how: Ending,
  maxStateBytes: number,
): Promise<{ status: Ending["status"]; reason: string; saved: StateCounts | null }> {
  let { status, reason } = how;
  let state: StateLayers | null = null;
  let counts: StateCounts | null = null;
  if (how.persist && row.persist && context) {
    const exported = await exportForSave(db, context, row.accountId, maxStateBytes, { native: true });
    if ("state" in exported) ({ state, counts } = exported);
    else {
      status = "failed";
      reason = exported.failure;
    }
  }
  const persisted = await db.write(async (tx) => {
    const now = clock.now();
    if ((await sessionStatus(tx, row.id)) !== "active") return false;
    const persisted =
      state !== null &&
      (await replaceProfileState(tx, { profileId: row.profileId, accountId: row.accountId, ...state, now })) !== null;
    await endSession(tx, row.id, { status, reason, now, statePersistedAt: persisted ? now : undefined });
    if (how.actor) {
      await recordAudit(tx, {
        caller: how.actor,
        action: "session.destroyed",
        target: { type: "session", id: row.id },
        payload: { end_reason: reason, state_persisted: persisted },
        now,
      });
    }
    return persisted;
  });
  return { status, reason, saved: persisted ? counts : null };
}

/** Cancels a queued session (the DELETE of one that never started): nothing to save, audited as a destroy. */
export async function cancelQueued(db: Database, clock: Clock, actor: Actor, id: string): Promise<void> {
  await db.write(async (tx) => {
    const now = clock.now();
    if (await endSession(tx, id, { status: "closed", reason: "cancelled", now })) {
      await recordAudit(tx, {
        caller: actor,
        action: "session.destroyed",
        target: { type: "session", id },
        payload: { end_reason: "cancelled" },
        now,
      });
    }
  });
}
