/** Where a session is in its life: waiting for its profile, open, or ended (closed by a caller, or failed). */
export const SESSION_STATUSES = ["queued", "active", "closed", "failed"] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];
