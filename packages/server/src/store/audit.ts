import { and, desc, eq } from "drizzle-orm";
import type { Caller } from "../domain/caller";
import { isoTime } from "../domain/clock";
import { newId } from "../domain/ids";
import type { Executor } from "./database";
import { afterCursor, toPage } from "./paging";
import { auditLog } from "./schema";

export const AUDIT_ACTIONS = [
  "profile.created",
  "profile.updated",
  "profile.deleted",
  "profile.state_exported",
  "profile.state_imported",
  "snapshot.created",
  "snapshot.deleted",
  "session.created",
  "session.destroyed",
  "session.checkpointed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Writes an audit entry; call it inside the transaction that makes the change it records. */
/** Who made a change: the key, the key's account, and the account acted on. */
export type Actor = Pick<Caller, "keyId" | "keyAccountId"> & { account: { id: string } };

export async function recordAudit(
  tx: Executor,
  entry: {
    caller: Actor;
    action: AuditAction;
    target: { type: "profile" | "snapshot" | "session"; id: string };
    payload?: Record<string, unknown>;
    now: number;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId("audit", entry.now),
    accountId: entry.caller.account.id,
    action: entry.action,
    actorKeyId: entry.caller.keyId,
    actorAccountId: entry.caller.keyAccountId,
    targetType: entry.target.type,
    targetId: entry.target.id,
    payload: entry.payload ?? {},
    createdAt: entry.now,
  });
}

export async function listAudit(
  q: Executor,
  accountId: string,
  query: { limit: number; cursor?: string; action?: AuditAction; targetId?: string },
) {
  const rows = await q
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.accountId, accountId),
        afterCursor("audit", query.cursor, auditLog),
        query.action === undefined ? undefined : eq(auditLog.action, query.action),
        query.targetId === undefined ? undefined : eq(auditLog.targetId, query.targetId),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, presentAudit);
}

function presentAudit(row: typeof auditLog.$inferSelect) {
  return {
    id: row.id,
    action: row.action as AuditAction,
    account_id: row.accountId,
    actor: { key_id: row.actorKeyId, account_id: row.actorAccountId },
    target: { type: row.targetType as "profile" | "snapshot" | "session", id: row.targetId },
    payload: row.payload,
    created_at: isoTime(row.createdAt),
  };
}
