import type { Server } from "node:http";
import { createClient } from "@libsql/client";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { CHROMIUM_ARGS } from "../../src/driver/playwright";
import { availableEngines } from "../../src/driver/select";
import { listen } from "../../src/node/listen";
import { Metrics } from "../../src/node/metrics";
import { opsRoutes } from "../../src/node/ops-routes";
import { openDatabase } from "../../src/store/database";

/**
 * `/docs` in real Chromium, served over HTTP as `driftstack serve` serves it:
 * the reference renders the spec's operations, and the page asks nothing of
 * any origin but this server's (the renderer is pinned into the package).
 */
const chromiumInstall = availableEngines().find((i) => i.engine === "chromium" && i.backend === "playwright");
const required = process.env.DRIFTSTACK_REQUIRE_BROWSER === "1";
// The reference is a large script: parsing and rendering it takes seconds on a busy machine.
const RENDER_TIMEOUT_MS = 90_000;

if (!chromiumInstall && !required) {
  console.warn('skipping "/docs in Chromium": no Chromium found (run `apt-get install -y chromium`)');
}

describe.skipIf(!chromiumInstall && !required)("/docs in Chromium", () => {
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumInstall)
      throw new Error("DRIFTSTACK_REQUIRE_BROWSER=1 but no Chromium: run `apt-get install -y chromium`");
    const db = await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
    const app = createApp({ db, extraRoutes: opsRoutes({ metrics: new Metrics(db) }) });
    const listening = await listen(app.fetch, { port: 0, host: "127.0.0.1" });
    server = listening.server;
    base = `http://127.0.0.1:${listening.port}`;
    browser = await chromium.launch({ executablePath: chromiumInstall.executablePath, args: [...CHROMIUM_ARGS] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it(
    "renders the spec's operations and requests nothing from another origin",
    async () => {
      const page = await browser.newPage();
      const requested: string[] = [];
      // data: and blob: URLs are the page's own; every network request must stay on this server.
      const foreign = new Promise<never>((_, reject) => {
        page.on("request", (request) => {
          const url = request.url();
          requested.push(url);
          if (/^(https?|wss?):/.test(url) && new URL(url).origin !== base) {
            reject(new Error(`/docs requested ${url}, outside ${base}`));
          }
        });
      });
      // Handled here and raised by the race below: a rejection before the race must not count as unhandled.
      foreign.catch(() => undefined);
      await page.goto(`${base}/`);
      expect(page.url()).toBe(`${base}/docs`);
      const rendered = (async () => {
        for (const summary of [
          "Create a profile",
          "Restore a snapshot into a new profile",
          "Open a session on a profile",
        ]) {
          await page
            .getByText(summary, { exact: true })
            .first()
            .waitFor({ state: "attached", timeout: RENDER_TIMEOUT_MS });
        }
      })();
      rendered.catch(() => undefined);
      try {
        // Fails at the first request elsewhere, without waiting for a render that may never come offline.
        await Promise.race([rendered, foreign]);
        // Requests made as rendering finished still count.
        await Promise.race([foreign, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      } finally {
        await page.close();
      }
      expect(requested).toContain(`${base}/docs/scalar.js`);
      expect(requested).toContain(`${base}/openapi.json`);
    },
    RENDER_TIMEOUT_MS + 30_000,
  );
});
