import { and, eq } from "drizzle-orm";
import { newId } from "../domain/ids";
import { isTier, type Tier } from "../domain/tiers";
import type { Executor } from "./database";
import { accounts, browserStates, profileSnapshots, profiles } from "./schema";

/** A state's engine-native layer, as the driver archives it (driver/types.ts `NativeState`). */
export interface NativeLayer {
  engine: string;
  data: Uint8Array;
}

/** Both layers of a profile's state: the portable one always, the engine-native one when the engine kept one. */
export interface StateLayers {
  format: string;
  data: string;
  native: NativeLayer | null;
}

/** Writes a state row holding both layers (or the portable one alone: `native` absent or null). */
export async function insertState(
  tx: Executor,
  input: { id: string; accountId: string; format: string; data: string; native?: NativeLayer | null; now: number },
): Promise<void> {
  const native = input.native ?? null;
  await tx.insert(browserStates).values({
    id: input.id,
    accountId: input.accountId,
    format: input.format,
    bytes: new TextEncoder().encode(input.data).byteLength + (native?.data.byteLength ?? 0),
    data: input.data,
    nativeEngine: native?.engine ?? null,
    nativeData: native ? Buffer.from(native.data.buffer, native.data.byteOffset, native.data.byteLength) : null,
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

/** The profile's current state (both layers) as the driver stored it, or null before its first persisted session. */
export async function profileState(q: Executor, profileId: string): Promise<StateLayers | null> {
  const [row] = await q
    .select({
      format: browserStates.format,
      data: browserStates.data,
      nativeEngine: browserStates.nativeEngine,
      nativeData: browserStates.nativeData,
    })
    .from(profiles)
    .innerJoin(browserStates, eq(browserStates.id, profiles.stateId))
    .where(eq(profiles.id, profileId));
  if (!row) return null;
  const native =
    row.nativeEngine !== null && row.nativeData !== null
      ? { engine: row.nativeEngine, data: new Uint8Array(row.nativeData) }
      : null;
  return { format: row.format, data: row.data, native };
}

/**
 * Points the profile at a newly written state and releases the old one, in the
 * caller's transaction: a reader sees the old state or the new, never a mix,
 * and both layers move together. Without `native` the new state has no
 * engine-native layer: that is how an imported portable state replaces the
 * profile's state (the old native layer would contradict it, so it goes).
 * Returns false, writing nothing, if the profile is gone.
 */
export async function replaceProfileState(
  tx: Executor,
  input: {
    profileId: string;
    accountId: string;
    format: string;
    data: string;
    native?: NativeLayer | null;
    now: number;
  },
): Promise<string | null> {
  const [profile] = await tx
    .select({ stateId: profiles.stateId })
    .from(profiles)
    .where(eq(profiles.id, input.profileId));
  if (!profile) return null;
  const id = newId("state", input.now);
  await insertState(tx, { ...input, id });
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
