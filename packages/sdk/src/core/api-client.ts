import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi";
import { APIPromise, requestIdOf, tagRequestId, type WithRequestId, type WithResponse } from "./api-promise";
import { APIError, DriftstackError } from "./errors";
import { type PageBody, PagePromise, type PageQuery } from "./pagination";
import { Call, type RequestOptions, type TransportSettings } from "./transport";

/** What openapi-fetch resolves to: the typed body on success, the parsed error body otherwise. */
interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Per-call init merged into an openapi-fetch call: its fetch runs this call's retries. */
export type CallInit = {
  fetch: (request: Request) => Promise<Response>;
  headers: Record<string, string>;
  /** The first attempt's signal, so the request openapi-fetch builds can be sent as it is. */
  signal: AbortSignal;
};

export interface APIClientSettings extends TransportSettings {
  baseUrl: string;
  headers: Record<string, string>;
}

/**
 * The layer between resources and openapi-fetch: every resource method is one
 * typed openapi-fetch call passed through `request()`, which turns error
 * answers and transport failures into `DriftstackError`s.
 */
export class APIClient {
  /** The typed openapi-fetch client for the generated `paths`. */
  readonly api: Client<paths>;
  /** The client-wide per-attempt timeout. */
  readonly timeoutMs: number;
  readonly #settings: APIClientSettings;

  constructor(settings: APIClientSettings) {
    this.#settings = settings;
    this.timeoutMs = settings.timeoutMs;
    this.api = createClient<paths>({ baseUrl: settings.baseUrl, headers: settings.headers });
  }

  /**
   * One call. `map` shapes the parsed body into the method's result (a `Uint8Array`,
   * nothing for a delete); in raw mode (`asResponse()`) the body is left unread.
   */
  request<Body, T = Body>(
    options: RequestOptions | undefined,
    send: (init: CallInit) => Promise<Result<Body>>,
    map?: (body: Body) => T,
  ): APIPromise<T> {
    return new APIPromise<T>((raw) => this.#call(options, send, map, raw));
  }

  async #call<Body, T>(
    options: RequestOptions | undefined,
    send: (init: CallInit) => Promise<Result<Body>>,
    map: ((body: Body) => T) | undefined,
    raw: boolean,
  ): Promise<WithResponse<T>> {
    const call = new Call(this.#settings, options, raw);
    try {
      const { data, error, response } = await send({
        fetch: call.fetch,
        headers: callHeaders(options),
        signal: call.arm(),
      });
      if (!response.ok) throw APIError.generate(response.status, error, response.headers);
      // In raw mode openapi-fetch saw a stand-in: the real answer is the call's, unread.
      if (raw) return { data: undefined as WithRequestId<T>, response: call.unread ?? response, requestId: undefined };
      // Tagged here rather than in a `.then()` of the promise: one promise hop less per call.
      const requestId = requestIdOf(response);
      const result = map ? map(data as Body) : (data as unknown as T);
      return { data: tagRequestId(result, requestId), response, requestId };
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new DriftstackError(`The API answered with a body that is not valid JSON: ${error.message}`, {
          cause: error,
        });
      }
      throw call.translate(error);
    } finally {
      call.finish();
    }
  }

  /** A paginated list: each page is one `request()` with the same options and the next cursor. */
  list<Item, Query extends PageQuery>(
    query: Query | undefined,
    options: RequestOptions | undefined,
    send: (query: Query, init: CallInit) => Promise<Result<PageBody<Item>>>,
  ): PagePromise<Item> {
    return new PagePromise<Item>(query ?? {}, (page) => this.request(options, (init) => send(page as Query, init)));
  }
}

/** Shared by every call without per-call headers; openapi-fetch only reads it. */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function callHeaders(options: RequestOptions | undefined): Record<string, string> {
  if (!options?.headers && !options?.account) return NO_HEADERS;
  const headers: Record<string, string> = { ...options?.headers };
  if (options?.account) headers["X-Driftstack-Account"] = options.account;
  return headers;
}
