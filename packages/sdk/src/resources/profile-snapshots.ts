import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams, RequestBody, ResponseBody } from "../core/types";

export type Snapshot = ResponseBody<"/v1/profile-snapshots/{id}", "get">;
export type SnapshotCreateParams = RequestBody<"/v1/profiles/{id}/snapshots", "post">;
export type ProfileSnapshotListParams = QueryParams<"/v1/profiles/{id}/snapshots", "get">;
export type ProfileSnapshotListItem = PageItem<"/v1/profiles/{id}/snapshots">;

/** `ds.profiles.snapshots`: capturing and listing one profile's snapshots. */
export class ProfileSnapshots {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  /** Freezes the profile's name, archetype, description and last persisted browser state. */
  create(profileId: string, body: SnapshotCreateParams, options?: RequestOptions): APIPromise<Snapshot> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/profiles/{id}/snapshots", { ...init, params: { path: { id: profileId } }, body }),
    );
  }

  /** Newest first. */
  list(
    profileId: string,
    query?: ProfileSnapshotListParams,
    options?: RequestOptions,
  ): PagePromise<ProfileSnapshotListItem> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/profiles/{id}/snapshots", { ...init, params: { path: { id: profileId }, query: q } }),
    );
  }
}
