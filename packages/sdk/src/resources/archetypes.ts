import type { APIClient } from "../core/api-client";
import type { PagePromise } from "../core/pagination";
import type { RequestOptions } from "../core/transport";
import type { PageItem, QueryParams } from "../core/types";

export type Archetype = PageItem<"/v1/archetypes">;
export type ArchetypeListParams = QueryParams<"/v1/archetypes", "get">;

/** The device + OS + Safari triples a profile can be pinned to. */
export class Archetypes {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  list(query?: ArchetypeListParams, options?: RequestOptions): PagePromise<Archetype> {
    return this.#client.list(query, options, (q, init) =>
      this.#client.api.GET("/v1/archetypes", { ...init, params: { query: q } }),
    );
  }
}
