import { type BrowserServer, chromium, webkit } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM_ARGS, createPlaywrightDriver, type PlaywrightDriver } from "../../src/driver/playwright";
import type { EngineInstall } from "../../src/driver/select";
import { describeEngines, REMOTE_NEEDS_PLAYWRIGHT } from "./engines";
import { expectDriverError, IPHONE } from "./expect-driver-error";
import { READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "./site";

const T = { timeoutMs: 10_000 };

describeEngines(
  "Playwright driver on a remote browser server",
  (install: EngineInstall) => {
    const type = install.engine === "webkit" ? webkit : chromium;
    let site: TestSite;
    let server: BrowserServer;
    let driver: PlaywrightDriver;
    const open = (state: { format: string; data: string } | null = null) => driver.open({ archetype: IPHONE, state });

    const launch = (port = 0) =>
      type.launchServer({
        executablePath: install.executablePath,
        args: install.engine === "chromium" ? [...CHROMIUM_ARGS] : [],
        port,
        wsPath: "/driftstack-test",
      });

    beforeAll(async () => {
      site = await startSite();
      server = await launch();
      driver = createPlaywrightDriver({ engine: install.engine, wsEndpoint: server.wsEndpoint() });
    });
    afterAll(async () => {
      await driver?.close();
      await server?.close();
      await site?.close();
    });

    it("round-trips a state through the remote browser", async () => {
      const first = await open();
      await first.goto(`${site.url}/`, T);
      await first.evaluate("window.stored", T);
      const state = await first.exportState();
      await first.close();
      const second = await open(state);
      expect((await second.goto(`${site.url}/whoami`, T)).title).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
      expect(await second.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
      await second.close();
    });

    it("crashes its contexts when the server goes away, and reconnects when it is back", async () => {
      const handle = await open();
      const crashed = new Promise<void>((resolve) => handle.onCrash(resolve));
      const port = Number(new URL(server.wsEndpoint()).port);
      await server.close();
      await crashed;
      await expectDriverError(open(), "unavailable");

      server = await launch(port);
      const back = await open();
      expect(await back.evaluate("'back'", T)).toBe("back");
      await back.close();
    });

    it("closing the driver leaves the remote browser running", async () => {
      await (await open()).close();
      await driver.close();
      const other = await type.connect(server.wsEndpoint());
      const page = await (await other.newContext()).newPage();
      expect(await page.evaluate("'still running'")).toBe("still running");
      await other.close();
    });
  },
  REMOTE_NEEDS_PLAYWRIGHT,
);
