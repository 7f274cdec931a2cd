import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { SESSION_STATUSES } from "../domain/session-status";

// Times are integer milliseconds since the epoch. Rows whose id is a UUIDv7
// keep `created_at` equal to the millisecond in the id (see domain/ids.ts).

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tier: text("tier").notNull(),
  /** The negotiated cap of an enterprise account; null means none. Ignored for other tiers. */
  profileCap: integer("profile_cap"),
  createdAt: integer("created_at").notNull(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    scope: text("scope", { enum: ["read", "admin"] }).notNull(),
    /** SHA-256 of the secret, hex. The secret itself is shown once and never stored. */
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** When a request last authenticated with it (refreshed at most once a minute per server). */
    lastUsedAt: integer("last_used_at"),
    /** Set by `keys revoke`: from then on the key answers 401 (see http/auth.ts). */
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_secret_hash").on(t.secretHash)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    accountId: text("account_id").notNull(),
    memberAccountId: text("member_account_id").notNull(),
    role: text("role", { enum: ["member", "admin"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.memberAccountId] })],
);

/**
 * Browser states are immutable blobs. A profile points at its current one and a
 * snapshot at the one it captured; persisting a session writes a new row and
 * moves the profile's pointer, so a reader sees the old state or the new one,
 * never a torn one. A row is deleted once nothing points at it.
 */
export const browserStates = sqliteTable("browser_states", {
  id: text("id").primaryKey(),
  accountId: text("account_id").notNull(),
  format: text("format").notNull(),
  /** Both layers' sizes: what the per-profile state cap counts. */
  bytes: integer("bytes").notNull(),
  /** The driver's export, as text (Playwright's storage state is JSON): the portable layer. */
  data: text("data").notNull(),
  /**
   * The engine-native layer (an archive of the engine's data directory) and
   * the engine and backend that wrote it ("chromium/playwright"); null when
   * the state has none (the fake driver, a remote browser, an imported state).
   */
  nativeEngine: text("native_engine"),
  nativeData: blob("native_data", { mode: "buffer" }),
  createdAt: integer("created_at").notNull(),
});

export const profiles = sqliteTable(
  "profiles",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    name: text("name").notNull(),
    archetype: text("archetype").notNull(),
    description: text("description"),
    stateId: text("state_id"),
    lastUsedAt: integer("last_used_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("profiles_account_name").on(t.accountId, t.name),
    index("profiles_account_created").on(t.accountId, t.createdAt, t.id),
    index("profiles_state").on(t.stateId),
  ],
);

export const profileSnapshots = sqliteTable(
  "profile_snapshots",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    parentProfileId: text("parent_profile_id"),
    parentName: text("parent_name").notNull(),
    parentArchetype: text("parent_archetype").notNull(),
    label: text("label").notNull(),
    description: text("description"),
    stateId: text("state_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("profile_snapshots_account_created").on(t.accountId, t.createdAt, t.id),
    index("profile_snapshots_parent_created").on(t.parentProfileId, t.createdAt, t.id),
    index("profile_snapshots_state").on(t.stateId),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    action: text("action").notNull(),
    actorKeyId: text("actor_key_id").notNull(),
    actorAccountId: text("actor_account_id").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    payload: text("payload", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("audit_log_account_created").on(t.accountId, t.createdAt, t.id),
    index("audit_log_account_target").on(t.accountId, t.targetId),
  ],
);

/** One row per (account, Idempotency-Key): in flight until the first response is stored. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    accountId: text("account_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 over method, path and body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    /** The headers a replay repeats (content type, x-should-retry), as JSON. */
    responseHeaders: text("response_headers", { mode: "json" }).$type<Record<string, string>>(),
    /** The runner (server process) that claimed the key: an unanswered key is abandoned once that runner is gone. */
    claimedBy: text("claimed_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] }), index("idempotency_keys_created").on(t.createdAt)],
);

/**
 * Sessions are the queue. One writer per profile is enforced here, not in any
 * process's memory: at most one active `persist` session per profile (a
 * partial unique index), and queued writers start in creation order, so
 * several servers on one database still serialise writers.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    profileId: text("profile_id").notNull(),
    archetype: text("archetype").notNull(),
    persist: integer("persist", { mode: "boolean" }).notNull(),
    idleTimeoutS: integer("idle_timeout_s").notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull(),
    /** The server process that opens and serves this session's browser context. */
    runnerId: text("runner_id").notNull(),
    engine: text("engine"),
    endReason: text("end_reason"),
    createdByKeyId: text("created_by_key_id").notNull(),
    createdByAccountId: text("created_by_account_id").notNull(),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    endedAt: integer("ended_at"),
    statePersistedAt: integer("state_persisted_at"),
    /** What the session's context started from, once it has opened: both state layers, the portable one, nothing. */
    stateRestored: text("state_restored", { enum: ["full", "portable", "none"] }),
  },
  (t) => [
    uniqueIndex("sessions_one_writer").on(t.profileId).where(sql`status = 'active' AND persist = 1`),
    index("sessions_profile_status").on(t.profileId, t.status, t.createdAt, t.id),
    index("sessions_account_created").on(t.accountId, t.createdAt, t.id),
    index("sessions_runner_status").on(t.runnerId, t.status),
    // The dead-runner sweep scans live sessions on every create and heartbeat.
    index("sessions_status_runner").on(t.status, t.runnerId),
  ],
);

/** Live server processes; a runner whose heartbeat goes stale is dead and its sessions fail. */
export const runners = sqliteTable("runners", {
  id: text("id").primaryKey(),
  /** Host name and process id, so a server can tell at once that a runner on its own host is gone. */
  host: text("host"),
  pid: integer("pid"),
  heartbeatAt: integer("heartbeat_at").notNull(),
  startedAt: integer("started_at").notNull(),
});
