import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPlaywrightDriver } from "../../src/driver/playwright";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { BrowserContextHandle } from "../../src/driver/types";
import { describeEngines, driverFor, itOnEngine } from "./engines";
import { expectDriverError, IPHONE } from "./expect-driver-error";
import { startSite, type TestSite } from "./site";

// A WebKitGTK session is a whole browser starting: seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const T = { timeoutMs: 10_000 };

function crashed(handle: BrowserContextHandle): { fired: Promise<void>; count: () => number } {
  let count = 0;
  const fired = new Promise<void>((resolve) =>
    handle.onCrash(() => {
      count++;
      resolve();
    }),
  );
  return { fired, count: () => count };
}

describeEngines("Playwright driver crashes", (install: EngineInstall) => {
  let site: TestSite;
  let driver: RealDriver;
  const open = () => driver.open({ archetype: IPHONE, state: null });

  beforeAll(async () => {
    site = await startSite();
  });
  beforeEach(async () => {
    await driver?.close();
    driver = driverFor(install);
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  it("fires onCrash once when the browser dies, and the next open launches a new one", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const crashA = crashed(a);
    const crashB = crashed(b);
    await driver.killBrowser();
    await Promise.all([crashA.fired, crashB.fired]);
    const error = await expectDriverError(a.goto(`${site.url}/blank`, T), "closed");
    expect(error.message).toMatch(/browser (disconnected|may have died|exited)/);
    await a.close();

    const fresh = await open();
    expect((await fresh.goto(`${site.url}/blank`, T)).title).toBe("blank");
    expect([crashA.count(), crashB.count()]).toEqual([1, 1]);
    let late = 0;
    b.onCrash(() => late++);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(late).toBe(1);
  });

  itOnEngine(
    install,
    "chromium",
    "only Chromium has a URL that crashes its page (chrome://crash)",
  )("fires onCrash when the page crashes", async () => {
    const handle = await open();
    const crash = crashed(handle);
    await handle.goto("chrome://crash", T).catch(() => {});
    await crash.fired;
    await expectDriverError(handle.evaluate("1", T), "closed");
    const other = await open();
    expect(await other.evaluate("1 + 1", T)).toBe(2);
  });

  it("does not fire onCrash when the driver closes, and opens again afterwards", async () => {
    const handle = await open();
    const crash = crashed(handle);
    await driver.close();
    await expectDriverError(handle.evaluate("1", T), "closed");
    const again = await open();
    expect(await again.evaluate("'again'", T)).toBe("again");
    expect(crash.count()).toBe(0);
  });

  it("opens racing for the first launch share one browser (one kill crashes them all)", async () => {
    const handles = await Promise.all([open(), open(), open()]);
    const crashes = handles.map(crashed);
    await driver.killBrowser();
    await Promise.all(crashes.map((c) => c.fired));
    expect(crashes.map((c) => c.count())).toEqual([1, 1, 1]);
    for (const handle of handles) await expectDriverError(handle.evaluate("1", T), "closed");
  });
});

describe("Playwright driver without a browser", () => {
  it("answers unavailable when the executable is missing, every time", async () => {
    const driver = createPlaywrightDriver({ engine: "chromium", executablePath: "/nonexistent/chromium" });
    for (let i = 0; i < 2; i++) {
      const error = await expectDriverError(driver.open({ archetype: IPHONE, state: null }), "unavailable");
      expect(error.message).toContain("/nonexistent/chromium");
      expect(error.message).not.toContain("\n");
    }
    await driver.close();
  });
});
