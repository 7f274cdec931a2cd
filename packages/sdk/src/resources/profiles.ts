import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams, RequestBody, ResponseBody } from "../core/types";
import { ProfileSnapshots } from "./profile-snapshots";

export type Profile = ResponseBody<"/v1/profiles/{id}", "get">;
export type ProfileCreateParams = RequestBody<"/v1/profiles", "post">;
export type ProfileUpdateParams = RequestBody<"/v1/profiles/{id}", "patch">;
export type ProfileCloneParams = RequestBody<"/v1/profiles/{id}/clone", "post">;
export type ProfileListParams = QueryParams<"/v1/profiles", "get">;
export type ProfileListItem = PageItem<"/v1/profiles">;
export type ProfileState = ResponseBody<"/v1/profiles/{id}/state", "get">;
export type PortableState = ResponseBody<"/v1/profiles/{id}/state/export", "get">;

/** Named, persistent browser identities pinned to a device archetype. */
export class Profiles {
  readonly snapshots: ProfileSnapshots;
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
    this.snapshots = new ProfileSnapshots(client);
  }

  create(body: ProfileCreateParams, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) => this.#client.api.POST("/v1/profiles", { ...init, body }));
  }

  /** Newest first. Filters: `name` (exact), `archetype`. */
  list(query?: ProfileListParams, options?: RequestOptions): PagePromise<ProfileListItem> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/profiles", { ...init, params: { query: q } }),
    );
  }

  get(id: string, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profiles/{id}", { ...init, params: { path: { id } } }),
    );
  }

  /** Rename or edit the description (`description: null` clears it). To change the archetype, `clone` instead. */
  update(id: string, body: ProfileUpdateParams, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) =>
      this.#client.api.PATCH("/v1/profiles/{id}", { ...init, params: { path: { id } }, body }),
    );
  }

  /** Deletes the profile and its browser state; its snapshots stay restorable. */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.#client.request(
      options,
      (init) => this.#client.api.DELETE("/v1/profiles/{id}", { ...init, params: { path: { id } } }),
      () => undefined,
    );
  }

  /** What the stored state holds per origin, without a browser and without any value. */
  state(id: string, options?: RequestOptions): APIPromise<ProfileState> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profiles/{id}/state", { ...init, params: { path: { id } } }),
    );
  }

  /** The whole state, values included, as a Playwright `storageState` document (admin keys only). */
  exportState(id: string, options?: RequestOptions): APIPromise<PortableState> {
    return this.#client.request(options, (init) =>
      this.#client.api.GET("/v1/profiles/{id}/state/export", { ...init, params: { path: { id } } }),
    );
  }

  /** Replaces the stored state with such a document; refused (409) while a writer session is active or queued. */
  importState(id: string, state: PortableState, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) =>
      this.#client.api.PUT("/v1/profiles/{id}/state", { ...init, params: { path: { id } }, body: state }),
    );
  }

  /** A new profile with the source's archetype (or `archetype`) and description, without its browser state. */
  clone(id: string, body: ProfileCloneParams = {}, options?: RequestOptions): APIPromise<Profile> {
    return this.#client.request(options, (init) =>
      this.#client.api.POST("/v1/profiles/{id}/clone", { ...init, params: { path: { id } }, body }),
    );
  }
}
