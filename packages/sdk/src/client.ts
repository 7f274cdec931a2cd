import { APIClient } from "./core/api-client";
import { DriftstackError } from "./core/errors";
import type { Backoff } from "./core/retry";
import type { Fetch, RequestOptions } from "./core/transport";
import type { ResponseBody } from "./core/types";
import { AccountResource } from "./resources/account";
import { Archetypes } from "./resources/archetypes";
import { AuditLog } from "./resources/audit-log";
import { Profiles } from "./resources/profiles";
import { Sessions } from "./resources/sessions";
import { Snapshots } from "./resources/snapshots";

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

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env("DRIFTSTACK_API_KEY");
    if (!apiKey) {
      throw new DriftstackError(
        "No API key: pass `new Driftstack({ apiKey })` or set the DRIFTSTACK_API_KEY environment variable.",
      );
    }
    this.baseUrl = options.baseUrl ?? env("DRIFTSTACK_BASE_URL") ?? DEFAULT_BASE_URL;
    assertHttpUrl(this.baseUrl);
    const userFetch = options.fetch;
    this.#client = new APIClient({
      baseUrl: this.baseUrl,
      headers: {
        ...options.defaultHeaders,
        Authorization: `Bearer ${apiKey}`,
        ...(options.account ? { "X-Driftstack-Account": options.account } : {}),
      },
      fetch: () => userFetch ?? globalThis.fetch,
      maxRetries: nonNegative("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
      timeoutMs: nonNegative("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS),
      backoff: options.backoff ?? {},
    });
    this.profiles = new Profiles(this.#client);
    this.snapshots = new Snapshots(this.#client);
    this.sessions = new Sessions(this.#client);
    this.account = new AccountResource(this.#client);
    this.auditLog = new AuditLog(this.#client);
    this.archetypes = new Archetypes(this.#client);
  }

  /** `GET /healthz`: resolves while the server is up. */
  health(options?: RequestOptions): Promise<Health> {
    return this.#client.request(options, (init) => this.#client.api.GET("/healthz", init));
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
