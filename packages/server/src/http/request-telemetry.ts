import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../context";
import { ProblemError } from "../domain/problem";
import type { RequestEvent } from "../domain/telemetry";
import { sdkFromUserAgent } from "./sdk-agent";

/** What an unknown path is logged and counted as: raw paths would leak ids and grow the metric labels without bound. */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * Reports every request once it has its answer: the route's pattern, status,
 * duration, the account acted on, the Driftstack SDK's version when the
 * `User-Agent` names one, and for a 500 what was thrown. No other header and
 * no body is read here, so no secret can reach a log line.
 */
export function requestTelemetry(report: (event: RequestEvent) => void): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const thrown = c.error;
    report({
      requestId: c.get("requestId"),
      method: c.req.method,
      route: routePattern(c.req.method, matchedRoutes(c)),
      status,
      durationMs: performance.now() - started,
      accountId: c.get("caller")?.account.id,
      sdk: sdkFromUserAgent(c.req.header("user-agent")),
      error: status >= 500 && thrown && !(thrown instanceof ProblemError) ? thrown : undefined,
    });
  });
}

/** The endpoint that matched: middleware is registered for every method (`ALL`), endpoints for theirs. */
export function routePattern(method: string, routes: { method: string; path: string }[]): string {
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route && (route.method === method || (method === "HEAD" && route.method === "GET"))) return route.path;
  }
  return UNMATCHED_ROUTE;
}
