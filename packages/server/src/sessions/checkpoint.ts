import type { Caller } from "../domain/caller";
import type { Clock } from "../domain/clock";
import { ProblemError } from "../domain/problem";
import type { StateCounts } from "../domain/state-summary";
import { writeCheckpoint } from "../store/checkpoints";
import type { Database } from "../store/database";
import { findSession } from "../store/sessions";
import type { SnapshotRow } from "../store/snapshots";
import type { Ending } from "./end-session";
import { exportForSave } from "./export-state";
import type { LiveSession } from "./live-session";
import { ended, endedHere } from "./refusals";

export interface Checkpoint {
  persistedAt: number;
  saved: StateCounts;
  snapshot: SnapshotRow | null;
}

/**
 * Saves a live writer session's state without ending it, after the actions
 * queued on it: exported under the watchdog, held to the tier's cap, written
 * atomically like a destroy's save. A state over the cap is 413 and the
 * session goes on (nothing is lost: it is still in the browser); a browser
 * that died or a page that stopped answering ends the session as it would
 * anywhere else, keeping the last good state, and the caller hears 409.
 */
export function checkpointSession(
  deps: { db: Database; clock: Clock; maxStateBytes: number; end: (live: LiveSession, how: Ending) => Promise<void> },
  live: LiveSession,
  caller: Caller,
  snapshotLabel: string | undefined,
): Promise<Checkpoint> {
  const { db, clock } = deps;
  const row = live.row;
  return live.queue.run(async () => {
    if (live.finishing) throw endedHere(live);
    live.stopIdleTimer();
    try {
      const context = await live.context;
      const exported = await exportForSave(db, context, row.accountId, deps.maxStateBytes, { native: false });
      if ("failure" in exported) {
        if (exported.failure === "state_too_large") {
          throw new ProblemError("PayloadTooLarge", `Not saved: ${exported.detail}. The session stays active.`);
        }
        const how = { status: "failed", reason: exported.failure, persist: false } as const;
        await deps.end(live, { ...how, abandon: exported.failure === "page_unresponsive" });
        throw new ProblemError("Conflict", `Session ${row.id} ended: ${exported.detail}; the last good state is kept.`);
      }
      const now = clock.now();
      const written = await db.write((tx) =>
        writeCheckpoint(tx, {
          caller,
          sessionId: row.id,
          profileId: row.profileId,
          state: exported.state,
          snapshotLabel,
          now,
        }),
      );
      // Ended elsewhere meanwhile (another server failed it, its profile was deleted): say how.
      if (written === null) throw ended((await db.read((q) => findSession(q, row.accountId, row.id))) ?? row);
      return { persistedAt: now, saved: exported.counts, snapshot: written.snapshot };
    } finally {
      if (!live.finishing) live.touch();
    }
  });
}
