import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { NativeState, StoredState } from "../../src/driver/types";
import { describeEngines, driverFor } from "./engines";
import { IPHONE } from "./expect-driver-error";
import { READ_SERVICE_WORKER, READ_STORAGE, startSite, type TestSite } from "./site";

/**
 * The engine-native layer on a real browser: a service worker and its Cache
 * Storage survive from one context to the next through the archive, with the
 * site stopped; nothing of it reaches another context or another engine tag.
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const T = { timeoutMs: 20_000 };

describeEngines("the engine-native layer", (install: EngineInstall) => {
  let driver: RealDriver;
  let saved: { state: StoredState; native: NativeState };
  let origin: string;

  beforeAll(async () => {
    driver = driverFor(install);
    const site: TestSite = await startSite();
    origin = site.url;
    try {
      const first = await driver.open({ archetype: IPHONE, state: null });
      expect(first.restored).toBe("none");
      expect((await first.goto(`${origin}/`, T)).title).toBe("Driftstack test site");
      expect(await first.evaluate("window.stored", T)).toBe(true);
      await first.goto(`${origin}/sw`, T);
      expect(await first.evaluate("window.registered", T)).toBe(true);
      const state = await first.exportState();
      const native = await first.exportNative();
      await first.close();
      if (!native) throw new Error("a local browser keeps a native layer");
      saved = { state, native };
    } finally {
      await site.close();
    }
  });

  afterAll(async () => {
    await driver?.close();
  });

  it("is tagged with the engine and backend", () => {
    expect(saved.native.engine).toBe(`${install.engine}/${install.backend}`);
    expect(driver.nativeEngine).toBe(saved.native.engine);
  });

  it("brings the service worker and its cache back, answering with the site stopped", async () => {
    const next = await driver.open({ archetype: IPHONE, state: saved.state, native: saved.native });
    try {
      expect(next.restored).toBe("full");
      expect((await next.goto(`${origin}/offline`, T)).title).toBe("from the service worker");
      expect(await next.evaluate(READ_SERVICE_WORKER, T)).toEqual({
        registrations: 1,
        caches: ["driftstack-offline"],
      });
      expect(await next.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    } finally {
      await next.close();
    }
  });

  it("is ignored from another engine tag: the portable layer alone is restored", async () => {
    const other = { engine: "other/backend", data: saved.native.data };
    const next = await driver.open({ archetype: IPHONE, state: saved.state, native: other });
    try {
      expect(next.restored).toBe("portable");
      await expect(next.goto(`${origin}/offline`, T)).rejects.toThrow();
    } finally {
      await next.close();
    }
  });

  it("never reaches a context of another profile, even one open at the same time", async () => {
    const restored = await driver.open({ archetype: IPHONE, state: saved.state, native: saved.native });
    const stranger = await driver.open({ archetype: IPHONE, state: null });
    try {
      await restored.goto(`${origin}/offline`, T);
      expect(stranger.restored).toBe("none");
      // The site is stopped: only a service worker of this context could answer.
      await expect(stranger.goto(`${origin}/offline`, T)).rejects.toThrow();
    } finally {
      await Promise.all([restored.close(), stranger.close()]);
    }
  });
});
