export { type ClientOptions, DEFAULT_BASE_URL, Driftstack, type Health } from "./client";
export * from "./core/errors";
export { Page, type PageBody, PagePromise, type PageQuery } from "./core/pagination";
export type { Backoff } from "./core/retry";
export type { Fetch, RequestOptions } from "./core/transport";
export type { components, operations, paths } from "./generated/openapi";
export type { Account } from "./resources/account";
export type { Archetype, ArchetypeListParams } from "./resources/archetypes";
export type { AuditEntry, AuditLogListParams } from "./resources/audit-log";
export type {
  ProfileSnapshotListItem,
  ProfileSnapshotListParams,
  Snapshot,
  SnapshotCreateParams,
} from "./resources/profile-snapshots";
export type {
  PortableState,
  Profile,
  ProfileCloneParams,
  ProfileCreateParams,
  ProfileListItem,
  ProfileListParams,
  ProfileState,
  ProfileUpdateParams,
} from "./resources/profiles";
export type { Cookie, CookieAddParams, CookiePage } from "./resources/session-cookies";
export type {
  DestroyedSession,
  Session,
  SessionCheckpoint,
  SessionCheckpointParams,
  SessionCreateParams,
  SessionEvaluateParams,
  SessionEvaluateResult,
  SessionGotoParams,
  SessionGotoResult,
  SessionListItem,
  SessionListParams,
} from "./resources/sessions";
export type {
  RestoredProfile,
  SnapshotDiff,
  SnapshotDiffParams,
  SnapshotListItem,
  SnapshotListParams,
  SnapshotRestoreParams,
} from "./resources/snapshots";
