/** The changes the audit log records, and the kinds of resource an entry is about. */
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

export const AUDIT_TARGETS = ["profile", "snapshot", "session"] as const;

export type AuditTarget = (typeof AUDIT_TARGETS)[number];
