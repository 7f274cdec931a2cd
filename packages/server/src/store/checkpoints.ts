import { and, eq } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { recordAudit } from "./audit";
import type { Executor } from "./database";
import { sessions } from "./schema";
import { captureSnapshot, type SnapshotRow } from "./snapshots";
import { replaceProfileState } from "./states";

/**
 * Writes a live session's state to its profile without ending it, in the
 * caller's transaction: the profile points at the new state, the session
 * records when, and with `snapshotLabel` a snapshot of exactly that state is
 * taken. Returns null, writing nothing, once the session is no longer active.
 */
export async function writeCheckpoint(
  tx: Executor,
  input: {
    caller: Caller;
    sessionId: string;
    profileId: string;
    state: { format: string; data: string };
    snapshotLabel?: string;
    now: number;
  },
): Promise<{ snapshot: SnapshotRow | null } | null> {
  const { caller, now } = input;
  const [live] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.status, "active")));
  if (!live) return null;
  const stateId = await replaceProfileState(tx, {
    profileId: input.profileId,
    accountId: caller.account.id,
    ...input.state,
    now,
  });
  if (stateId === null) return null;
  await tx.update(sessions).set({ statePersistedAt: now }).where(eq(sessions.id, input.sessionId));
  const snapshot =
    input.snapshotLabel === undefined
      ? null
      : await captureSnapshot(tx, { caller, profileId: input.profileId, label: input.snapshotLabel, now });
  await recordAudit(tx, {
    caller,
    action: "session.checkpointed",
    target: { type: "session", id: input.sessionId },
    payload: { profile_id: input.profileId, snapshot_id: snapshot?.id ?? null },
    now,
  });
  return { snapshot };
}
