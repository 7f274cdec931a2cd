import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { newId } from "../domain/ids";
import { notFound } from "../domain/problem";
import type { ProfileRecord } from "../domain/records";
import { recordAudit } from "./audit";
import type { Executor } from "./database";
import { assertNameFree, assertRoomForProfile, freeCopyName } from "./profile-rules";
import { executorRun } from "./raw-rows";
import { browserStates, profileSnapshots, profiles, sessions } from "./schema";
import { endAllOfProfile } from "./sessions";
import { releaseState } from "./states";

const profileColumns = {
  id: profiles.id,
  accountId: profiles.accountId,
  name: profiles.name,
  archetype: profiles.archetype,
  description: profiles.description,
  stateId: profiles.stateId,
  lastUsedAt: profiles.lastUsedAt,
  createdAt: profiles.createdAt,
  updatedAt: profiles.updatedAt,
  stateBytes: browserStates.bytes,
  stateUpdatedAt: browserStates.createdAt,
  inUse:
    sql<boolean>`exists (select 1 from ${sessions} where ${sessions.profileId} = ${profiles.id} and ${sessions.status} = 'active')`.mapWith(
      Boolean,
    ),
};

export type ProfileRow = ProfileRecord & { accountId: string; stateId: string | null };

function selectProfiles(q: Executor, where: SQL | undefined) {
  return q
    .select(profileColumns)
    .from(profiles)
    .leftJoin(browserStates, eq(browserStates.id, profiles.stateId))
    .where(where);
}

/** Built once per executor: the hottest read of the API need not rebuild its SQL on every call. */
const findProfileQueries = new WeakMap<Executor, ReturnType<typeof prepareFindProfile>>();

function prepareFindProfile(q: Executor) {
  return selectProfiles(
    q,
    and(eq(profiles.accountId, sql.placeholder("accountId")), eq(profiles.id, sql.placeholder("id"))),
  ).prepare();
}

export async function findProfile(q: Executor, accountId: string, id: string): Promise<ProfileRow | undefined> {
  let query = findProfileQueries.get(q);
  if (!query) {
    query = prepareFindProfile(q);
    findProfileQueries.set(q, query);
  }
  const [row] = await query.all({ accountId, id });
  return row;
}

export async function getProfile(q: Executor, accountId: string, id: string): Promise<ProfileRow> {
  const row = await findProfile(q, accountId, id);
  if (!row) throw notFound("profile", id);
  return row;
}

/**
 * Inserts a profile whose name is already known to be free and whose account
 * has room (the caller checked both in this same transaction), and audits it.
 */
export async function insertProfile(
  tx: Executor,
  input: {
    caller: Caller;
    name: string;
    archetype: string;
    description: string | null;
    stateId?: string | null;
    provenance?: { cloned_from: string } | { restored_from_snapshot: string };
    now: number;
  },
): Promise<ProfileRow> {
  const id = newId("profile", input.now);
  const row = {
    id,
    accountId: input.caller.account.id,
    name: input.name,
    archetype: input.archetype,
    description: input.description,
    stateId: input.stateId ?? null,
    lastUsedAt: null,
    createdAt: input.now,
    updatedAt: input.now,
  };
  await executorRun(
    tx,
    "INSERT INTO profiles (id, account_id, name, archetype, description, state_id, last_used_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [row.id, row.accountId, row.name, row.archetype, row.description, row.stateId, null, row.createdAt, row.updatedAt],
  );
  await recordAudit(tx, {
    caller: input.caller,
    action: "profile.created",
    target: { type: "profile", id },
    payload: { name: input.name, archetype: input.archetype, ...input.provenance },
    now: input.now,
  });
  // A new profile is in no session; without a state there is nothing to read back.
  if (row.stateId === null) return { ...row, stateBytes: null, stateUpdatedAt: null, inUse: false };
  return getProfile(tx, input.caller.account.id, id);
}

/**
 * Creates a profile derived from another (clone) or from a snapshot (restore):
 * an explicit name must be free; without one, the "(copy)" chain of
 * `baseName` picks the first free name. Then the cap, then the insert.
 */
export async function insertDerivedProfile(
  tx: Executor,
  input: Omit<Parameters<typeof insertProfile>[1], "name"> & { explicitName?: string; baseName: string },
): Promise<ProfileRow> {
  const accountId = input.caller.account.id;
  let name = input.explicitName;
  if (name === undefined) name = await freeCopyName(tx, accountId, input.baseName);
  else await assertNameFree(tx, accountId, name);
  await assertRoomForProfile(tx, input.caller.account);
  return insertProfile(tx, { ...input, name });
}

export async function updateProfile(
  tx: Executor,
  input: { caller: Caller; id: string; name?: string; description?: string | null; now: number },
): Promise<ProfileRow> {
  const accountId = input.caller.account.id;
  const before = await getProfile(tx, accountId, input.id);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.name !== undefined && input.name !== before.name) {
    await assertNameFree(tx, accountId, input.name);
    changes.name = { from: before.name, to: input.name };
  }
  if (input.description !== undefined && input.description !== before.description) {
    changes.description = { from: before.description, to: input.description };
  }
  if (Object.keys(changes).length === 0) return before;
  await tx
    .update(profiles)
    .set({
      name: input.name ?? before.name,
      description: input.description === undefined ? before.description : input.description,
      updatedAt: input.now,
    })
    .where(eq(profiles.id, input.id));
  await recordAudit(tx, {
    caller: input.caller,
    action: "profile.updated",
    target: { type: "profile", id: input.id },
    payload: { changes },
    now: input.now,
  });
  return getProfile(tx, accountId, input.id);
}

/** Deletes the profile and its browser state; snapshots keep theirs and lose only the parent link. */
export async function deleteProfile(tx: Executor, input: { caller: Caller; id: string; now: number }): Promise<void> {
  const profile = await getProfile(tx, input.caller.account.id, input.id);
  await tx.delete(profiles).where(eq(profiles.id, profile.id));
  await tx
    .update(profileSnapshots)
    .set({ parentProfileId: null })
    .where(eq(profileSnapshots.parentProfileId, profile.id));
  await releaseState(tx, profile.stateId);
  await endAllOfProfile(tx, profile.id, input.now);
  await recordAudit(tx, {
    caller: input.caller,
    action: "profile.deleted",
    target: { type: "profile", id: profile.id },
    payload: { name: profile.name },
    now: input.now,
  });
}
