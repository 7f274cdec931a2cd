import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, RequestBody, ResponseBody } from "../core/types";

export type Cookie = PageItem<"/v1/sessions/{id}/cookies">;
export type CookieAddParams = RequestBody<"/v1/sessions/{id}/cookies", "post">;
export type CookiePage = ResponseBody<"/v1/sessions/{id}/cookies", "post">;

/** `ds.sessions.cookies`: the cookies of a session's browser context, httpOnly ones included. */
export class SessionCookies {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  /** Every cookie of the context (the server answers them in one page). */
  list(sessionId: string, options?: RequestOptions): PagePromise<Cookie> {
    return this.#client.list({}, options, (_query, init) =>
      this.#client.api.GET("/v1/sessions/{id}/cookies", { ...init, params: { path: { id: sessionId } } }),
    );
  }

  /** Adds cookies (each with `url`, or `domain` and optionally `path`); answers every cookie the context then holds. */
  add(sessionId: string, body: CookieAddParams, options?: RequestOptions): APIPromise<CookiePage> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/sessions/{id}/cookies", { ...init, params: { path: { id: sessionId } }, body }),
    );
  }
}
