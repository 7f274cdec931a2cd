import type { RequestEvent, SessionEvent, Telemetry } from "../domain/telemetry";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";

/**
 * The server's telemetry: each event counted in the metrics and written as
 * one log line. Field names are snake_case, like the API's. A line is built
 * only when its level is on, so `silent` costs the metrics alone.
 */
export function nodeTelemetry(log: Logger, metrics: Metrics): Telemetry {
  return {
    request(event: RequestEvent) {
      metrics.request(event);
      if (event.error) {
        log.error({ ...requestFields(event), err: event.error }, "request failed");
      } else if (log.isLevelEnabled("info")) {
        log.info(requestFields(event), "request");
      }
    },
    session(event: SessionEvent) {
      metrics.session(event);
      const level = event.event === "session.ended" && event.status === "failed" ? "warn" : "info";
      if (!log.isLevelEnabled(level)) return;
      const { event: name, sessionId, ...rest } = event;
      log[level]({ event: name, session_id: sessionId, ...snakeCase(rest) }, name);
    },
    writeWait(ms: number) {
      metrics.writeWait(ms);
    },
  };
}

function requestFields(event: RequestEvent) {
  return {
    request_id: event.requestId,
    method: event.method,
    route: event.route,
    status: event.status,
    duration_ms: Math.round(event.durationMs * 100) / 100,
    account_id: event.accountId ?? null,
    // Only when present: most callers are not the SDK, and their lines stay as they were.
    ...(event.sdk ? { sdk: event.sdk } : {}),
  };
}

function snakeCase(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}
