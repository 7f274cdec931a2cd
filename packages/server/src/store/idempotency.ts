import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "./database";
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

type KeyRow = typeof idempotencyKeys.$inferSelect;

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

/**
 * Claims `key` for a request with `fingerprint` on behalf of runner `runnerId`, or says why it cannot run.
 * The common case, a new key, is one statement; a key past its 24 hours counts as absent.
 */
export async function claimKey(
  tx: Executor,
  input: { accountId: string; key: string; fingerprint: string; now: number; runnerId: string },
): Promise<Claim> {
  const claim = {
    accountId: input.accountId,
    key: input.key,
    fingerprint: input.fingerprint,
    claimedBy: input.runnerId,
    createdAt: input.now,
  };
  const inserted = await executorRawRows(
    tx,
    "INSERT INTO idempotency_keys (account_id, key, fingerprint, claimed_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING key",
    [claim.accountId, claim.key, claim.fingerprint, claim.claimedBy, claim.createdAt],
  );
  if (inserted.length > 0) return { kind: "claimed" };
  const where = and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key));
  const [row] = await tx.select().from(idempotencyKeys).where(where);
  if (row && row.createdAt >= input.now - IDEMPOTENCY_TTL_MS && !(await isAbandoned(tx, row, input))) {
    if (row.fingerprint !== input.fingerprint) return { kind: "reused" };
    if (row.responseStatus === null) return { kind: "in_flight" };
    return {
      kind: "replay",
      status: row.responseStatus,
      body: row.responseBody ?? "",
      headers: row.responseHeaders ?? {},
    };
  }
  await tx.delete(idempotencyKeys).where(where);
  await tx.insert(idempotencyKeys).values(claim);
  return { kind: "claimed" };
}

/** Deletes keys past their 24 hours: housekeeping only, since a claim already treats them as absent. */
export async function sweepExpiredKeys(tx: Executor, now: number): Promise<void> {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS));
}

export async function storeResponse(
  tx: Executor,
  input: { accountId: string; key: string; status: number; body: string; headers: Record<string, string> },
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
