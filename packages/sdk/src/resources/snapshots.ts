import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams, RequestBody, ResponseBody } from "../core/types";
import type { Snapshot } from "./profile-snapshots";
import type { ProfileState } from "./profiles";

export type SnapshotListParams = QueryParams<"/v1/profile-snapshots", "get">;
export type SnapshotListItem = PageItem<"/v1/profile-snapshots">;
export type SnapshotRestoreParams = RequestBody<"/v1/profile-snapshots/{id}/restore", "post">;
export type RestoredProfile = ResponseBody<"/v1/profile-snapshots/{id}/restore", "post">;
export type SnapshotDiffParams = QueryParams<"/v1/profile-snapshots/{id}/diff", "get">;
export type SnapshotDiff = ResponseBody<"/v1/profile-snapshots/{id}/diff", "get">;

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
  restore(id: string, body: SnapshotRestoreParams = {}, options?: RequestOptions): APIPromise<RestoredProfile> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/profile-snapshots/{id}/restore", { ...init, params: { path: { id } }, body }),
    );
  }

  /** What the snapshot froze, per origin, without any value. */
  state(id: string, options?: RequestOptions): APIPromise<ProfileState> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profile-snapshots/{id}/state", { ...init, params: { path: { id } } }),
    );
  }

  /** What changed from the snapshot to `against` (a profile or snapshot id; default the parent profile). */
  diff(id: string, query: SnapshotDiffParams = {}, options?: RequestOptions): APIPromise<SnapshotDiff> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profile-snapshots/{id}/diff", { ...init, params: { path: { id }, query } }),
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
