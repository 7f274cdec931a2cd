import { eq } from "drizzle-orm";
import { newId } from "../domain/ids";
import type { Executor } from "./database";
import { browserStates, profileSnapshots, profiles } from "./schema";

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

/** The profile's current state as the driver stored it, or null before its first persisted session. */
export async function profileState(q: Executor, profileId: string): Promise<{ format: string; data: string } | null> {
  const [row] = await q
    .select({ format: browserStates.format, data: browserStates.data })
    .from(profiles)
    .innerJoin(browserStates, eq(browserStates.id, profiles.stateId))
    .where(eq(profiles.id, profileId));
  return row ?? null;
}

/**
 * Points the profile at a newly written state and releases the old one, in the
 * caller's transaction: a reader sees the old state or the new, never a mix.
 * Returns false, writing nothing, if the profile is gone.
 */
export async function replaceProfileState(
  tx: Executor,
  input: { profileId: string; accountId: string; format: string; data: string; now: number },
): Promise<boolean> {
  const [profile] = await tx
    .select({ stateId: profiles.stateId })
    .from(profiles)
    .where(eq(profiles.id, input.profileId));
  if (!profile) return false;
  const id = newId("state", input.now);
  await insertState(tx, { id, accountId: input.accountId, format: input.format, data: input.data, now: input.now });
  await tx.update(profiles).set({ stateId: id }).where(eq(profiles.id, input.profileId));
  await releaseState(tx, profile.stateId);
  return true;
}
