import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, DriftstackError } from "./errors";
import type { LevelLogger } from "./logger";
import { type Backoff, retryDelayMs, shouldRetry, sleep } from "./retry";

export type Fetch = (request: Request) => Promise<Response>;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The optional last argument of every method. Each field overrides the client's setting for this call. */
export interface RequestOptions {
  /** Aborting it rejects the call with `APIUserAbortError`, also while waiting to retry. */
  signal?: AbortSignal;
  /** Per attempt, until the body is read. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Sent as `Idempotency-Key` on a POST or PUT; without it the SDK makes one per POST, reused by its retries. */
  idempotencyKey?: string;
  /** Act on this account (`X-Driftstack-Account`); the caller's account must be a member of it. */
  account?: string;
  headers?: Record<string, string>;
}

export interface TransportSettings {
  /** Resolved on every attempt, so a fetch installed later (MSW's `listen()`) is still used. */
  fetch: () => Fetch;
  timeoutMs: number;
  maxRetries: number;
  backoff: Backoff;
  logger: LevelLogger;
}

/** Sent on every attempt (the first carries 0 from the client's headers), so the server can tell retries apart. */
export const RETRY_COUNT_HEADER = "X-Driftstack-Retry-Count";

/**
 * One SDK call, handed to openapi-fetch as its `fetch`. Its attempts share the
 * idempotency key, the caller's signal and the retry budget; each attempt gets
 * its own timeout, which stays armed until `finish()` so that it also covers
 * reading the body of the answer that is returned.
 */
export class Call {
  readonly #settings: TransportSettings;
  readonly #options: RequestOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;
  /** The signal of the attempt armed last. */
  #signal: AbortSignal | undefined;
  #onUserAbort: (() => void) | undefined;
  /** Rejects the attempt in flight: how a timeout or the caller's abort ends it at once. */
  #abortAttempt: ((reason: unknown) => void) | undefined;
  readonly #raw: boolean;
  /** In raw mode, the successful answer, kept unread while openapi-fetch parses a bodiless stand-in. */
  unread: Response | undefined;

  constructor(settings: TransportSettings, options: RequestOptions = {}, raw = false) {
    this.#settings = settings;
    this.#options = options;
    this.#raw = raw;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const { signal } = this.#options;
    const maxRetries = this.#options.maxRetries ?? this.#settings.maxRetries;
    if (request.method === "POST" && !request.headers.has("idempotency-key")) {
      request.headers.set("Idempotency-Key", this.#options.idempotencyKey ?? newIdempotencyKey());
    } else if (request.method === "PUT" && this.#options.idempotencyKey !== undefined) {
      // A PUT replaces, so repeating it is safe without a key; one is sent only when the caller chose it.
      request.headers.set("Idempotency-Key", this.#options.idempotencyKey);
    }
    // Buffered once: a Request body is a stream and can be sent only once. A request
    // without a body goes out as built for its first attempt, which saves a copy per call.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
      const canRetry = retry < maxRetries;
      // The first attempt was armed before openapi-fetch built `request` with its signal.
      const reuse = retry === 0 && body === undefined && this.#signal !== undefined;
      const attemptSignal = reuse && this.#signal ? this.#signal : this.arm();
      const attempt = reuse ? request : this.#retryRequest(request, body, attemptSignal, retry);
      const { logger } = this.#settings;
      const debug = logger.enabled("debug");
      const started = debug ? performance.now() : 0;
      let response: Response;
      try {
        response = await this.#race(this.#settings.fetch()(attempt), attemptSignal);
      } catch (error) {
        const failure = this.translate(error);
        if (debug) logAttempt(logger, attempt, retry, started, undefined, failure);
        if (failure instanceof APIUserAbortError || !canRetry) throw failure;
        await this.#wait(attempt, retry, undefined, failure);
        continue;
      }
      if (debug) logAttempt(logger, attempt, retry, started, response, undefined);
      if (canRetry && (await shouldRetry(response))) {
        // Not awaited: cancelling a stream that was tee'd (`response.clone()`) settles only when every branch is.
        response.body?.cancel().catch(() => {});
        await this.#wait(attempt, retry, response, undefined);
        continue;
      }
      if (this.#raw && response.ok) {
        this.unread = response;
        return new Response(null, { status: 204 });
      }
      return response;
    }
  };

  /** A fresh Request (a body can be sent once); a retry says which it is (the first carries 0 already). */
  #retryRequest(request: Request, body: ArrayBuffer | undefined, signal: AbortSignal, retry: number): Request {
    // `headers: request.headers` as is: copying them through `new Headers()` first loses some under MSW's interceptor.
    const attempt = new Request(request.url, { method: request.method, headers: request.headers, body, signal });
    if (retry > 0) attempt.headers.set(RETRY_COUNT_HEADER, String(retry));
    return attempt;
  }

