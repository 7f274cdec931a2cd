/** How long to wait between attempts when the server does not say. */
export interface Backoff {
  /** The first retry waits about this long; each further one twice as long. Default 500. */
  initialDelayMs?: number;
  /** No computed wait is longer than this. Default 8000. */
  maxDelayMs?: number;
}

const DEFAULT_INITIAL_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 8000;
/** A `Retry-After` further out than this is not worth holding a caller for: fall back to backoff. */
const MAX_RETRY_AFTER_MS = 60_000;

/** These answers cannot change on a retry (or a retry could do harm): never retried, whatever the headers say. */
const NEVER_RETRIED = new Set([400, 401, 403, 404, 409, 410, 413, 415, 422]);

/**
 * Whether an error answer is worth another attempt: 408, 429 (except
 * `TierLimit`, which waiting does not fix) and 5xx. An explicit
 * `x-should-retry` from the server overrides the status, within `NEVER_RETRIED`.
 */
export async function shouldRetry(response: Response): Promise<boolean> {
  if (response.ok || NEVER_RETRIED.has(response.status)) return false;
  const hint = response.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  if (response.status === 429) return !(await isTierLimit(response));
  return response.status === 408 || response.status >= 500;
}

/** A TierLimit body without its `x-should-retry: false` (a proxy may drop headers) still must not be retried. */
async function isTierLimit(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return body?.code === "TierLimit";
  } catch {
    return false;
  }
}

/**
 * The wait before retry number `retry` (0 for the first): the server's
 * `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when it sends a
 * sane one, else exponential backoff with up to 25 % jitter so that many
 * clients failing together do not come back together.
 */
export function retryDelayMs(
  retry: number,
  response: Response | undefined,
  backoff: Backoff = {},
  now = Date.now(),
): number {
  const told = response ? retryAfterMs(response.headers, now) : undefined;
  if (told !== undefined && told >= 0 && told <= MAX_RETRY_AFTER_MS) return told;
  const initial = backoff.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = backoff.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const base = Math.min(initial * 2 ** retry, max);
  return base * (1 - Math.random() * 0.25);
}

function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
