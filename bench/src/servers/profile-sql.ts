/** The SQL the Driftstack routes run for profiles, written out by hand for the baselines. */
const PROFILE_SELECT = `SELECT p.id, p.name, p.archetype, p.description, p.last_used_at, p.created_at, p.updated_at,
  s.bytes AS state_bytes, s.created_at AS state_updated_at,
  EXISTS (SELECT 1 FROM sessions WHERE sessions.profile_id = p.id AND sessions.status = 'active') AS in_use
  FROM profiles p LEFT JOIN browser_states s ON s.id = p.state_id`;

export const GET_ONE = `${PROFILE_SELECT} WHERE p.account_id = ? AND p.id = ?`;
export const FIRST_PAGE = `${PROFILE_SELECT} WHERE p.account_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ?`;
/** The keyset condition exactly as the server writes it (see packages/server/src/http/pagination.ts). */
export const NEXT_PAGE = `${PROFILE_SELECT} WHERE p.account_id = ? AND (p.created_at, p.id) < (?, ?)
  ORDER BY p.created_at DESC, p.id DESC LIMIT ?`;
export const INSERT = `INSERT INTO profiles (id, account_id, name, archetype, description, state_id, last_used_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)`;

/** The id's millisecond, read the way the server's `idTime` does. */
export function idMs(id: string): number {
  const uuid = id.slice(id.indexOf("_") + 1);
  return Number.parseInt(uuid.slice(0, 8) + uuid.slice(9, 13), 16);
}

/**
 * For comparison, not what the server runs: the same keyset written as an OR,
 * the common way. SQLite uses only the index's `account_id` for it and filters
 * every newer row, so a page costs in proportion to its depth; the row value
 * above is a range on `profiles_account_created`.
 */
export const NEXT_PAGE_OR = `${PROFILE_SELECT} WHERE p.account_id = ? AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?))
  ORDER BY p.created_at DESC, p.id DESC LIMIT ?`;
