/** The changes the audit log records, and the kinds of resource an entry is about. */
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

export const AUDIT_TARGETS = ["profile", "snapshot", "session"] as const;

export type AuditTarget = (typeof AUDIT_TARGETS)[number];
