import type { Caller } from "../context";
import { newId } from "../domain/ids";
import type { Executor } from "./database";
import { auditLog } from "./schema";

export const AUDIT_ACTIONS = [
  "profile.created",
  "profile.updated",
  "profile.deleted",
  "snapshot.created",
  "snapshot.deleted",
  "session.created",
  "session.destroyed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Writes an audit entry; call it inside the transaction that makes the change it records. */
export async function recordAudit(
  tx: Executor,
  entry: {
    caller: Caller;
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
