import { eq } from "drizzle-orm";
import type { Executor } from "./database";
import { browserStates, profileSnapshots, profiles } from "./schema";

/** The format tag of states written by the Playwright driver: `storageState({ indexedDB: true })` as JSON. */
export const PLAYWRIGHT_STATE_FORMAT = "playwright-storage-state+json;v=1";

export async function insertState(
  tx: Executor,
  input: { id: string; accountId: string; format: string; data: string; now: number },
): Promise<void> {
  await tx.insert(browserStates).values({
    id: input.id,
    accountId: input.accountId,
    format: input.format,
    bytes: new TextEncoder().encode(input.data).byteLength,
    data: input.data,
    createdAt: input.now,
  });
}

export async function readState(q: Executor, id: string) {
  const [row] = await q.select().from(browserStates).where(eq(browserStates.id, id));
  return row;
}

/**
 * Deletes a state blob once no profile and no snapshot points at it any more.
 * Blobs are shared, never copied: a snapshot and a profile restored from it
 * hold the same immutable row.
 */
export async function releaseState(tx: Executor, stateId: string | null): Promise<void> {
  if (stateId === null) return;
  const [profile] = await tx.select({ id: profiles.id }).from(profiles).where(eq(profiles.stateId, stateId)).limit(1);
  if (profile) return;
  const [snapshot] = await tx
    .select({ id: profileSnapshots.id })
    .from(profileSnapshots)
    .where(eq(profileSnapshots.stateId, stateId))
    .limit(1);
  if (snapshot) return;
  await tx.delete(browserStates).where(eq(browserStates.id, stateId));
}
