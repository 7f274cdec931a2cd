import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { newId } from "../domain/ids";
import { notFound } from "../domain/problem";
import type { SnapshotRecord } from "../domain/records";
import { recordAudit } from "./audit";
import type { Executor } from "./database";
import { afterCursor } from "./paging";
import { getProfile } from "./profiles";
import { browserStates, profileSnapshots } from "./schema";
import { releaseState } from "./states";

const snapshotColumns = {
  id: profileSnapshots.id,
  parentProfileId: profileSnapshots.parentProfileId,
  parentName: profileSnapshots.parentName,
  parentArchetype: profileSnapshots.parentArchetype,
  label: profileSnapshots.label,
  description: profileSnapshots.description,
  stateId: profileSnapshots.stateId,
  createdAt: profileSnapshots.createdAt,
  stateBytes: browserStates.bytes,
};

export type SnapshotRow = SnapshotRecord & { stateId: string | null };

function selectSnapshots(q: Executor, where: SQL | undefined) {
  return q
    .select(snapshotColumns)
    .from(profileSnapshots)
    .leftJoin(browserStates, eq(browserStates.id, profileSnapshots.stateId))
    .where(where);
}

export async function getSnapshot(q: Executor, accountId: string, id: string): Promise<SnapshotRow> {
  const [row] = await selectSnapshots(q, and(eq(profileSnapshots.accountId, accountId), eq(profileSnapshots.id, id)));
  if (!row) throw notFound("snapshot", id);
  return row;
}

/** Up to `limit + 1` snapshots, newest first: the extra one only says that more exist (api/pagination.ts `toPage`). */
export async function listSnapshots(
  q: Executor,
  accountId: string,
  query: { limit: number; cursor?: string; parentProfileId?: string },
) {
  const rows = await selectSnapshots(
    q,
    and(
      eq(profileSnapshots.accountId, accountId),
      afterCursor("snapshot", query.cursor, profileSnapshots),
      query.parentProfileId === undefined ? undefined : eq(profileSnapshots.parentProfileId, query.parentProfileId),
    ),
  )
    .orderBy(desc(profileSnapshots.createdAt), desc(profileSnapshots.id))
    .limit(query.limit + 1);
  return rows;
}

/**
 * Freezes the profile's name, archetype, description and last persisted state.
 * The state blob is immutable, so the snapshot shares it rather than copying.
 */
export async function captureSnapshot(
  tx: Executor,
  input: { caller: Caller; profileId: string; label: string; description?: string | null; now: number },
): Promise<SnapshotRow> {
  const profile = await getProfile(tx, input.caller.account.id, input.profileId);
  const id = newId("snapshot", input.now);
  await tx.insert(profileSnapshots).values({
    id,
    accountId: input.caller.account.id,
    parentProfileId: profile.id,
    parentName: profile.name,
    parentArchetype: profile.archetype,
    label: input.label,
    description: input.description === undefined ? profile.description : input.description,
    stateId: profile.stateId,
    createdAt: input.now,
  });
  await recordAudit(tx, {
    caller: input.caller,
    action: "snapshot.created",
    target: { type: "snapshot", id },
    payload: { parent_profile_id: profile.id, label: input.label },
    now: input.now,
  });
  return getSnapshot(tx, input.caller.account.id, id);
}

export async function deleteSnapshot(tx: Executor, input: { caller: Caller; id: string; now: number }): Promise<void> {
  const snapshot = await getSnapshot(tx, input.caller.account.id, input.id);
  await tx.delete(profileSnapshots).where(eq(profileSnapshots.id, snapshot.id));
  await releaseState(tx, snapshot.stateId);
  await recordAudit(tx, {
    caller: input.caller,
    action: "snapshot.deleted",
    target: { type: "snapshot", id: snapshot.id },
    payload: { parent_profile_id: snapshot.parentProfileId, label: snapshot.label },
    now: input.now,
  });
}
