import type { Clock } from "../domain/clock";
import type { BrowserContextHandle } from "../driver/types";
import { type Actor, recordAudit } from "../store/audit";
import type { Database } from "../store/database";
import { markEnded, type SessionRow, sessionStatus } from "../store/sessions";
import { replaceProfileState } from "../store/states";
import { exportOrGiveUp } from "./watchdog";

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
 * patience that it stopped answering, a state over `maxStateBytes` (UTF-8,
 * measured right after the export, before it is copied anywhere) that it is
 * too large: each fails the session and keeps the last good state. Answers
 * how the session ended, and the bytes of the state it saved (null: none).
 */
export async function saveAndEnd(
  db: Database,
  clock: Clock,
  row: SessionRow,
  context: BrowserContextHandle | null,
  how: Ending,
  maxStateBytes: number,
): Promise<{ status: Ending["status"]; reason: string; persistedBytes: number | null }> {
  let { status, reason } = how;
  let state: { format: string; data: string } | null = null;
  if (how.persist && row.persist && context) {
    const exported = await exportOrGiveUp(context);
    if ("state" in exported) state = exported.state;
    else {
      status = "failed";
      reason = exported.failure;
    }
    if (state && utf8Exceeds(state.data, maxStateBytes)) {
      state = null;
      status = "failed";
      reason = "state_too_large";
    }
  }
  let persistedBytes: number | null = null;
  await db.write(async (tx) => {
    const now = clock.now();
    if ((await sessionStatus(tx, row.id)) !== "active") return;
    const persisted =
      state !== null &&
      (await replaceProfileState(tx, { profileId: row.profileId, accountId: row.accountId, ...state, now }));
    if (persisted && state) persistedBytes = new TextEncoder().encode(state.data).length;
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
  return { status, reason, persistedBytes };
}

/** Whether `text` takes more than `max` bytes in UTF-8: one to three per UTF-16 unit, so most strings need no encoding. */
function utf8Exceeds(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return new TextEncoder().encode(text).length > max;
}
