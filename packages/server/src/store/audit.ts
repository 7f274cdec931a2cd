import { and, desc, eq } from "drizzle-orm";
import type { AuditAction, AuditTarget } from "../domain/audit-actions";
import type { Caller } from "../domain/caller";
import { newId } from "../domain/ids";
import type { Executor } from "./database";
import { afterCursor } from "./paging";
import { executorRun } from "./raw-rows";
import { auditLog } from "./schema";

/** Writes an audit entry; call it inside the transaction that makes the change it records. */
/** Who made a change: the key, the key's account, and the account acted on. */
export type Actor = Pick<Caller, "keyId" | "keyAccountId"> & { account: { id: string } };

export async function recordAudit(
  tx: Executor,
  entry: {
    caller: Actor;
    action: AuditAction;
    target: { type: AuditTarget; id: string };
    payload?: Record<string, unknown>;
    now: number;
  },
): Promise<void> {
  await executorRun(
    tx,
    "INSERT INTO audit_log (id, account_id, action, actor_key_id, actor_account_id, target_type, target_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      newId("audit", entry.now),
      entry.caller.account.id,
      entry.action,
      entry.caller.keyId,
      entry.caller.keyAccountId,
      entry.target.type,
      entry.target.id,
      JSON.stringify(entry.payload ?? {}),
      entry.now,
    ],
  );
}

/** Up to `limit + 1` entries, newest first: the extra one only says that more exist (api/pagination.ts `toPage`). */
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
  return rows;
}
