import { Driftstack } from "@driftstack/sdk";
import type { Fetch, Recorder } from "../recorder";
import type { ClientOverrides } from "./types";

/**
 * Retries stay on (the suites check which answers are retried), but with a
 * short backoff, so a wrongly retried answer shows up in the exchange log
 * rather than as a slow test.
 */
const FAST_BACKOFF = { initialDelayMs: 5, maxDelayMs: 20 };

export function recordedClient(
  recorder: Recorder,
  apiKey: string,
  options: ClientOverrides | undefined,
  transport: { fetch: Fetch; baseUrl?: string },
): Driftstack {
  return new Driftstack({
    backoff: FAST_BACKOFF,
    ...options,
    apiKey,
    ...(transport.baseUrl ? { baseUrl: transport.baseUrl } : {}),
    fetch: recorder.wrap(transport.fetch),
  });
}
