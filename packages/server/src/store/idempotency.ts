import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "./database";
import { idempotencyKeys } from "./schema";

/** How long a stored response replays. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A key still in flight after this long belongs to a request whose process
 * died before it could store the response; a retry may then run again.
 */
export const IN_FLIGHT_ABANDONED_MS = 2 * 60 * 1000;

export type Claim =
  | { kind: "claimed" }
  | { kind: "in_flight" }
  | { kind: "reused" }
  | { kind: "replay"; status: number; body: string; headers: Record<string, string> };

/** Claims `key` for a request with `fingerprint`, or says why it cannot run. */
export async function claimKey(
  tx: Executor,
  input: { accountId: string; key: string; fingerprint: string; now: number },
): Promise<Claim> {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, input.now - IDEMPOTENCY_TTL_MS));
  const where = and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key));
  const [row] = await tx.select().from(idempotencyKeys).where(where);
  if (row) {
    const abandoned = row.responseStatus === null && row.createdAt < input.now - IN_FLIGHT_ABANDONED_MS;
    if (!abandoned) {
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
  }
  await tx.insert(idempotencyKeys).values({
    accountId: input.accountId,
    key: input.key,
    fingerprint: input.fingerprint,
    createdAt: input.now,
  });
  return { kind: "claimed" };
}

export async function storeResponse(
  tx: Executor,
  input: { accountId: string; key: string; status: number; body: string; headers: Record<string, string> },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ responseStatus: input.status, responseBody: input.body, responseHeaders: input.headers })
    .where(and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key)));
}

/** Frees the key after a server error, so that a retry runs the request again. */
export async function releaseKey(tx: Executor, input: { accountId: string; key: string }): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, input.accountId), eq(idempotencyKeys.key, input.key)));
}
