export { type AppOptions, apiRoutes, BODY_LIMIT_BYTES, createApp } from "./app";
export type { AppEnv } from "./context";
export { ARCHETYPES, type Archetype, DEFAULT_ARCHETYPE } from "./domain/archetypes";
export type { Caller } from "./domain/caller";
export { type Clock, systemClock } from "./domain/clock";
export { newId } from "./domain/ids";
export {
  PROBLEMS,
  type ProblemCode,
  type ProblemContent,
  ProblemError,
  problemBody,
  problemHeaders,
  problemType,
} from "./domain/problem";
export { newApiSecret } from "./domain/secrets";
export { TIER_CAPS, TIERS, type Tier } from "./domain/tiers";
export { createFakeDriver, type FakeBrowserDriver } from "./driver/fake";
export type { BrowserContextHandle, BrowserDriver, Cookie, CookieInput, StoredState } from "./driver/types";
export { DriverError } from "./driver/types";
export { describeApi } from "./http/openapi-document";
export { addMember, createAccount, createKey, OperatorError } from "./operator";
export { SessionService, type SessionServiceOptions } from "./sessions/service";
export { Database, openDatabase } from "./store/database";
