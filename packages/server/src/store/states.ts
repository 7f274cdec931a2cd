import { and, eq } from "drizzle-orm";
import { newId } from "../domain/ids";
import { isTier, type Tier } from "../domain/tiers";
import type { Executor } from "./database";
import { accounts, browserStates, profileSnapshots, profiles } from "./schema";

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
): Promise<string | null> {
  const [profile] = await tx
    .select({ stateId: profiles.stateId })
    .from(profiles)
    .where(eq(profiles.id, input.profileId));
  if (!profile) return null;
  const id = newId("state", input.now);
  await insertState(tx, { id, accountId: input.accountId, format: input.format, data: input.data, now: input.now });
  await tx.update(profiles).set({ stateId: id }).where(eq(profiles.id, input.profileId));
  await releaseState(tx, profile.stateId);
  return id;
}

/** A stored state with what the API shows of it besides the data: its size and when it was written. */
export interface StateRow {
  format: string;
  data: string;
  bytes: number;
  createdAt: number;
}

const stateColumns = {
  format: browserStates.format,
  data: browserStates.data,
  bytes: browserStates.bytes,
  createdAt: browserStates.createdAt,
};

/** The state a profile or snapshot points at (by the holder's `stateId`), or null for none. */
export async function stateById(q: Executor, accountId: string, stateId: string | null): Promise<StateRow | null> {
  if (stateId === null) return null;
  const [row] = await q
    .select(stateColumns)
    .from(browserStates)
    .where(and(eq(browserStates.accountId, accountId), eq(browserStates.id, stateId)));
  return row ?? null;
}

/** The tier whose state cap applies to the account's profiles. */
export async function accountTier(q: Executor, accountId: string): Promise<Tier> {
  const [row] = await q.select({ tier: accounts.tier }).from(accounts).where(eq(accounts.id, accountId));
  if (!row || !isTier(row.tier)) throw new Error(`account ${accountId} has no known tier`);
  return row.tier;
}
