import { isoTime, isoTimeOrNull } from "../domain/clock";
import { PROFILE_COLUMNS, type RawRow } from "../domain/profile-row";
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

const C = PROFILE_COLUMNS;
const timeOrNull = (value: unknown) => (value === null ? null : isoTime(value as number));

/** The same wire shape from a raw row (store/profile-rows.ts), in one pass: no record in between. */
export function presentProfileRow(row: RawRow) {
  return {
    id: row[C.id] as string,
    name: row[C.name] as string,
    archetype: row[C.archetype] as string,
    description: row[C.description] as string | null,
    last_used_at: timeOrNull(row[C.lastUsedAt]),
    created_at: isoTime(row[C.createdAt] as number),
    updated_at: isoTime(row[C.updatedAt] as number),
    state_bytes: row[C.stateBytes] as number | null,
    state_updated_at: timeOrNull(row[C.stateUpdatedAt]),
    in_use: Boolean(row[C.inUse]),
  };
}

/** The id of a raw profile row: a page's `next_cursor`. */
export const profileRowId = (row: RawRow) => row[C.id] as string;
