import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RequestEvent, SessionEvent } from "../domain/telemetry";
import type { Database } from "../store/database";
import { countLiveSessions } from "../store/session-counts";

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's
 * global one), so two servers in one process never share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: "driftstack_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: "driftstack_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #starts = new Counter({
    name: "driftstack_session_starts_total",
    help: "Sessions whose browser context opened, by engine.",
    labelNames: ["engine"] as const,
    registers: [this.registry],
  });
  readonly #failures = new Counter({
    name: "driftstack_session_failures_total",
    help: "Sessions that ended failed, by engine and reason.",
    labelNames: ["engine", "reason"] as const,
    registers: [this.registry],
  });
  readonly #persistedBytes = new Counter({
    name: "driftstack_state_persisted_bytes_total",
    help: "Bytes of browser state saved by sessions ending, by engine.",
    labelNames: ["engine"] as const,
    registers: [this.registry],
  });
  readonly #writeWait = new Histogram({
    name: "driftstack_db_write_queue_wait_seconds",
    help: "Time a database write waited behind the writes queued ahead of it in this server.",
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor(db: Database) {
    new Gauge({
      name: "driftstack_sessions",
      help: "Sessions active or queued in the database (all servers sharing it), by status.",
      labelNames: ["status"] as const,
      registers: [this.registry],
      async collect() {
        const counts = await db.read((q) => countLiveSessions(q));
        this.set({ status: "active" }, counts.active);
        this.set({ status: "queued" }, counts.queued);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: "driftstack_" });
  }

  request(event: RequestEvent): void {
    const labels = { method: event.method, route: event.route, status: String(event.status) };
    this.#requests.inc(labels);
    this.#duration.observe(labels, event.durationMs / 1000);
  }

  session(event: SessionEvent): void {
    if (event.event === "session.active") this.#starts.inc({ engine: event.engine });
    else if (event.event === "session.persisted") this.#persistedBytes.inc({ engine: event.engine }, event.bytes);
    else if (event.event === "session.ended" && event.status === "failed") {
      this.#failures.inc({ engine: event.engine, reason: event.reason });
    }
  }

  writeWait(ms: number): void {
    this.#writeWait.observe(ms / 1000);
  }
}
