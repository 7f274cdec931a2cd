import { Writable } from "node:stream";
import { createRoute } from "@hono/zod-openapi";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createLogger } from "../../src/node/logger";
import { Metrics } from "../../src/node/metrics";
import { opsRoutes } from "../../src/node/ops-routes";
import { nodeTelemetry } from "../../src/node/telemetry";
import { createAccount } from "../../src/operator";
import { openDatabase } from "../../src/store/database";

/** The Node server's app with its telemetry, logging into an array of parsed lines. */
async function observedApp(options: { level?: "debug" | "info" | "warn" | "silent"; metricsToken?: string } = {}) {
  const db = await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const { log } = createLogger({ level: options.level ?? "info", destination });
  const metrics = new Metrics(db);
  const telemetry = nodeTelemetry(log, metrics);
  const extraRoutes = opsRoutes({ metrics, metricsToken: options.metricsToken });
  const app = createApp({ db, telemetry, extraRoutes });
  const { account, apiKey } = await createAccount(db, { name: "ops", tier: "api_builder", profileCap: null });
  return { app, lines, raw, account, secret: apiKey.secret };
}

describe("request logs", () => {
  it("write one JSON line per request: request id, method, route pattern, status, duration, account; never the key or body", async () => {
    const { app, lines, raw, account, secret } = await observedApp();
    const headers = {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
      cookie: "sid=cookie-value",
    };
    const created = await app.request("/v1/profiles", {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "body-marker", description: "secret-body-text" }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const got = await app.request(`/v1/profiles/${id}`, { headers });
    const refused = await app.request("/v1/profiles", { headers: { authorization: "Bearer dsk_wrong" } });
    const unknown = await app.request(`/nowhere/${id}`);
    expect(unknown.status).toBe(404);

    const requests = lines.filter((l) => l.msg === "request");
    expect(requests).toHaveLength(4);
    expect(requests[0]).toMatchObject({
      request_id: created.headers.get("x-request-id"),
      method: "POST",
      route: "/v1/profiles",
      status: 200,
      account_id: account.id,
      level: 30,
    });
    expect(requests[0]?.duration_ms).toEqual(expect.any(Number));
    expect(requests[1]).toMatchObject({
      request_id: got.headers.get("x-request-id"),
      method: "GET",
      route: "/v1/profiles/:id",
      status: 200,
    });
    expect(requests[2]).toMatchObject({
      request_id: refused.headers.get("x-request-id"),
      status: 401,
      account_id: null,
    });
    expect(requests[3]).toMatchObject({ route: "(unmatched)", status: 404 });
    const all = raw.join("");
    for (const secretText of [secret, "dsk_wrong", "cookie-value", "secret-body-text", "body-marker", id]) {
      expect(all).not.toContain(secretText);
    }
  });

  it("name the Driftstack SDK's version from its User-Agent, and nothing for any other agent", async () => {
    const { app, lines, raw } = await observedApp();
    const long = `Driftstack/JS 1.2.3-${"x".repeat(5000)}`;
    const agents = [
      "Driftstack/JS 0.1.0",
      "Driftstack/JS 2.10.3-beta.1 node/20.11.0",
      "curl/8.5.0",
      "Driftstack/JS <script>",
      "driftstack/js 0.1.0",
      long,
    ];
    for (const agent of agents) {
      const res = await app.request("/healthz", { headers: { "user-agent": agent } });
      expect(res.status).toBe(200);
    }
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests.map((l) => l.sdk)).toEqual([
      "js/0.1.0",
      "js/2.10.3-beta.1",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    for (const line of requests.slice(2)) expect(Object.keys(line)).not.toContain("sdk");
    const all = raw.join("");
    for (const echoed of ["curl", "<script>", "xxxxxxxxxx"]) expect(all).not.toContain(echoed);
  });

  it("log a 500's stack with its request id", async () => {
    const { app, lines } = await observedApp();
    app.openapi(createRoute({ method: "get", path: "/boom", responses: { 200: { description: "never" } } }), () => {
      throw new Error("kaboom in handler");
    });
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const line = lines.find((l) => l.msg === "request failed");
    expect(line).toMatchObject({ level: 50, status: 500, request_id: res.headers.get("x-request-id") });
    expect((line?.err as { stack?: string } | undefined)?.stack).toMatch(/kaboom in handler\n\s+at /);
    expect(await res.text()).not.toContain("kaboom");
  });

  it("stay quiet at warn and silent", async () => {
    for (const level of ["warn", "silent"] as const) {
      const { app, lines } = await observedApp({ level });
      await app.request("/healthz");
      expect(lines).toEqual([]);
    }
  });
});

describe("/metrics", () => {
  it("scrapes request counts and durations by route pattern and status, and the session gauges", async () => {
    const { app, secret } = await observedApp();
    const headers = { authorization: `Bearer ${secret}` };
    await app.request("/v1/profiles/prof_missing", { headers });
    await app.request("/v1/profiles/prof_missing2", { headers });
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('driftstack_http_requests_total{method="GET",route="/v1/profiles/:id",status="404"} 2');
    expect(text).toMatch(
      /driftstack_http_request_duration_seconds_count\{method="GET",route="\/v1\/profiles\/:id",status="404"\} 2/,
    );
    expect(text).toContain('driftstack_sessions{status="active"} 0');
    expect(text).toContain('driftstack_sessions{status="queued"} 0');
    for (const name of [
      "driftstack_session_starts_total",
      "driftstack_session_failures_total",
      "driftstack_state_persisted_bytes_total",
      "driftstack_db_write_queue_wait_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect(text).not.toContain("prof_missing");
  });

  it("answers 401 problem+json without DRIFTSTACK_METRICS_TOKEN's value, 200 with it", async () => {
    const { app } = await observedApp({ metricsToken: "metrics-token-1" });
    const without = await app.request("/metrics");
    expect(without.status).toBe(401);
    expect(without.headers.get("content-type")).toBe("application/problem+json");
    expect((await app.request("/metrics", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const ok = await app.request("/metrics", { headers: { authorization: "Bearer metrics-token-1" } });
    expect(ok.status).toBe(200);
  });
});

describe("/ and /docs", () => {
  it("redirect / to /docs, a page that loads the renderer from this server only", async () => {
    const { app } = await observedApp();
    const root = await app.request("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/docs");
    const page = await app.request("http://127.0.0.1:9/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/docs/scalar.js"');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:9)[a-z]/i);
    const script = await app.request("/docs/scalar.js");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