  /** Maps whatever an attempt or the body parsing threw onto the SDK's error classes. */
  translate(error: unknown): DriftstackError {
    if (error instanceof DriftstackError) return error;
    if (this.#options.signal?.aborted) return new APIUserAbortError({ cause: error });
    if (this.#timedOut) return new APIConnectionTimeoutError(this.#timeoutMs());
    return new APIConnectionError({ cause: error });
  }

  finish(): void {
    clearTimeout(this.#timer);
    // A caller may pass one signal to many calls: leave no listener of ours on it.
    if (this.#onUserAbort) this.#options.signal?.removeEventListener("abort", this.#onUserAbort);
    this.#onUserAbort = undefined;
  }

  #timeoutMs(): number {
    return this.#options.timeoutMs ?? this.#settings.timeoutMs;
  }

  /** A signal for one attempt: aborted by the caller's signal or by this attempt's timeout. */
  arm(): AbortSignal {
    this.finish();
    this.#timedOut = false;
    const controller = new AbortController();
    const timeoutMs = this.#timeoutMs();
    // Timers overflow past 2^31-1 ms and would fire at once: a longer timeout means none.
    if (timeoutMs <= MAX_TIMER_MS) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        const reason = new APIConnectionTimeoutError(timeoutMs);
        controller.abort(reason);
        this.#abortAttempt?.(reason);
      }, timeoutMs);
    }
    const { signal } = this.#options;
    if (signal) {
      this.#onUserAbort = () => {
        controller.abort(signal.reason);
        this.#abortAttempt?.(signal.reason);
      };
      signal.addEventListener("abort", this.#onUserAbort, { once: true });
    }
    this.#signal = controller.signal;
    return controller.signal;
  }

  /**
   * Settles as soon as the attempt is aborted, even when the fetch in use ignores
   * signals (an in-process `app.fetch`, some test doubles): a timeout must fire
   * whatever the transport. The abort path calls `#abortAttempt` directly rather
   * than listening on the signal, which is cheaper per call.
   */
  #race(pending: Promise<Response>, signal: AbortSignal): Promise<Response> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      this.#abortAttempt = reject;
      pending.then(resolve, reject);
    });
  }

  async #wait(request: Request, retry: number, response: Response | undefined, failure: unknown): Promise<void> {
    this.finish();
    const waitMs = retryDelayMs(retry, response, this.#settings.backoff);
    const { logger } = this.#settings;
    if (logger.enabled("info")) {
      const cause = response
        ? `status ${response.status}`
        : failure instanceof Error
          ? failure.message
          : String(failure);
      logger.log("info", `retrying ${request.method} ${pathOf(request)} in ${Math.round(waitMs)} ms after ${cause}`, {
        method: request.method,
        path: pathOf(request),
        retry: retry + 1,
        waitMs: Math.round(waitMs),
        cause,
      });
    }
    try {
      await sleep(waitMs, this.#options.signal);
    } catch (reason) {
      throw new APIUserAbortError({ cause: reason });
    }
  }
}

function pathOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/** One line per attempt at `debug`. Headers are never logged: they hold the API key. */
function logAttempt(
  logger: LevelLogger,
  request: Request,
  retry: number,
  started: number,
  response: Response | undefined,
  failure: DriftstackError | undefined,
): void {
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  const status = response?.status;
  const requestId = response?.headers.get("x-request-id") ?? undefined;
  const outcome = status ?? failure?.name;
  logger.log("debug", `${request.method} ${pathOf(request)} ${outcome} in ${durationMs} ms (retry ${retry})`, {
    method: request.method,
    path: pathOf(request),
    status,
    durationMs,
    retry,
    requestId,
    ...(failure ? { error: failure.message } : {}),
  });
}

function newIdempotencyKey(): string {
  const random =
    globalThis.crypto?.randomUUID?.() ??
    // Insecure browser contexts have no randomUUID; uniqueness, not secrecy, is what a key needs.
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
  return `dsk-idem-${random}`;
}
