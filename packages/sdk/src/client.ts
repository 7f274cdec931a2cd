import { APIClient } from "./core/api-client";
import type { APIPromise } from "./core/api-promise";
import { assertNotBrowser, isBrowser } from "./core/browser";
import { DriftstackError } from "./core/errors";
import { LevelLogger, type Logger, type LogLevel, resolveLogLevel } from "./core/logger";
import type { Backoff } from "./core/retry";
import { type Fetch, RETRY_COUNT_HEADER, type RequestOptions } from "./core/transport";
import type { QueryParams, ResponseBody } from "./core/types";
import type { components } from "./generated/openapi";
import { VERSION } from "./generated/version";
import { AccountResource } from "./resources/account";
import { Archetypes } from "./resources/archetypes";
import { AuditLog } from "./resources/audit-log";
import { Profiles } from "./resources/profiles";
import { Sessions } from "./resources/sessions";
import { Snapshots } from "./resources/snapshots";

/** Every schema of the spec by name: `Schemas["Profile"]`. */
export type Schemas = components["schemas"];

export const DEFAULT_BASE_URL = "http://localhost:8787";
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface ClientOptions {
  /** Defaults to `DRIFTSTACK_API_KEY` where there is an environment (Node, Bun, Deno with env access). */
  apiKey?: string;
  /** Defaults to `DRIFTSTACK_BASE_URL`, else `http://localhost:8787`. */
  baseUrl?: string;
  /** Act on this account by default (`X-Driftstack-Account`). */
  account?: string;
  /** Defaults to `globalThis.fetch`, looked up on every request. */
  fetch?: Fetch;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Per attempt. Default 60 000. */
  timeoutMs?: number;
  /** Sent with every request; per-call `headers` override them. */
  defaultHeaders?: Record<string, string>;
  /** The wait between retries when the server gives no `Retry-After`. */
  backoff?: Backoff;
  /** What is logged: `off`, `error`, `warn` (default), `info` (retries), `debug` (every attempt). Else `DRIFTSTACK_LOG`. */
  logLevel?: LogLevel;
  /** Where logs go. Default `console`. The API key is never logged. */
  logger?: Logger;
  /**
   * Allow the client in a web page. Off by default: a page ships its API key to
   * everyone who loads it. Turn it on only for a key scoped and meant to be public
   * (or a page that only you load, such as a local tool).
   */
  dangerouslyAllowBrowser?: boolean;
}

/** What `withOptions()` may change for the new client. `headers` are added to the client's own. */
export interface ClientOverrides {
  account?: string;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  logLevel?: LogLevel;
  logger?: Logger;
}

export type Health = ResponseBody<"/healthz", "get">;

/**
 * The Driftstack API client.
 *
 * ```ts
 * const ds = new Driftstack({ apiKey: process.env.DRIFTSTACK_API_KEY });
 * for await (const profile of ds.profiles.list({ limit: 50 })) console.log(profile.name);
 * ```
 */
