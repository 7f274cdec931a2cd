import { describe, expect, it } from "vitest";
import { createFakeDriver } from "../../src/driver/fake";
import { FAKE_STATE_FORMAT, PLAYWRIGHT_STATE_FORMAT } from "../../src/driver/state";
import { expectDriverError, IPHONE } from "./expect-driver-error";

const T = { timeoutMs: 1000 };

describe("fake driver", () => {
  const driver = createFakeDriver();
  const open = (state: { format: string; data: string } | null = null) => driver.open({ archetype: IPHONE, state });

  it("answers goto with status 200 and an empty title, refusing invalid URLs", async () => {
    const handle = await open();
    expect(await handle.goto("https://example.com", T)).toEqual({
      url: "https://example.com/",
      status: 200,
      title: "",
    });
    await expectDriverError(handle.goto("not a url", T), "navigation");
  });

  it("cannot evaluate, and screenshots a blank PNG", async () => {
    const handle = await open();
    const error = await expectDriverError(handle.evaluate("1 + 1", T), "unsupported");
    expect(error.message).toBe("the fake browser driver cannot run JavaScript");
    const png = await handle.screenshot();
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("normalises cookies the way Playwright does and carries them through exportState", async () => {
    const first = await open();
    await first.addCookies([
      { name: "by_url", value: "1", url: "https://shop.example/cart/view" },
      { name: "by_domain", value: "2", domain: "example.org", httpOnly: true, sameSite: "Strict" },
      { name: "gone", value: "3", domain: "example.org", expires: 1 },
    ]);
    await first.addCookies([{ name: "by_domain", value: "replaced", domain: "example.org" }]);
    const cookies = await first.cookies();
    expect(cookies).toEqual([
      {
        name: "by_url",
        value: "1",
        domain: "shop.example",
        path: "/cart/",
        expires: -1,
        httpOnly: false,
        secure: true,
        sameSite: "Lax",
      },
      {
        name: "by_domain",
        value: "replaced",
        domain: "example.org",
        path: "/",
        expires: -1,
        httpOnly: false,
        secure: false,
        sameSite: "Lax",
      },
    ]);
    const state = await first.exportState();
    expect(state.format).toBe(FAKE_STATE_FORMAT);
    expect(JSON.parse(state.data)).toEqual({ cookies, origins: [] });

    const second = await open(state);
    expect(await second.cookies()).toEqual(cookies);
    expect(await (await open()).cookies()).toEqual([]);
    await expect(first.addCookies([{ name: "x", value: "1" }])).rejects.toThrow(TypeError);
  });

  it("reads the cookies of a Playwright storage state", async () => {
    const cookie = {
      name: "sid",
      value: "v",
      domain: "example.com",
      path: "/",
      expires: -1,
      httpOnly: true,
      secure: true,
      sameSite: "None",
      partitionKey: "ignored",
    };
    const data = JSON.stringify({ cookies: [cookie], origins: [{ origin: "https://example.com", localStorage: [] }] });
    const handle = await open({ format: PLAYWRIGHT_STATE_FORMAT, data });
    const { partitionKey: _, ...expected } = cookie;
    expect(await handle.cookies()).toEqual([expected]);
    await expectDriverError(open({ format: "other;v=1", data }), "unsupported");
  });

  it("simulates a crash of one context or of the whole browser", async () => {
    const crashes: string[] = [];
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    a.onCrash(() => crashes.push("a"));
    b.onCrash(() => crashes.push("b"));
    c.onCrash(() => crashes.push("c"));
    a.crash();
    a.crash();
    await c.close();
    driver.crashAll();
    expect(crashes).toEqual(["a", "b"]);
    await expectDriverError(a.cookies(), "closed");
    await expectDriverError(b.exportState(), "closed");
    await expectDriverError(c.goto("https://example.com", T), "closed");
    await a.close();
    const d = await open();
    expect(await d.cookies()).toEqual([]);
  });

  it("closes every context when the driver closes, without a crash", async () => {
    const handle = await open();
    let crashed = false;
    handle.onCrash(() => {
      crashed = true;
    });
    await driver.close();
    await expectDriverError(handle.cookies(), "closed");
    expect(crashed).toBe(false);
  });
});
