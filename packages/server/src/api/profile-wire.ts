import { isoTime, isoTimeOrNull } from "../domain/clock";
import type { ProfileRecord } from "../domain/records";

/** A profile as the API answers it (`Profile` in profile-schemas.ts). */
export function presentProfile(row: ProfileRecord) {
  return {
    id: row.id,
    name: row.name,
    archetype: row.archetype,
    description: row.description,
    last_used_at: isoTimeOrNull(row.lastUsedAt),
    created_at: isoTime(row.createdAt),
    updated_at: isoTime(row.updatedAt),
    state_bytes: row.stateBytes,
    state_updated_at: isoTimeOrNull(row.stateUpdatedAt),
    in_use: row.inUse,
  };
}