export class Driftstack {
  readonly baseUrl: string;
  readonly profiles: Profiles;
  readonly snapshots: Snapshots;
  readonly sessions: Sessions;
  readonly account: AccountResource;
  readonly auditLog: AuditLog;
  readonly archetypes: Archetypes;
  readonly #client: APIClient;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions = {}) {
    if (!options.dangerouslyAllowBrowser) assertNotBrowser();
    this.#options = options;
    const apiKey = options.apiKey ?? env("DRIFTSTACK_API_KEY");
    if (!apiKey) {
      throw new DriftstackError(
        "No API key: pass `new Driftstack({ apiKey })` or set the DRIFTSTACK_API_KEY environment variable.",
      );
    }
    this.baseUrl = options.baseUrl ?? env("DRIFTSTACK_BASE_URL") ?? DEFAULT_BASE_URL;
    assertHttpUrl(this.baseUrl);
    const userFetch = options.fetch;
    const logger = options.logger ?? console;
    this.#client = new APIClient({
      baseUrl: this.baseUrl,
      headers: {
        // Browsers forbid setting User-Agent (and it would cost a CORS preflight): there the page's own is sent.
        ...(isBrowser() ? {} : { "User-Agent": `Driftstack/JS ${VERSION}` }),
        [RETRY_COUNT_HEADER]: "0",
        ...options.defaultHeaders,
        Authorization: `Bearer ${apiKey}`,
        ...(options.account ? { "X-Driftstack-Account": options.account } : {}),
      },
      fetch: () => userFetch ?? globalThis.fetch,
      maxRetries: nonNegative("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
      timeoutMs: nonNegative("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS),
      backoff: options.backoff ?? {},
      logger: new LevelLogger(resolveLogLevel(options.logLevel, env("DRIFTSTACK_LOG"), logger), logger),
    });
    this.profiles = new Profiles(this.#client);
    this.snapshots = new Snapshots(this.#client);
    this.sessions = new Sessions(this.#client);
    this.account = new AccountResource(this.#client);
    this.auditLog = new AuditLog(this.#client);
    this.archetypes = new Archetypes(this.#client);
  }

  /** `GET /healthz`: resolves while the server is up. */
  health(options?: RequestOptions): APIPromise<Health> {
    return this.#client.request(options, (init) => this.#client.api.GET("/healthz", init));
  }

  /**
   * A new client with some settings changed, e.g. one per team account:
   * `ds.withOptions({ account: "acct_…" })`. It shares this client's key, base
   * URL and `fetch`; this client is left as it was.
   */
  withOptions(overrides: ClientOverrides): Driftstack {
    const { headers, ...rest } = overrides;
    return new Driftstack({
      ...this.#options,
      ...rest,
      defaultHeaders: { ...this.#options.defaultHeaders, ...headers },
    });
  }
}

/** Reads the environment only where one exists: the SDK imports nothing Node-only. */
function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value?.trim() ? value.trim() : undefined;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new DriftstackError(`${name} must be a number >= 0, got ${value}.`);
  return value;
}

/** Caught here rather than on the first request: `localhost:8787` (no scheme) parses as a URL but cannot be fetched. */
function assertHttpUrl(url: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {}
  if (protocol !== "http:" && protocol !== "https:") {
    throw new DriftstackError(`baseUrl must be an http(s) URL such as ${DEFAULT_BASE_URL}, got "${url}".`);
  }
}

/**
 * Every API type by name, beside the client: `Driftstack.Profile`,
 * `Driftstack.ProfileCreateParams`, `Driftstack.Problem`, … Each is the
 * generated schema, so it cannot drift from the spec.
 */
export declare namespace Driftstack {
  export type Problem = Schemas["Problem"];
  export type Health = Schemas["Health"];
  export type Account = Schemas["Account"];
  export type Archetype = Schemas["Archetype"];
  export type ArchetypePage = Schemas["ArchetypePage"];
  export type ArchetypeListParams = QueryParams<"/v1/archetypes", "get">;
  export type Profile = Schemas["Profile"];
  export type ProfilePage = Schemas["ProfilePage"];
  export type ProfileCreateParams = Schemas["CreateProfileRequest"];
  export type ProfileUpdateParams = Schemas["UpdateProfileRequest"];
  export type ProfileCloneParams = Schemas["CloneProfileRequest"];
  export type ProfileListParams = QueryParams<"/v1/profiles", "get">;
  export type Snapshot = Schemas["Snapshot"];
  export type SnapshotPage = Schemas["SnapshotPage"];
  export type SnapshotCreateParams = Schemas["CaptureSnapshotRequest"];
  export type SnapshotRestoreParams = Schemas["RestoreSnapshotRequest"];
  export type RestoredProfile = Schemas["RestoredProfile"];
  export type ProfileState = Schemas["StateSummary"];
  export type StateCookieSummary = Schemas["StateCookieSummary"];
  export type PortableState = Schemas["PortableState"];
  export type SnapshotDiff = Schemas["StateDiff"];
  export type SnapshotDiffParams = QueryParams<"/v1/profile-snapshots/{id}/diff", "get">;
  export type SnapshotListParams = QueryParams<"/v1/profile-snapshots", "get">;
  export type ProfileSnapshotListParams = QueryParams<"/v1/profiles/{id}/snapshots", "get">;
  export type AuditEntry = Schemas["AuditEntry"];
  export type AuditEntryPage = Schemas["AuditEntryPage"];
  export type AuditLogListParams = QueryParams<"/v1/audit-log", "get">;
  export type Session = Schemas["Session"];
  export type SessionPage = Schemas["SessionPage"];
  export type SessionCreateParams = Schemas["CreateSessionRequest"];
  export type SessionListParams = QueryParams<"/v1/sessions", "get">;
  export type DestroyedSession = Schemas["DestroyedSession"];
  export type SessionCheckpoint = Schemas["Checkpoint"];
  export type SessionCheckpointParams = Schemas["CheckpointRequest"];
  export type SessionGotoParams = Schemas["GotoRequest"];
  export type SessionGotoResult = Schemas["GotoResult"];
  export type SessionEvaluateParams = Schemas["EvaluateRequest"];
  export type SessionEvaluateResult = Schemas["EvaluateResult"];
  export type Cookie = Schemas["Cookie"];
  export type CookiePage = Schemas["CookiePage"];
  export type CookieAddParams = Schemas["AddCookiesRequest"];
  export type { ClientOptions, ClientOverrides, Logger, LogLevel, RequestOptions };
}
