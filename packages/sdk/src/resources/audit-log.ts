import type { APIClient } from "../core/api-client";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams } from "../core/types";

export type AuditEntry = PageItem<"/v1/audit-log">;
export type AuditLogListParams = QueryParams<"/v1/audit-log", "get">;

/** `ds.auditLog`: every change to the account, newest first. */
export class AuditLog {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  /** Filters: `action`, `target_id`. */
  list(query?: AuditLogListParams, options?: RequestOptions): PagePromise<AuditEntry> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/audit-log", { ...init, params: { query: q } }),
    );
  }
}
