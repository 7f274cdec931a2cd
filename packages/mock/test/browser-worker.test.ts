import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "./browser/page";

const executable = process.env.DRIFTSTACK_BROWSER_EXECUTABLE || "/usr/bin/chromium";
const hasBrowser = existsSync(executable);
if (!hasBrowser && process.env.DRIFTSTACK_REQUIRE_BROWSER === "1") {
  throw new Error(`DRIFTSTACK_REQUIRE_BROWSER=1 but there is no Chromium at ${executable}.`);
}

const require = createRequire(import.meta.url);
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
};

/** The page, its service worker and SQLite's WebAssembly, as an app would ship them. */
async function buildPage(dir: string): Promise<void> {
  await build({
    entryPoints: [join(import.meta.dirname, "browser", "page.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    outfile: join(dir, "page.js"),
    logLevel: "warning",
  });
  await copyFile(require.resolve("msw/mockServiceWorker.js"), join(dir, "mockServiceWorker.js"));
  const wasmClient = createRequire(fileURLToPath(import.meta.resolve("@libsql/client-wasm")));
  const sqlite = dirname(wasmClient.resolve("@libsql/libsql-wasm-experimental/package.json"));
  await copyFile(join(sqlite, "sqlite-wasm", "jswasm", "sqlite3.wasm"), join(dir, "sqlite3.wasm"));
  await writeFile(join(dir, "index.html"), '<!doctype html><script type="module" src="/page.js"></script>');
}

/** Requests that reached the site at `/probe`: none may, the page's fetch of it being unhandled. */
let probes = 0;

function serve(dir: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = req.url === "/" ? "/index.html" : (req.url ?? "").split("?")[0];
    if (path === "/probe") probes += 1;
    try {
      const body = await readFile(join(dir, path ?? ""));
      res.writeHead(200, { "content-type": CONTENT_TYPES[extname(path ?? "")] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const title = hasBrowser
  ? "msw/browser in Chromium"
  : `msw/browser in Chromium (skipped: no Chromium at ${executable})`;

describe.skipIf(!hasBrowser)(title, () => {
  let dir: string;
  let site: Server;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "driftstack-mock-page-"));
    await buildPage(dir);
    site = await serve(dir);
    browser = await chromium.launch({
      executablePath: executable,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves the app from a service worker on the wasm database, with faults and reset", {
    timeout: 60_000,
  }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const log: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => log.push(`${message.type()}: ${message.text()}`));
    // Service workers need a secure context: localhost is one.
    await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => "driftstackScenario" in window);
    const probeUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/probe`;
    const result = await page
      .evaluate((url) => (window as unknown as { driftstackScenario: Scenario }).driftstackScenario(url), probeUrl)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nPage console:\n${log.join("\n")}`);
      });
    expect(errors, log.join("\n")).toEqual([]);
    expect(result.me).toMatchObject({ status: 200, body: { tier: "trial_pack", profile_cap: 1, role: "owner" } });
    expect(result.created).toMatchObject({ status: 200, body: { name: "from-the-browser" } });
    expect(result.overCap).toMatchObject({
      status: 429,
      headers: { "content-type": "application/problem+json", "x-should-retry": "false" },
      body: { code: "TierLimit", limit: 1 },
    });
    expect(result.listed.body.data.map((p: { name: string }) => p.name)).toEqual(["from-the-browser"]);
    expect(result.forced).toMatchObject({
      status: 503,
      headers: { "retry-after": "0" },
      body: { code: "BrowserUnavailable" },
    });
    expect(result.networkFailed).toBe(true);
    expect(result.afterReset).toMatchObject({ status: 200, body: { data: [] } });
    expect(result.unmocked.status === 0 || result.unmocked.body.includes("[MSW]")).toBe(true);
    expect(probes).toBe(0);
  });
});
