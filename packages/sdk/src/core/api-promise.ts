import { DriftstackError } from "./errors";

/** A result with the id of the request that produced it, to quote to support. */
export type WithRequestId<T> = T extends object ? T & { readonly _requestId?: string } : T;

/** What `.withResponse()` gives: the parsed result, the `Response` it came from, and its `X-Request-Id`. */
export interface WithResponse<T> {
  data: WithRequestId<T>;
  /** Its body has been read into `data`. */
  response: Response;
  requestId: string | undefined;
}

/**
 * One call, sent in the mode its promise was asked for: parsed (its result
 * already tagged with the request id), or with the successful response left
 * unread (`data` then means nothing).
 */
export type Send<T> = (raw: boolean) => Promise<WithResponse<T>>;

export function requestIdOf(response: Response): string | undefined {
  return response.headers.get("x-request-id") ?? undefined;
}

/** Non-enumerable, so spreading, `JSON.stringify` and deep equality see only the wire fields. */
export function tagRequestId<T>(data: T, requestId: string | undefined): WithRequestId<T> {
  if (requestId !== undefined && typeof data === "object" && data !== null) {
    Object.defineProperty(data, "_requestId", { value: requestId, enumerable: false, configurable: true });
  }
  return data as WithRequestId<T>;
}

/**
 * What every non-list method returns: await it for the result, or call
 * `.withResponse()` / `.asResponse()` on it for the HTTP answer.
 *
 * The request starts on the next microtask rather than at once, so that
 * `.asResponse()` called on the returned promise can still ask for the body to
 * be left unread; a promise nobody touches still sends its request.
 */
export class APIPromise<T> implements PromiseLike<WithRequestId<T>> {
  readonly #send: Send<T>;
  #raw = false;
  #parsed: Promise<WithResponse<T>> | undefined;
  #unread: Promise<Response> | undefined;

  constructor(send: Send<T>) {
    this.#send = send;
    queueMicrotask(() => {
      if (!this.#raw) void this.#start().catch(() => {});
    });
  }

  #start(): Promise<WithResponse<T>> {
    this.#parsed ??= this.#send(false);
    return this.#parsed;
  }

  /** The result with its `Response` and request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#start();
  }

  /**
   * The successful `Response` with its body unread (error answers still throw
   * their `APIError`). Call it on the method's promise directly: once the
   * result is being parsed, the body is gone.
   */
  asResponse(): Promise<Response> {
    if (this.#parsed) {
      return Promise.reject(
        new DriftstackError("asResponse() must be called on the call's promise before it is awaited or used."),
      );
    }
    this.#raw = true;
    this.#unread ??= this.#send(true).then(({ response }) => response);
    return this.#unread;
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is the point of an APIPromise.
  then<R1 = WithRequestId<T>, R2 = never>(
    onFulfilled?: ((value: WithRequestId<T>) => R1 | PromiseLike<R1>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: the same signature as Promise#then, so `.catch((e) => e)` code keeps compiling.
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // One hop, not two: the SDK's per-call cost is measured against a bare fetch.
    const unwrap = onFulfilled
      ? (result: WithResponse<T>) => onFulfilled(result.data)
      : (result: WithResponse<T>) => result.data as unknown as R1;
    return this.#start().then(unwrap, onRejected);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as Promise#catch.
  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<WithRequestId<T> | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<WithRequestId<T>> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }
}
