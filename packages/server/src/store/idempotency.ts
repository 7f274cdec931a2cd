import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "./database";
import type { RawRow, RawRows } from "./executor";
import { executorRawRows, executorRun } from "./raw-rows";
import { idempotencyKeys } from "./schema";

/** How long a stored response replays. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * An unanswered key with no claiming runner on record (a row written before
 * runners were recorded) counts as abandoned after this long.
 */
export const IN_FLIGHT_ABANDONED_MS = 2 * 60 * 1000;

export type Claim =
  | { kind: "claimed" }
  | { kind: "in_flight" }
  | { kind: "reused" }
  | { kind: "replay"; status: number; body: string; headers: Record<string, string> };

type KeyRow = Omit<typeof idempotencyKeys.$inferSelect, "accountId" | "key">;

/**
 * An unanswered key whose claiming process is gone. Only the session routes
 * leave such a row for others to see (the one-transaction routes commit claim
 * and answer together, see http/idempotency.ts); a session's writes go through
 * the session service, so its process may have died after opening the session
 * and before storing the answer. Running the request again then opens another
 * session, which is the lesser harm than a key stuck in flight for good.
 */
async function isAbandoned(rows: RawRows, row: KeyRow, input: { now: number; runnerId: string }): Promise<boolean> {
  if (row.responseStatus !== null) return false;
  if (row.claimedBy === null) return row.createdAt < input.now - IN_FLIGHT_ABANDONED_MS;
  if (row.claimedBy === input.runnerId) return false;
  return (await rows("SELECT 1 FROM runners WHERE id = ?", [row.claimedBy])).length === 0;
}

/** Who claims which key for which request, and when. */
export interface KeyClaim {
  accountId: string;
  key: string;
  fingerprint: string;
  now: number;
  runnerId: string;
}

/** The response a replay repeats. */
export interface StoredAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Claims `key` for a request with `fingerprint` on behalf of runner `runnerId` (a row without an
 * answer, stored later by `storeResponse`), or says why it cannot run.
 */
export function claimKey(tx: Executor, input: KeyClaim): Promise<Claim> {
  return takeKey(tx, input, null);
}

/**
 * Writes the key's row with its answer in one statement, at the end of a
 * request whose writes share the transaction, or says why the key is not
 * this request's (the caller then undoes the request's writes).
 */
export function recordAnswer(tx: Executor, input: KeyClaim, answer: StoredAnswer): Promise<Claim> {
  return takeKey(tx, input, answer);
}

/**
 * The common case, a key never used, is one statement. Otherwise the row
 * there decides: a live one refuses; one past its 24 hours, or unanswered by
 * a process that is gone, is replaced.
 */
async function takeKey(tx: Executor, input: KeyClaim, answer: StoredAnswer | null): Promise<Claim> {
  const row = [
    input.accountId,
    input.key,
    input.fingerprint,
    input.runnerId,
    input.now,
    answer?.status ?? null,
    answer?.body ?? null,
    answer ? JSON.stringify(answer.headers) : null,
  ];
  const insert = (conflict: string) =>
    executorRawRows(
      tx,
      `INSERT INTO idempotency_keys (account_id, key, fingerprint, claimed_by, created_at, response_status, response_body, response_headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)${conflict}`,
      row,
    );
  if ((await insert(" ON CONFLICT DO NOTHING RETURNING key")).length > 0) return { kind: "claimed" };
  const verdict = await readKey((text, args) => executorRawRows(tx, text, args), input);
  if (verdict.kind === "claimed") {
    await releaseKey(tx, input);
    await insert("");
  }
  return verdict;
}

/**
 * What the key's row says of this request: `claimed` when there is none, or
 * it is past its 24 hours or abandoned. A read: `takeKey` acts on it in a
 * write transaction; a one-transaction request whose run answered 5xx reads
 * it to replay a stored answer rather than fail.
 */
export async function readKey(rows: RawRows, input: KeyClaim): Promise<Claim> {
  const [found] = await rows(
    "SELECT fingerprint, response_status, response_body, response_headers, claimed_by, created_at FROM idempotency_keys WHERE account_id = ? AND key = ?",
    [input.accountId, input.key],
  );
  if (found === undefined) return { kind: "claimed" };
  const row = keyRow(found);
  if (row.createdAt < input.now - IDEMPOTENCY_TTL_MS || (await isAbandoned(rows, row, input)))
    return { kind: "claimed" };
  if (row.fingerprint !== input.fingerprint) return { kind: "reused" };
  if (row.responseStatus === null) return { kind: "in_flight" };
  return {
    kind: "replay",
    status: row.responseStatus,
    body: row.responseBody ?? "",
    headers: row.responseHeaders ?? {},
  };
}

/** A row of `readKey`'s SELECT, by its columns' positions. */
function keyRow(row: RawRow): KeyRow {
  const [fingerprint, responseStatus, responseBody, responseHeaders, claimedBy, createdAt] = Array.from(row);
  return {
    fingerprint: String(fingerprint),
    responseStatus: responseStatus === null ? null : Number(responseStatus),
    responseBody: responseBody === null ? null : String(responseBody),
    responseHeaders: responseHeaders === null ? null : (JSON.parse(String(responseHeaders)) as Record<string, string>),
    claimedBy: claimedBy === null ? null : String(claimedBy),
    createdAt: Number(createdAt),
  };
}

/** Deletes keys past their 24 hours: housekeeping only, since a claim already treats them as absent. */
export async function sweepExpiredKeys(tx: Executor, now: number): Promise<void> {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS));
}

/** Stores the answer in the row `claimKey` wrote. */
export async function storeResponse(
  tx: Executor,
  input: { accountId: string; key: string } & StoredAnswer,
): Promise<void> {
  await executorRun(
    tx,
    "UPDATE idempotency_keys SET response_status = ?, response_body = ?, response_headers = ? WHERE account_id = ? AND key = ?",
    [input.status, input.body, JSON.stringify(input.headers), input.accountId, input.key],
  );
}

/** Frees the key after a server error, so that a retry runs the request again. */
export async function releaseKey(tx: Executor, input: { accountId: string; key: string }): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key)));
}
