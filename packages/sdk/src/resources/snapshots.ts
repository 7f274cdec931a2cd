import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams, RequestBody } from "../core/types";
import type { Snapshot } from "./profile-snapshots";
import type { Profile } from "./profiles";

export type SnapshotListParams = QueryParams<"/v1/profile-snapshots", "get">;
export type SnapshotListItem = PageItem<"/v1/profile-snapshots">;
export type SnapshotRestoreParams = RequestBody<"/v1/profile-snapshots/{id}/restore", "post">;

/** `ds.snapshots`: every snapshot of the account, including those whose profile was deleted. */
export class Snapshots {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  /** Newest first; `parent_profile_id` narrows to one profile. */
  list(query?: SnapshotListParams, options?: RequestOptions): PagePromise<SnapshotListItem> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/profile-snapshots", { ...init, params: { query: q } }),
    );
  }

  get(id: string, options?: RequestOptions): APIPromise<Snapshot> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profile-snapshots/{id}", { ...init, params: { path: { id } } }),
    );
  }

  /** A NEW profile with the snapshot's archetype, description and browser state; the parent is untouched. */
  restore(id: string, body: SnapshotRestoreParams = {}, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/profile-snapshots/{id}/restore", { ...init, params: { path: { id } }, body }),
    );
  }

  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.#client.request(
      options,
      (init) => this.#client.api.DELETE("/v1/profile-snapshots/{id}", { ...init, params: { path: { id } } }),
      () => undefined,
    );
  }
}
