import type { AuditAction, AuditTarget } from "../domain/audit-actions";
import { isoTime } from "../domain/clock";

/** What an audit entry's wire form is made from: its stored row. */
export interface AuditRecord {
  id: string;
  action: string;
  accountId: string;
  actorKeyId: string;
  actorAccountId: string;
  targetType: string;
  targetId: string;
  payload: Record<string, unknown>;
  createdAt: number;
}

/** An audit entry as the API answers it (`AuditEntry` in audit-schemas.ts). */
export function presentAudit(row: AuditRecord) {
  return {
    id: row.id,
    // Written only through recordAudit, whose types keep these columns to the vocabularies.
    action: row.action as AuditAction,
    account_id: row.accountId,
    actor: { key_id: row.actorKeyId, account_id: row.actorAccountId },
    target: { type: row.targetType as AuditTarget, id: row.targetId },
    payload: row.payload,
    created_at: isoTime(row.createdAt),
  };
}
