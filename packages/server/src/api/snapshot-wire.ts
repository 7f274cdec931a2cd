import { isoTime } from "../domain/clock";
import type { SnapshotRecord } from "../domain/records";

/** A snapshot as the API answers it (`Snapshot` in snapshot-schemas.ts). */
export function presentSnapshot(row: SnapshotRecord) {
  return {
    id: row.id,
    parent_profile_id: row.parentProfileId,
    parent_name: row.parentName,
    parent_archetype: row.parentArchetype,
    label: row.label,
    description: row.description,
    state_bytes: row.stateBytes,
    captured_at: isoTime(row.createdAt),
  };
}
