import type { APIClient } from "../core/api-client";
import type { APIPromise } from "../core/api-promise";
import type { RequestOptions } from "../core/transport";
import type { ResponseBody } from "../core/types";

export type Account = ResponseBody<"/v1/account/me", "get">;

export class AccountResource {
  readonly #client: APIClient;

  constructor(client: APIClient) {
    this.#client = client;
  }

  /** The account acted on (the key's own, or `account`'s), its tier and cap, and the caller's role and scope. */
  me(options?: RequestOptions): APIPromise<Account> {
    return this.#client.request(options, (init) => this.#client.api.GET("/v1/account/me", init));
  }
}
