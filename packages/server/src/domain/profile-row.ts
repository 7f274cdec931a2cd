/** A result row as its values in the statement's column order (no column names, no mapping). */
export type RawRow = ArrayLike<unknown>;

/**
 * The columns of a raw profile row (store/profile-rows.ts reads them in this
 * order, api/profile-wire.ts `presentProfileRow` maps them to the wire).
 */
export const PROFILE_COLUMNS = {
  id: 0,
  name: 1,
  archetype: 2,
  description: 3,
  lastUsedAt: 4,
  createdAt: 5,
  updatedAt: 6,
  stateBytes: 7,
  stateUpdatedAt: 8,
  inUse: 9,
} as const;
