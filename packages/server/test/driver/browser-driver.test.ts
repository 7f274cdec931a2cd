import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import { FAKE_STATE_FORMAT, PLAYWRIGHT_STATE_FORMAT } from "../../src/driver/state";
import { type BrowserContextHandle, DriverError } from "../../src/driver/types";
import { describeEngines, driverFor } from "./engines";
import { expectDriverError, IPHONE } from "./expect-driver-error";
import { closedPort, READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "./site";

// A WebKitGTK session is a whole browser starting: seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const T = { timeoutMs: 10_000 };

const ENGINE_PROBE = "(() => { try { null.x } catch (e) { return e.message } })()";

describeEngines("browser driver", (install: EngineInstall) => {
  let driver: RealDriver;
  let site: TestSite;
  const open = (state: { format: string; data: string } | null = null) => driver.open({ archetype: IPHONE, state });

  beforeAll(async () => {
    site = await startSite();
    driver = driverFor(install);
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  it("carries an httpOnly cookie, localStorage and IndexedDB into a new context through exportState", async () => {
    const first = await open();
    const home = await first.goto(`${site.url}/`, T);
    expect(home).toEqual({ url: `${site.url}/`, status: 200, title: "Driftstack test site" });
    expect(await first.evaluate("window.stored", T)).toBe(true);
    const state = await first.exportState();
    await first.close();
    expect(state.format).toBe(PLAYWRIGHT_STATE_FORMAT);
    expect(JSON.parse(state.data).origins[0].indexedDB).toHaveLength(1);

    const second = await open(state);
    const seen = await second.goto(`${site.url}/whoami`, T);
    expect(seen.title).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
    expect(await second.evaluate("document.cookie", T)).toBe("");
    expect(await second.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    expect(await second.cookies()).toEqual([
      {
        name: SESSION_COOKIE,
        value: "s3cret",
        domain: "127.0.0.1",
        path: "/",
        expires: -1,
        httpOnly: true,
        secure: false,
        sameSite: "Lax",
      },
    ]);
    await second.close();
  });

  it("shows the archetype's device to the page", async () => {
    const handle = await open();
    await handle.goto(`${site.url}/blank`, T);
    const device = await handle.evaluate(
      `({ ua: navigator.userAgent, screen: screen.width, dpr: devicePixelRatio, width: innerWidth,
          touch: "ontouchstart" in window || navigator.maxTouchPoints > 0, language: navigator.language })`,
      T,
    );
    expect(device).toEqual({
      ua: IPHONE.user_agent,
      screen: IPHONE.screen.width,
      dpr: 3,
      width: IPHONE.viewport.width,
      touch: true,
      language: "en-US",
    });
    // The engine itself, whatever the user agent says: JavaScriptCore and V8 word a TypeError differently.
    expect(await handle.evaluate(ENGINE_PROBE, T)).toBe(
      install.engine === "webkit"
        ? "null is not an object (evaluating 'null.x')"
        : "Cannot read properties of null (reading 'x')",
    );
    await handle.close();
  });

  it("keeps two open contexts apart", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await a.goto(`${site.url}/`, T);
    await a.evaluate("window.stored", T);
    const seen = await b.goto(`${site.url}/whoami`, T);
    expect(seen.title).toBe("cookie: none");
    expect(await b.evaluate(READ_STORAGE, T)).toEqual({ local: null, record: null });
    expect(await b.cookies()).toEqual([]);
    expect(await a.cookies()).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  describe("evaluate", () => {
    let page: BrowserContextHandle;
    beforeAll(async () => {
      page = await open();
      await page.goto(`${site.url}/blank`, T);
    });
    afterAll(() => page.close());

    it("awaits promises and returns JSON data", async () => {
      expect(await page.evaluate("new Promise((r) => setTimeout(() => r({ a: [1, 'two', null] }), 20))", T)).toEqual({
        a: [1, "two", null],
      });
      expect(await page.evaluate("document.title", T)).toBe("blank");
      expect(await page.evaluate("localStorage.setItem('k', 'v')", T)).toBeNull();
      expect(await page.evaluate("[1, undefined]", T)).toEqual([1, null]);
      expect(await page.evaluate("({ a: 1, b: undefined })", T)).toEqual({ a: 1 });
      expect(await page.evaluate("new Date(0)", T)).toBe("1970-01-01T00:00:00.000Z");
      expect(await page.evaluate("const x = 2; x * 21", T)).toBe(42);
    });

    it.each([
      ["() => 1", "a function"],
      ["document.body", "a HTMLBodyElement"],
      ["Symbol('s')", "a symbol"],
      ["10n", "a bigint"],
      ["(() => { const a = {}; a.self = a; return a; })()", "the result.self is a cyclic reference"],
      ["new Map([[1, 2]])", "a Map"],
      ["({ n: NaN })", "the result.n is NaN"],
      ["[1, window]", "the result[1] is a Window"],
    ])("refuses %s as not JSON data", async (expression, message) => {
      const error = await expectDriverError(page.evaluate(expression, T), "not_serializable");
      expect(error.message).toContain(message);
    });

    it("reports exceptions thrown in the page", async () => {
      const error = await expectDriverError(page.evaluate("throw new Error('boom')", T), "evaluation");
      expect(error.message).toBe("Error: boom");
      await expectDriverError(page.evaluate("Promise.reject(new TypeError('late'))", T), "evaluation");
      await expectDriverError(page.evaluate("no_such_variable.x", T), "evaluation");
    });

    it("refuses a result over 1 MiB of JSON in the page, naming the limit and the size", async () => {
      expect(await page.evaluate("'x'.repeat(1024 * 1024 - 2)", T)).toHaveLength(1024 * 1024 - 2);
      const over = await expectDriverError(page.evaluate("'x'.repeat(1024 * 1024 - 1)", T), "evaluation");
      expect(over.message).toBe("the result is at least 1048577 bytes of JSON, more than the 1048576-byte limit");
      // Three bytes a character in UTF-8: over the limit although shorter than it.
      const wide = await expectDriverError(page.evaluate("'€'.repeat(400000)", T), "evaluation");
      expect(wide.message).toBe("the result is 1200002 bytes of JSON, more than the 1048576-byte limit");
      // Refused as soon as the walk has counted past the limit: neither copied nor stringified.
      const started = Date.now();
      const huge = await expectDriverError(page.evaluate("'x'.repeat(200 * 1024 * 1024)", T), "evaluation");
      expect(huge.message).toMatch(
        /^the result is at least 209715202 bytes of JSON, more than the 1048576-byte limit$/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      const many = await expectDriverError(page.evaluate("Array.from({ length: 3e6 }, () => 0)", T), "evaluation");
      expect(many.message).toMatch(/^the result is at least \d+ bytes of JSON, more than the 1048576-byte limit$/);
    });

    it("gives up at the timeout", async () => {
      const error = await expectDriverError(page.evaluate("new Promise(() => {})", { timeoutMs: 200 }), "evaluation");
      expect(error.message).toBe("evaluation took longer than 200 ms");
      expect(await page.evaluate("1 + 1", T)).toBe(2);
    });

    it("stops a busy script at the timeout", async () => {
      if (install.backend === "webkitgtk") {
        // WebKitGTK cannot stop a script and keep the page: the browser is ended, as in a crash.
        const busy = await open();
        let crashes = 0;
        busy.onCrash(() => crashes++);
        const started = Date.now();
        await expectDriverError(busy.evaluate("while (true) {}", { timeoutMs: 500 }), "evaluation");
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(crashes).toBe(1);
        await expectDriverError(busy.evaluate("1", T), "closed");
        expect(await page.evaluate("'others unaffected'", T)).toBe("others unaffected");
      } else if (install.engine === "chromium") {
        await expectDriverError(page.evaluate("while (true) {}", { timeoutMs: 300 }), "evaluation");
        expect(await page.evaluate("'still here'", T)).toBe("still here");
      } else {
        console.warn("not checked on Playwright's WebKit: it has no call that stops a running script");
      }
    });
  });

  it("reports navigation failures", async () => {
    const handle = await open();
    const refused = await expectDriverError(handle.goto(`http://127.0.0.1:${await closedPort()}/`, T), "navigation");
    expect(refused.message).toMatch(/^net::ERR_CONNECTION_REFUSED|Could not connect/);
    expect(refused.message).not.toContain("\n");
    const slow = await expectDriverError(handle.goto(`${site.url}/hang`, { timeoutMs: 300 }), "navigation");
    expect(slow.message).toBe(`loading ${site.url}/hang took longer than 300 ms`);
    expect((await handle.goto(`${site.url}/nowhere`, T)).status).toBe(404);
    await handle.close();
  });

  it("loads the next page right after a refused or unresolvable address", async () => {
    const handle = await open();
    await handle.goto(`${site.url}/blank`, T);
    for (const bad of [`http://127.0.0.1:${await closedPort()}/`, "http://driftstack-nowhere.invalid/"]) {
      await expectDriverError(handle.goto(bad, T), "navigation");
      // Chromium used to answer "interrupted by another navigation to chrome-error://…" here.
      expect(await handle.goto(`${site.url}/blank`, T)).toEqual({
        url: `${site.url}/blank`,
        status: 200,
        title: "blank",
      });
    }
    await handle.close();
  });

  it("takes a PNG screenshot of the viewport at the device's scale", async () => {
    const handle = await open();
    await handle.goto(`${site.url}/blank`, T);
    const png = await handle.screenshot();
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([IPHONE.viewport.width * 3, IPHONE.viewport.height * 3]);
    await handle.close();
  });

  it("adds cookies by url or by domain, as the fake driver normalises them", async () => {
    const handle = await open();
    const expires = Math.floor(Date.now() / 1000) + 3600;
    await handle.addCookies([
      { name: "by_url", value: "1", url: "https://shop.example/cart/view" },
      { name: "by_domain", value: "2", domain: "example.org", expires, httpOnly: true, sameSite: "Strict" },
    ]);
    const cookies = await handle.cookies();
    expect(cookies.find((c) => c.name === "by_url")).toEqual({
      name: "by_url",
      value: "1",
      domain: "shop.example",
      path: "/cart/",
      expires: -1,
      httpOnly: false,
      secure: true,
      sameSite: "Lax",
    });
    expect(cookies.find((c) => c.name === "by_domain")).toMatchObject({
      domain: "example.org",
      path: "/",
      httpOnly: true,
      sameSite: "Strict",
    });
    expect(Math.round(cookies.find((c) => c.name === "by_domain")?.expires ?? 0)).toBe(expires);
    await expect(handle.addCookies([{ name: "x", value: "1" }])).rejects.toThrow(TypeError);
    await handle.close();
  });

  it("opens states written by the fake driver and refuses unknown formats", async () => {
    const cookie = { name: "f", value: "1", domain: "127.0.0.1", path: "/", expires: -1, httpOnly: false };
    const fake = {
      format: FAKE_STATE_FORMAT,
      data: JSON.stringify({ cookies: [{ ...cookie, secure: false, sameSite: "Lax" }], origins: [] }),
    };
    const handle = await open(fake);
    expect((await handle.goto(`${site.url}/whoami`, T)).title).toBe("cookie: f=1");
    await handle.close();
    await expectDriverError(open({ format: "other;v=1", data: "{}" }), "unsupported");
    await expectDriverError(open({ format: PLAYWRIGHT_STATE_FORMAT, data: "not json" }), "unsupported");
  });

  it("closes a context twice without complaint, and refuses calls after", async () => {
    const handle = await open();
    let crashes = 0;
    handle.onCrash(() => crashes++);
    await handle.close();
    await handle.close();
    await expectDriverError(handle.goto(`${site.url}/blank`, T), "closed");
    await expectDriverError(handle.exportState(), "closed");
    expect(crashes).toBe(0);
    expect(new DriverError("closed", "x").name).toBe("DriverError");
  });
});
