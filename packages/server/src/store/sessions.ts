import { and, asc, count, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { notFound } from "../domain/problem";
import type { SessionStatus } from "../domain/session-status";
import type { Executor } from "./database";
import { afterCursor } from "./paging";
import { profiles, sessions } from "./schema";

export type SessionRow = typeof sessions.$inferSelect;

const isWriter = (profileId: string) => and(eq(sessions.profileId, profileId), eq(sessions.persist, true));

/** Queued writers on the profile created before `row`: its place in line is this plus one. */
export async function queuePosition(q: Executor, row: SessionRow): Promise<number | null> {
  if (row.status !== "queued") return null;
  const [ahead] = await q
    .select({ n: count() })
    .from(sessions)
    .where(
      and(
        isWriter(row.profileId),
        eq(sessions.status, "queued"),
        or(lt(sessions.createdAt, row.createdAt), and(eq(sessions.createdAt, row.createdAt), lt(sessions.id, row.id))),
      ),
    );
  return (ahead?.n ?? 0) + 1;
}

export async function findSession(q: Executor, accountId: string, id: string): Promise<SessionRow | undefined> {
  const [row] = await q
    .select()
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), eq(sessions.id, id)));
  return row;
}

export async function getSession(q: Executor, accountId: string, id: string): Promise<SessionRow> {
  const row = await findSession(q, accountId, id);
  if (!row) throw notFound("session", id);
  return row;
}

/** Up to `limit + 1` sessions, newest first: the extra one only says that more exist (api/pagination.ts `toPage`). */
export async function listSessions(
  q: Executor,
  accountId: string,
  query: { limit: number; cursor?: string; profileId?: string; status?: SessionStatus },
) {
  const rows = await q
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        afterCursor("session", query.cursor, sessions),
        query.profileId === undefined ? undefined : eq(sessions.profileId, query.profileId),
        query.status === undefined ? undefined : eq(sessions.status, query.status),
      ),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(query.limit + 1);
  return rows;
}

/** Whether a new writer on the profile may start now: no active writer and nobody queued ahead. */
export async function writerMayStart(tx: Executor, profileId: string): Promise<boolean> {
  const [busy] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(isWriter(profileId), inArray(sessions.status, ["active", "queued"])))
    .limit(1);
  return busy === undefined;
}

/** The oldest queued writer on the profile, if no writer is active. */
export async function nextWriter(tx: Executor, profileId: string): Promise<SessionRow | undefined> {
  const [active] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(isWriter(profileId), eq(sessions.status, "active")))
    .limit(1);
  if (active) return undefined;
  const [head] = await tx
    .select()
    .from(sessions)
    .where(and(isWriter(profileId), eq(sessions.status, "queued")))
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .limit(1);
  return head;
}

export async function queuedSessionsOf(q: Executor, runnerId: string): Promise<SessionRow[]> {
  return q
    .select()
    .from(sessions)
    .where(and(eq(sessions.runnerId, runnerId), eq(sessions.status, "queued")))
    .orderBy(asc(sessions.createdAt), asc(sessions.id));
}

export async function sessionsById(q: Executor, ids: string[]): Promise<SessionRow[]> {
  if (ids.length === 0) return [];
  return q.select().from(sessions).where(inArray(sessions.id, ids));
}

export async function markStarted(tx: Executor, id: string, input: { engine: string; now: number }): Promise<void> {
  await tx
    .update(sessions)
    .set({ status: "active", engine: input.engine, startedAt: input.now })
    .where(eq(sessions.id, id));
}

/** Records what the session's context started from, once it has opened. */
export async function markRestored(tx: Executor, id: string, restored: "full" | "portable" | "none"): Promise<void> {
  await tx.update(sessions).set({ stateRestored: restored }).where(eq(sessions.id, id));
}

/** Ends a session that has not ended yet, for `reason`; returns whether it did. */
export async function endSession(
  tx: Executor,
  id: string,
  input: { status: "closed" | "failed"; reason: string; now: number; statePersistedAt?: number },
): Promise<boolean> {
  const result = await tx
    .update(sessions)
    .set({
      status: input.status,
      endReason: input.reason,
      endedAt: input.now,
      statePersistedAt: input.statePersistedAt,
    })
    .where(and(eq(sessions.id, id), inArray(sessions.status, ["queued", "active"])));
  return result.rowsAffected > 0;
}

/** Ends every live session on a deleted profile; their servers notice and close the contexts. */
export async function endAllOfProfile(tx: Executor, profileId: string, now: number): Promise<void> {
  await tx
    .update(sessions)
    .set({ status: "closed", endReason: "profile_deleted", endedAt: now })
    .where(and(eq(sessions.profileId, profileId), inArray(sessions.status, ["queued", "active"])));
}

/** Inserts a new session and marks its profile used now. */
/** The row of a session just created: active at once (`startsNow`) or queued behind the profile's writer. */
export function newSessionRow(input: {
  id: string;
  caller: Pick<Caller, "keyId" | "keyAccountId"> & { account: { id: string } };
  profile: { id: string; archetype: string };
  persist: boolean;
  idleTimeoutS: number;
  startsNow: boolean;
  runnerId: string;
  engine: string;
  now: number;
}): SessionRow {
  const { caller, profile, startsNow, now } = input;
  return {
    id: input.id,
    accountId: caller.account.id,
    profileId: profile.id,
    archetype: profile.archetype,
    persist: input.persist,
    idleTimeoutS: input.idleTimeoutS,
    status: startsNow ? "active" : "queued",
    runnerId: input.runnerId,
    engine: input.engine,
    endReason: null,
    createdByKeyId: caller.keyId,
    createdByAccountId: caller.keyAccountId,
    createdAt: now,
    startedAt: startsNow ? now : null,
    endedAt: null,
    statePersistedAt: null,
    stateRestored: null,
  };
}

export async function insertSession(tx: Executor, row: SessionRow): Promise<void> {
  await tx.insert(sessions).values(row);
  await tx.update(profiles).set({ lastUsedAt: row.createdAt }).where(eq(profiles.id, row.profileId));
}

/** A session's status now, or undefined if there is no such session. */
export async function sessionStatus(q: Executor, id: string): Promise<SessionStatus | undefined> {
  const [row] = await q.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id));
  return row?.status;
}

/** Whether the session's profile still exists (a deleted profile ends its sessions, but their rows stay). */
export async function profileOfSessionExists(q: Executor, row: SessionRow): Promise<boolean> {
  const [profile] = await q.select({ id: profiles.id }).from(profiles).where(eq(profiles.id, row.profileId));
  return profile !== undefined;
}
