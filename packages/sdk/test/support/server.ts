import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type TestAccount, testApp } from "../../../server/test/support/harness";
import { type ClientOptions, Driftstack } from "../../src";

export type { TestAccount };

/** What the server's test harnesses (`testApp`, `sessionApp`) give. */
type Harness = Awaited<ReturnType<typeof testApp>>;

/**
 * The real Driftstack app on an in-memory database, and SDK clients wired to
 * it in process: `fetch` goes straight to `app.fetch`, through any wrapper the
 * test adds (to count requests, fail some, or look at headers).
 */
export async function setup<H extends Harness = Harness>(make: () => Promise<H> = () => testApp() as Promise<H>) {
  const harness = await make();
  const { app } = harness;
  const appFetch = (request: Request) => Promise.resolve(app.fetch(request));

  function client(who: TestAccount | string, options: ClientOptions = {}) {
    return new Driftstack({
      apiKey: typeof who === "string" ? who : who.key,
      baseUrl: "http://driftstack.test",
      fetch: appFetch,
      // Tests never wait for real backoff; Retry-After still applies where a test sends it.
      backoff: { initialDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
  }

  return { ...harness, appFetch, client };
}

export type Target = "in-process" | "http";

/**
 * `setup()` reached either in process or over real HTTP: one suite, run
 * against both, proves the SDK does not depend on how the app is reached.
 */
export async function setupTarget(target: Target) {
  const base = await setup();
  if (target === "in-process") return { ...base, close: async () => {} };
  const server = await listen(base.app);
  function client(who: TestAccount | string, options: ClientOptions = {}) {
    return base.client(who, { baseUrl: server.baseUrl, fetch: (request) => globalThis.fetch(request), ...options });
  }
  return { ...base, client, close: server.close };
}

/** The same app over real HTTP on a free port. `close()` stops it. */
export async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  return new Promise<{ baseUrl: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        baseUrl: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A fetch wrapper that records every request it passes on. */
export function recording(inner: (request: Request) => Promise<Response>) {
  const requests: Request[] = [];
  const fetch = (request: Request) => {
    requests.push(request.clone());
    return inner(request);
  };
  return { fetch, requests };
}
