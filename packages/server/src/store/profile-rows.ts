import { notFound } from "../domain/problem";
import type { RawRow } from "../domain/profile-row";
import type { DatabaseHandle, RawArg } from "./executor";
import { cursorTime } from "./paging";

// The two hottest reads of the API, a profile and a page of profiles, as raw
// rows: exactly the columns the wire needs, in the order domain/profile-row.ts names
// (api/profile-wire.ts `presentProfileRow` maps them in one pass). Writes and
// reads inside a transaction keep using store/profiles.ts.

const SELECT = `SELECT p.id, p.name, p.archetype, p.description, p.last_used_at, p.created_at, p.updated_at,
  s.bytes, s.created_at,
  EXISTS (SELECT 1 FROM sessions WHERE sessions.profile_id = p.id AND sessions.status = 'active')
  FROM profiles p LEFT JOIN browser_states s ON s.id = p.state_id`;

const GET_ONE = `${SELECT} WHERE p.account_id = ? AND p.id = ?`;

export async function getProfileRow(db: DatabaseHandle, accountId: string, id: string): Promise<RawRow> {
  const [row] = await db.rows(GET_ONE, [accountId, id]);
  if (!row) throw notFound("profile", id);
  return row;
}

/** Built once per combination of filters, so each is one cached statement. */
const listSql = new Map<string, string>();

function listStatement(cursor: boolean, name: boolean, archetype: boolean): string {
  const shape = `${cursor}${name}${archetype}`;
  let text = listSql.get(shape);
  if (text === undefined) {
    // The keyset as a row value, as store/paging.ts writes it: a range on profiles_account_created.
    text = `${SELECT} WHERE p.account_id = ?${cursor ? " AND (p.created_at, p.id) < (?, ?)" : ""}${
      name ? " AND p.name = ?" : ""
    }${archetype ? " AND p.archetype = ?" : ""} ORDER BY p.created_at DESC, p.id DESC LIMIT ?`;
    listSql.set(shape, text);
  }
  return text;
}

/** Up to `limit + 1` raw profile rows, newest first: the extra one only says that more exist. */
export function listProfileRows(
  db: DatabaseHandle,
  accountId: string,
  query: { limit: number; cursor?: string; name?: string; archetype?: string },
): Promise<readonly RawRow[]> {
  const args: RawArg[] = [accountId];
  if (query.cursor !== undefined) args.push(cursorTime("profile", query.cursor), query.cursor);
  if (query.name !== undefined) args.push(query.name);
  if (query.archetype !== undefined) args.push(query.archetype);
  args.push(query.limit + 1);
  const text = listStatement(query.cursor !== undefined, query.name !== undefined, query.archetype !== undefined);
  return db.rows(text, args);
}
