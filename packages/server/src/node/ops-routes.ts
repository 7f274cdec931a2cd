import { createHash, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { ProblemError } from "../domain/problem";
import { docsScriptPath } from "./docs-script";
import type { Metrics } from "./metrics";

/**
 * The Node server's routes beside the API: `/` → `/docs`, the API reference
 * page (Scalar, rendering this server's `/openapi.json`; its "try it" calls
 * this same origin with the bearer key typed into the page), and `/metrics`
 * (Prometheus text, behind `metricsToken` when one is set).
 */
export function opsRoutes(options: { metrics: Metrics; metricsToken?: string }): Hono<AppEnv> {
  let script: Promise<string> | undefined;
  const routes = new Hono<AppEnv>();
  routes.get("/", (c) => c.redirect("/docs", 302));
  routes.get(
    "/docs",
    Scalar((c) => ({
      url: "/openapi.json",
      // "Try it" calls the server that served the page, whatever host and port it answers on.
      servers: [{ url: new URL(c.req.url).origin, description: "This server" }],
      cdn: "/docs/scalar.js",
      pageTitle: "Driftstack API reference",
      // No fonts from Scalar's CDN, no telemetry, no hosted proxy: nothing leaves this server.
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      // The "Ask AI" agent loads Scalar's hosted registry through proxy.scalar.com: off, like the hosted tools.
      agent: { disabled: true },
      showDeveloperTools: "never",
      // Every operation listed at once, so the page reads as a whole reference (and search finds it all).
      defaultOpenAllTags: true,
      baseServerURL: "",
      authentication: { preferredSecurityScheme: "bearerAuth" },
    })),
  );
  routes.get("/docs/scalar.js", async (c) => {
    // Scalar's browser bundle, served by this server: the page works offline and never calls a CDN.
    script ??= readFile(docsScriptPath(), "utf8");
    return c.body(await script, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    });
  });
  routes.get("/metrics", async (c) => {
    if (options.metricsToken && !sameSecret(c.req.header("authorization"), `Bearer ${options.metricsToken}`)) {
      throw new ProblemError(
        "Unauthorized",
        "Send the metrics token (DRIFTSTACK_METRICS_TOKEN) as `Authorization: Bearer …`.",
        {
          headers: { "WWW-Authenticate": 'Bearer realm="driftstack-metrics"' },
        },
      );
    }
    const { registry } = options.metrics;
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });
  return routes;
}

/** Compares digests, so the time taken says nothing about how much of the token matched. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
