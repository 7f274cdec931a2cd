import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "./database";
import type { RawRow } from "./executor";
import { executorRawRows, executorRun } from "./raw-rows";
import { idempotencyKeys, runners } from "./schema";

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
async function isAbandoned(tx: Executor, row: KeyRow, input: { now: number; runnerId: string }): Promise<boolean> {
  if (row.responseStatus !== null) return false;
  if (row.claimedBy === null) return row.createdAt < input.now - IN_FLIGHT_ABANDONED_MS;
  if (row.claimedBy === input.runnerId) return false;
  const [claimant] = await tx.select({ id: runners.id }).from(runners).where(eq(runners.id, row.claimedBy));
  return claimant === undefined;
}

/** Who claims which key for which request, and when. */
export interface KeyClaim {
  accountId: string;
  key: string;
  fingerprint: string;
  now: number;
  runnerId: string;
}

/**
 * Claims `key` for a request with `fingerprint` on behalf of runner `runnerId`, or says why it cannot run.
 * The common case, a new key, is one statement; a key past its 24 hours counts as absent.
 */
export async function claimKey(tx: Executor, input: KeyClaim): Promise<Claim> {
  const inserted = await executorRawRows(
    tx,
    "INSERT INTO idempotency_keys (account_id, key, fingerprint, claimed_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING key",
    [input.accountId, input.key, input.fingerprint, input.runnerId, input.now],
  );
  if (inserted.length > 0) return { kind: "claimed" };
  const claim = await checkKey(tx, input);
  if (claim.kind === "claimed") {
    await tx.insert(idempotencyKeys).values({
      accountId: input.accountId,
      key: input.key,
      fingerprint: input.fingerprint,
      claimedBy: input.runnerId,
      createdAt: input.now,
    });
  }
  return claim;
}

/**
 * Says whether `key` is free for this request, in a write transaction that
 * then records it (`claimKey`, or `recordAnswer` with the answer itself): a
 * refusal when a live row holds it, else `claimed`, after deleting a row
 * past its 24 hours or abandoned by its process. Nothing is written for a
 * key never used, so a request that claims and answers in one transaction
 * writes its key's row once.
 */
export async function checkKey(tx: Executor, input: KeyClaim): Promise<Claim> {
  const [found] = await executorRawRows(
    tx,
    "SELECT fingerprint, response_status, response_body, response_headers, claimed_by, created_at FROM idempotency_keys WHERE account_id = ? AND key = ?",
    [input.accountId, input.key],
  );
  if (found === undefined) return { kind: "claimed" };
  const row = keyRow(found);
  if (row.createdAt >= input.now - IDEMPOTENCY_TTL_MS && !(await isAbandoned(tx, row, input))) {
    if (row.fingerprint !== input.fingerprint) return { kind: "reused" };
    if (row.responseStatus === null) return { kind: "in_flight" };
    return {
      kind: "replay",
      status: row.responseStatus,
      body: row.responseBody ?? "",
      headers: row.responseHeaders ?? {},
    };
  }
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key)));
  return { kind: "claimed" };
}

/** A row of `checkKey`'s SELECT, by its columns' positions. */
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

/** The response a replay repeats. */
export interface StoredAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Writes the key's row with its answer, for a key `checkKey` found free in the same transaction. */
export async function recordAnswer(tx: Executor, input: KeyClaim & StoredAnswer): Promise<void> {
  await executorRun(
    tx,
    "INSERT INTO idempotency_keys (account_id, key, fingerprint, claimed_by, created_at, response_status, response_body, response_headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [
      input.accountId,
      input.key,
      input.fingerprint,
      input.runnerId,
      input.now,
      input.status,
      input.body,
      JSON.stringify(input.headers),
    ],
  );
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
