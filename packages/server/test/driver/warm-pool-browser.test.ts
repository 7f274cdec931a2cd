import { readdirSync } from "node:fs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { runDir } from "../../src/driver/run-dir";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { BrowserContextHandle } from "../../src/driver/types";
import { liveDescendants } from "../support/browser-processes";
import { describeEngines, driverFor } from "./engines";
import { IPHONE } from "./expect-driver-error";
import { READ_SERVICE_WORKER, READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "./site";

/**
 * The warm pool on real browsers: a pooled browser starts clean whatever the
 * session before it did, is handed out once, is replaced after use, and goes
 * with the driver, leaving no process and no data directory behind.
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const T = { timeoutMs: 20_000 };

function withPool(install: EngineInstall, size: number): RealDriver {
  return driverFor(install, { ...process.env, DRIFTSTACK_WARM_SESSIONS: String(size) });
}

/** This process's session data directories (each server process keeps its own, `driver/run-dir.ts`). */
const dataDirs = () => readdirSync(runDir()).filter((name) => name.startsWith("data-"));

/** Leaves a service worker, its Cache Storage, an httpOnly cookie, localStorage and IndexedDB in `handle`. */
async function storeEverything(handle: BrowserContextHandle, site: TestSite): Promise<void> {
  await handle.goto(`${site.url}/`, T);
  expect(await handle.evaluate("window.stored", T)).toBe(true);
  await handle.goto(`${site.url}/sw`, T);
  expect(await handle.evaluate("window.registered", T)).toBe(true);
  await handle.addCookies([{ name: "added", value: "1", url: `${site.url}/` }]);
  expect(await handle.evaluate(READ_SERVICE_WORKER, T)).toEqual({ registrations: 1, caches: ["driftstack-offline"] });
}

describeEngines("the warm pool", (install: EngineInstall) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startSite();
  });

  afterAll(async () => {
    await site?.close();
  });

  it("hands out a browser that starts clean after another profile's session stored everything", async () => {
    const before = new Set(dataDirs());
    const driver = withPool(install, 1);
    try {
      const first = await driver.open({ archetype: IPHONE, state: null });
      await storeEverything(first, site);
      // The earlier user keeps its browser open while the next one starts: nothing may be shared.
      await driver.warmPool.settled();
      expect(driver.warmPool.stats().ready).toEqual({ [IPHONE.id]: 1 });
      const next = await driver.open({ archetype: IPHONE, state: null });
      expect(driver.warmPool.stats().handedOut).toBe(1);
      expect(next.restored).toBe("none");
      expect(await next.cookies()).toEqual([]);
      expect((await next.goto(`${site.url}/whoami`, T)).title).toBe("cookie: none");
      expect(await next.evaluate(READ_SERVICE_WORKER, T)).toEqual({ registrations: 0, caches: [] });
      expect(await next.evaluate(READ_STORAGE, T)).toEqual({ local: null, record: null });
      await first.close();
      await next.close();
    } finally {
      await driver.close();
    }
    // Every browser of the driver, warm or used, is gone with it, and so are their directories.
    await expect.poll(liveDescendants, { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => dataDirs().filter((d) => !before.has(d)), { timeout: 10_000 }).toEqual([]);
  });

  it("applies a stored state to a warm browser as a cold one gets it", async () => {
    const driver = withPool(install, 1);
    const coldDriver = withPool(install, 0);
    try {
      const source = await driver.open({ archetype: IPHONE, state: null });
      await storeEverything(source, site);
      const state = await source.exportState();
      await source.close();
      await driver.warmPool.settled();
      const warm = await driver.open({ archetype: IPHONE, state });
      expect(driver.warmPool.stats().handedOut).toBe(1);
      expect(warm.restored).toBe("portable");
      // Before the page goes anywhere: the same state back, on the same blank page with no history.
      const cold = await coldDriver.open({ archetype: IPHONE, state });
      const [warmNow, coldNow] = await Promise.all([warm, cold].map((h) => h.exportState()));
      expect(JSON.parse(warmNow?.data ?? "")).toEqual(JSON.parse(coldNow?.data ?? ""));
      expect(JSON.parse(warmNow?.data ?? "").origins).toHaveLength(1);
      const page = "({ url: location.href, history: history.length })";
      expect(await warm.evaluate(page, T)).toEqual(await cold.evaluate(page, T));
      await cold.close();
      expect((await warm.goto(`${site.url}/whoami`, T)).title).toBe(`cookie: ${SESSION_COOKIE}=s3cret; added=1`);
      expect(await warm.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
      // The portable layer holds no service worker: a warm browser gets none, as a cold one would not.
      expect(await warm.evaluate(READ_SERVICE_WORKER, T)).toMatchObject({ registrations: 0 });
      await warm.close();
    } finally {
      await Promise.all([driver.close(), coldDriver.close()]);
    }
  });

  it("never hands the same browser to two sessions opened at once, and refills after use", async () => {
    const driver = withPool(install, 2);
    try {
      const seed = await driver.open({ archetype: IPHONE, state: null });
      await seed.close();
      await driver.warmPool.settled();
      expect(driver.warmPool.stats().ready).toEqual({ [IPHONE.id]: 2 });
      const opened = await Promise.all([1, 2, 3].map(() => driver.open({ archetype: IPHONE, state: null })));
      // Two came warm, the third launched its own: each is a browser of its own.
      expect(driver.warmPool.stats().handedOut).toBe(2);
      await Promise.all(
        opened.map((handle, i) => handle.addCookies([{ name: `mine${i}`, value: "1", url: `${site.url}/` }])),
      );
      for (const [i, handle] of opened.entries()) {
        expect((await handle.cookies()).map((c) => c.name)).toEqual([`mine${i}`]);
      }
      await Promise.all(opened.map((handle) => handle.close()));
      await driver.warmPool.settled();
      expect(driver.warmPool.stats()).toMatchObject({ ready: { [IPHONE.id]: 2 }, launching: 0 });
    } finally {
      await driver.close();
    }
  });

  it("launches nothing ahead with DRIFTSTACK_WARM_SESSIONS=0", async () => {
    const driver = withPool(install, 0);
    try {
      const handle = await driver.open({ archetype: IPHONE, state: null });
      await handle.close();
      expect(driver.warmPool.enabled).toBe(false);
      expect(driver.warmPool.stats()).toEqual({ ready: {}, launching: 0, handedOut: 0 });
    } finally {
      await driver.close();
    }
  });
});
