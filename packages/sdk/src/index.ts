export {
  type ClientOptions,
  type ClientOverrides,
  DEFAULT_BASE_URL,
  Driftstack,
  type Health,
  type Schemas,
} from "./client";
export { APIPromise, type Send, type WithRequestId, type WithResponse } from "./core/api-promise";
export * from "./core/errors";
export type { Logger, LogLevel } from "./core/logger";
export { type FetchPage, Page, type PageBody, PagePromise, type PageQuery } from "./core/pagination";
export type { Backoff } from "./core/retry";
export type { Fetch, RequestOptions } from "./core/transport";
export type { Method, Operation, PageItem, Path, QueryParams, RequestBody, ResponseBody } from "./core/types";
export type { components, operations, paths } from "./generated/openapi";
export { VERSION } from "./generated/version";
// The resource classes are exported for their types (`ds.profiles` is a `Profiles`); build them through `Driftstack`.
export type { Account, AccountResource } from "./resources/account";
export type { Archetype, ArchetypeListParams, Archetypes } from "./resources/archetypes";
export type { AuditEntry, AuditLog, AuditLogListParams } from "./resources/audit-log";
export type {
  ProfileSnapshotListItem,
  ProfileSnapshotListParams,
  ProfileSnapshots,
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
  Profiles,
  ProfileUpdateParams,
} from "./resources/profiles";
export type { Cookie, CookieAddParams, CookiePage, SessionCookies } from "./resources/session-cookies";
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
  Sessions,
} from "./resources/sessions";
export type {
  RestoredProfile,
  SnapshotDiff,
  SnapshotDiffParams,
  SnapshotListItem,
  SnapshotListParams,
  SnapshotRestoreParams,
  Snapshots,
} from "./resources/snapshots";
