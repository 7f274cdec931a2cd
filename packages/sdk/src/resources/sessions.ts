import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams, RequestBody, ResponseBody } from "../core/types";
import { SessionCookies } from "./session-cookies";

export type Session = ResponseBody<"/v1/sessions/{id}", "get">;
export type SessionCreateParams = RequestBody<"/v1/sessions", "post">;
export type SessionListParams = QueryParams<"/v1/sessions", "get">;
export type SessionListItem = PageItem<"/v1/sessions">;
export type SessionGotoParams = RequestBody<"/v1/sessions/{id}/goto", "post">;
export type SessionGotoResult = ResponseBody<"/v1/sessions/{id}/goto", "post">;
export type SessionEvaluateParams = RequestBody<"/v1/sessions/{id}/evaluate", "post">;
export type SessionEvaluateResult = ResponseBody<"/v1/sessions/{id}/evaluate", "post">;
export type DestroyedSession = ResponseBody<"/v1/sessions/{id}", "delete">;
export type SessionCheckpointParams = RequestBody<"/v1/sessions/{id}/checkpoint", "post">;
export type SessionCheckpoint = ResponseBody<"/v1/sessions/{id}/checkpoint", "post">;

/** What the server waits by default for `goto` and `evaluate` (their `timeout_ms`). */
const BROWSER_ACTION_DEFAULT_MS = 30_000;
/** Headroom over a browser action's own timeout, so the server's answer arrives before ours fires. */
const BROWSER_ACTION_HEADROOM_MS = 10_000;

/** `ds.sessions`: a real browser running as a profile, its state persisted back when it ends. */
export class Sessions {
  readonly cookies: SessionCookies;
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
    this.cookies = new SessionCookies(client);
  }

  /** Opens a session; `status` is `queued` while another writer holds the profile. */
  create(body: SessionCreateParams, options?: RequestOptions): APIPromise<Session> {
    return this.#client.request(options, (init) => this.#client.api.POST("/v1/sessions", { ...init, body }));
  }

  get(id: string, options?: RequestOptions): APIPromise<Session> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/sessions/{id}", { ...init, params: { path: { id } } }),
    );
  }

  /** Newest first. Filters: `profile_id`, `status`. */
  list(query?: SessionListParams, options?: RequestOptions): PagePromise<SessionListItem> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/sessions", { ...init, params: { query: q } }),
    );
  }

  /** Loads an http(s) URL and waits for its load event. */
  goto(id: string, body: SessionGotoParams, options?: RequestOptions): APIPromise<SessionGotoResult> {
    return this.#client.request(this.#outlast(body.timeout_ms, options), (init) =>
      this.#client.api.POST("/v1/sessions/{id}/goto", { ...init, params: { path: { id } }, body }),
    );
  }

  /** Evaluates an expression in the page (a promise is awaited); the result must be JSON data. */
  evaluate(id: string, body: SessionEvaluateParams, options?: RequestOptions): APIPromise<SessionEvaluateResult> {
    return this.#client.request(this.#outlast(body.timeout_ms, options), (init) =>
      this.#client.api.POST("/v1/sessions/{id}/evaluate", { ...init, params: { path: { id } }, body }),
    );
  }

  /** A PNG of the page's viewport. */
  screenshot(id: string, options?: RequestOptions): APIPromise<Uint8Array> {
    return this.#client.request(
      options,
      (init) =>
        this.#client.api.GET("/v1/sessions/{id}/screenshot", {
          ...init,
          params: { path: { id } },
          parseAs: "arrayBuffer",
          headers: { ...init.headers, Accept: "image/png" },
        }),
      (png) => new Uint8Array(png),
    );
  }

  /** Ends the session; resolves once its state is persisted back to the profile. */
  destroy(id: string, options?: RequestOptions): APIPromise<DestroyedSession> {
    return this.#client.request(options, (init) =>
      this.#client.api.DELETE("/v1/sessions/{id}", { ...init, params: { path: { id } } }),
    );
  }

  /** Saves the live session's state to its profile without ending it; `snapshot: {label}` also captures it. */
  checkpoint(id: string, body: SessionCheckpointParams = {}, options?: RequestOptions): APIPromise<SessionCheckpoint> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/sessions/{id}/checkpoint", { ...init, params: { path: { id } }, body }),
    );
  }

  /**
   * A browser action may legitimately take up to its own `timeout_ms` (at most
   * 120 s): unless the caller chose a timeout, wait at least that long plus headroom.
   */
  #outlast(actionMs: number | undefined, options: RequestOptions | undefined): RequestOptions {
    if (options?.timeoutMs !== undefined) return options;
    const floor = (actionMs ?? BROWSER_ACTION_DEFAULT_MS) + BROWSER_ACTION_HEADROOM_MS;
    return { ...options, timeoutMs: Math.max(floor, this.#client.timeoutMs) };
  }
}
