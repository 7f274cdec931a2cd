import { isoTime, isoTimeOrNull } from "../domain/clock";
import type { SessionStatus } from "../domain/session-status";

/** What a session's wire form is made from: its stored row. */
export interface SessionRecord {
  id: string;
  profileId: string;
  archetype: string;
  status: SessionStatus;
  persist: boolean;
  idleTimeoutS: number;
  engine: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  endReason: string | null;
  statePersistedAt: number | null;
  stateRestored: "full" | "portable" | "none" | null;
}

/** A session as the API answers it (`Session` in session-schemas.ts); its place in line is read apart. */
export function presentSession(row: SessionRecord, queuePosition: number | null) {
  return {
    id: row.id,
    profile_id: row.profileId,
    archetype: row.archetype,
    status: row.status,
    queue_position: queuePosition,
    persist: row.persist,
    idle_timeout_s: row.idleTimeoutS,
    engine: row.engine,
    created_at: isoTime(row.createdAt),
    started_at: isoTimeOrNull(row.startedAt),
    ended_at: isoTimeOrNull(row.endedAt),
    end_reason: row.endReason,
    state_persisted_at: isoTimeOrNull(row.statePersistedAt),
    state_restored: row.stateRestored,
  };
}
