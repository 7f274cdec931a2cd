import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { AppDeps, AppEnv } from "./context";
import { type Clock, systemClock } from "./domain/clock";
import type { Telemetry } from "./domain/telemetry";
import type { BrowserDriver } from "./driver/types";
import { authenticate } from "./http/auth";
import { limitBody } from "./http/body-limit";
import { onError, onNotFound } from "./http/errors";
import { idempotency } from "./http/idempotency";
import { emptyJsonBody } from "./http/json-body";
import { KeyCache } from "./http/key-cache";
import { newRouter } from "./http/openapi";
import { describeApi } from "./http/openapi-document";
import { requestId } from "./http/request-id";
import { requestTelemetry } from "./http/request-telemetry";
import { textRule } from "./http/text-rule";
import { accountRouter } from "./routes/account";
import { archetypesRouter } from "./routes/archetypes";
import { auditLogRouter } from "./routes/audit-log";
import { healthRouter } from "./routes/health";
import { profileStateRouter } from "./routes/profile-state";
import { profilesRouter } from "./routes/profiles";
import { sessionCheckpointRouter } from "./routes/session-checkpoint";
import { sessionCookiesRouter } from "./routes/session-cookies";
import { sessionsRouter } from "./routes/sessions";
import { snapshotStateRouter } from "./routes/snapshot-state";
import { profileSnapshotsRouter, snapshotsRouter } from "./routes/snapshots";
import { SessionService } from "./sessions/service";
import type { Database } from "./store/database";

export { BODY_LIMIT_BYTES } from "./http/body-limit";

const KEY_CACHE_TTL_MS = 5000;

export interface AppOptions {
  db: Database;
  clock?: Clock;
  /** The browser engine sessions run on; null or absent: session routes answer 503 BrowserUnavailable. */
  driver?: BrowserDriver | null;
  /** A session service built by the caller (the Node server, to shut it down on SIGTERM); else one is made from `driver`. */
  sessions?: SessionService;
  /** Where each request's event goes (the Node server's logs and metrics); absent: nowhere, and 500s go to the console. */
  telemetry?: Telemetry;
  /** Routes outside the API (the Node server's /docs and /metrics), served behind the same request ids and telemetry. */
  extraRoutes?: Hono<AppEnv>;
}

/** Every route of the API, without dependencies: the app serves it, `pnpm generate` describes it. */
export function apiRoutes(): OpenAPIHono<AppEnv> {
  const api = newRouter();
  api.route("/", healthRouter);
  api.use("/v1/*", authenticate);
  api.use("/v1/*", textRule);
  api.use("/v1/*", idempotency);
  api.route("/v1/account", accountRouter);
  api.route("/v1/archetypes", archetypesRouter);
  api.route("/v1/profiles", profilesRouter);
  api.route("/v1/profiles", profileSnapshotsRouter);
  api.route("/v1/profile-snapshots", snapshotsRouter);
  api.route("/v1/profiles", profileStateRouter);
  api.route("/v1/profile-snapshots", snapshotStateRouter);
  api.route("/v1/audit-log", auditLogRouter);
  api.route("/v1/sessions", sessionsRouter);
  api.route("/v1/sessions", sessionCookiesRouter);
  api.route("/v1/sessions", sessionCheckpointRouter);
  return api;
}

/**
 * Builds the Driftstack API as a fetch handler. It imports nothing Node-only:
 * the Node server and the MSW mock both serve this same app.
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const clock = options.clock ?? systemClock;
  const sessions = options.sessions ?? new SessionService({ db: options.db, driver: options.driver ?? null, clock });
  const keys = new KeyCache(clock, KEY_CACHE_TTL_MS, 1000);
  const deps: AppDeps = {
    db: options.db,
    clock,
    sessions,
    keys,
    revocations: options.db.revocations,
    telemetry: options.telemetry,
  };
  const app = newRouter();
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("*", requestId);
  const reportRequest = options.telemetry?.request;
  if (reportRequest) app.use("*", requestTelemetry(reportRequest.bind(options.telemetry)));
  app.use("*", limitBody);
  app.use("*", emptyJsonBody);
  app.onError(onError);
  app.notFound(onNotFound);
  const api = apiRoutes();
  let document: ReturnType<typeof describeApi> | undefined;
  app.get("/openapi.json", (c) => {
    document ??= describeApi(apiRoutes());
    return c.json(document);
  });
  if (options.extraRoutes) app.route("/", options.extraRoutes);
  app.route("/", api);
  return app;
}
